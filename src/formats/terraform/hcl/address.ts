/** Parts of a resource address such as `module.net["a"].module.x[0].azurerm_subnet.app[1]`, instance keys dropped. */
export interface AddressParts {
  modules: string[];
  mode: 'managed' | 'data';
  type: string;
  name: string;
}

export function parseAddress(address: string): AddressParts | undefined {
  const segments = splitWithoutKeys(address);
  if (!segments) return undefined;
  const modules: string[] = [];
  let i = 0;
  while (segments[i] === 'module' && i + 1 < segments.length) {
    modules.push(segments[i + 1]!);
    i += 2;
  }
  const rest = segments.slice(i);
  if (rest.length === 3 && rest[0] === 'data') return { modules, mode: 'data', type: rest[1]!, name: rest[2]! };
  if (rest.length === 2) return { modules, mode: 'managed', type: rest[0]!, name: rest[1]! };
  return undefined;
}

/** Splits on dots outside brackets and drops `[...]` keys (which may hold quoted strings with dots or brackets). */
function splitWithoutKeys(address: string): string[] | undefined {
  const segments: string[] = [];
  let current = '';
  let i = 0;
  while (i < address.length) {
    const c = address[i]!;
    if (c === '[') {
      i = skipKey(address, i);
      if (i < 0) return undefined;
      continue;
    }
    if (c === '.') {
      segments.push(current);
      current = '';
    } else current += c;
    i++;
  }
  segments.push(current);
  return segments.every((s) => s !== '') ? segments : undefined;
}

function skipKey(address: string, open: number): number {
  let i = open + 1;
  let quoted = false;
  for (; i < address.length; i++) {
    const c = address[i];
    if (quoted && c === '\\') i++;
    else if (c === '"') quoted = !quoted;
    else if (!quoted && c === ']') return i + 1;
  }
  return -1;
}
