/**
 * Terraform addresses and reference traversals: `module.net["a"].azurerm_subnet.app[0]`,
 * `data.azurerm_subnet.x.id`, `var.subnet_id`, `module.net.subnet_id`. Used by the plan reader and by the
 * `.tf` reader's `locateInModule`.
 */

/** One `name[key]` step of a traversal; `key` keeps its source syntax (`[0]`, `["a"]`). */
export interface TraversalStep {
  name: string;
  key?: string;
}

/** Splits a traversal into steps, keeping bracketed keys (which may contain dots inside strings) intact. */
export function parseTraversal(text: string): TraversalStep[] | undefined {
  const steps: TraversalStep[] = [];
  let i = 0;
  while (i < text.length) {
    let name = '';
    while (i < text.length && text[i] !== '.' && text[i] !== '[') name += text[i++];
    let key: string | undefined;
    while (text[i] === '[') {
      const end = closingBracket(text, i);
      if (end < 0) return undefined;
      const part = text.slice(i, end + 1);
      // Only the first key belongs to the step; a second one (`a[0][1]`) indexes into an attribute value.
      key ??= part;
      i = end + 1;
    }
    if (name === '' && key === undefined) return undefined;
    steps.push(key === undefined ? { name } : { name, key });
    if (i < text.length) {
      if (text[i] !== '.') return undefined;
      i++;
    }
  }
  return steps;
}

function closingBracket(text: string, open: number): number {
  let inString = false;
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === ']') return i;
  }
  return -1;
}

export interface ModuleStep {
  name: string;
  key?: string;
}

/** A resource instance address, split into its module path and the resource itself. */
export interface ResourceAddress {
  modules: ModuleStep[];
  mode: 'managed' | 'data';
  type: string;
  name: string;
  key?: string;
}

export function parseResourceAddress(address: string): ResourceAddress | undefined {
  const steps = parseTraversal(address);
  if (!steps) return undefined;
  const modules: ModuleStep[] = [];
  let i = 0;
  while (i + 1 < steps.length && steps[i]!.name === 'module' && steps[i]!.key === undefined) {
    const call = steps[i + 1]!;
    modules.push(call.key === undefined ? { name: call.name } : { name: call.name, key: call.key });
    i += 2;
  }
  let mode: 'managed' | 'data' = 'managed';
  if (steps[i]?.name === 'data' && steps[i]!.key === undefined) {
    mode = 'data';
    i++;
  }
  const type = steps[i];
  const name = steps[i + 1];
  if (!type || !name || type.key !== undefined || i + 2 !== steps.length) return undefined;
  const parsed: ResourceAddress = { modules, mode, type: type.name, name: name.name };
  if (name.key !== undefined) parsed.key = name.key;
  return parsed;
}

export function modulePath(modules: readonly ModuleStep[], withKeys: boolean): string {
  return modules.map((m) => `module.${m.name}${withKeys && m.key !== undefined ? m.key : ''}`).join('.');
}

/** `module.a.module.b` + `azurerm_x.y` → `module.a.module.b.azurerm_x.y`. */
export function joinAddress(prefix: string, relative: string): string {
  return prefix === '' ? relative : `${prefix}.${relative}`;
}

/** The address of the resource block an instance belongs to: every instance key removed. */
export function configAddressOf(address: ResourceAddress): string {
  const local = `${address.mode === 'data' ? 'data.' : ''}${address.type}.${address.name}`;
  return joinAddress(modulePath(address.modules, false), local);
}

/** The module instance an instance lives in, keys kept (`module.a[0]`), `''` for the root. */
export function moduleInstanceOf(address: ResourceAddress): string {
  return modulePath(address.modules, true);
}
