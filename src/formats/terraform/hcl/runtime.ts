import type { SourceRef } from '../../../model/location';
import type { RawResource } from '../../../model/resource';
import { isObject, isUnknown, Unknown, type Value } from '../../../model/unknown';
import { attributeNamed, type Attribute, type Block } from './ast';
import { CLOUDINIT_DATA_TYPES, renderCloudInit } from './cloudinit';
import { type References, evaluateBody } from './body';
import { evaluate, type Environment, type Scope, type Step, sourceRef } from './evaluate';
import { expandInstances, type Instance } from './instances';
import type { ModuleFiles, ModuleLoader } from './loader';
import { locateInBlock } from './locate';
import type { TsParser } from './parser';
import { isLocalModuleSource, joinPath } from './paths';
import { renderTemplateText } from './template-file';
import { textFilesOf } from './text-files';
import { readVariableFiles, type VariableFileValues } from './tfvars';
import { convertToType, parseType } from './types';
import { EvalError } from './values';
import { OUTSIDE_ROOT } from '../../../io/confined-files';
import { Memo } from '../../lazy';
import { currentBudget } from '../../budget';

const MAX_MODULE_DEPTH = 8;

interface Declared<T> {
  node: T;
  file: string;
}

/** A value together with the resource addresses it was computed from. */
interface Traced {
  value: Value;
  refs: ReadonlySet<string>;
}

interface ResourceInstance {
  address: string;
  values: { [key: string]: Value };
  references: References;
  conditional?: Unknown;
  textFiles?: RawResource['textFiles'];
}

interface ModuleInstance {
  runtime: ModuleRuntime | undefined;
  /** Why outputs are unknown when there is no runtime (remote source, depth, cycle). */
  reason: string;
}

/** Shared by all modules of one run. */
export interface RunContext {
  loader: ModuleLoader;
  parser: TsParser;
  /** The root module folder; Terraform resolves relative file paths against it. */
  rootDir: string;
  /** Resource types whose values the run reads (see TfModuleInput.modelledTypes); undefined: every type. */
  modelledTypes?: ReadonlySet<string>;
}

/** One module instance being evaluated: its declarations, inputs and the Environment its expressions see. */
export class ModuleRuntime implements Environment {
  private readonly variables = new Map<string, Declared<Block>>();
  private readonly locals = new Map<string, Declared<Attribute>>();
  private readonly resources = new Map<string, Declared<Block>>();
  private readonly moduleCalls = new Map<string, Declared<Block>>();
  private readonly outputs = new Map<string, Declared<Block>>();
  /** Data sources computed from their configuration alone (cloud-init configs), by `type.name`. */
  private readonly computedData = new Map<string, Declared<Block>>();
  private readonly computedDataMemo = new Memo<Value>();
  private readonly localMemo = new Memo<Traced>();
  private readonly outputMemo = new Memo<Traced>();
  private readonly resourceMemo = new Memo<ResourceInstance[] | Unknown>();
  private readonly expansionMemo = new Memo<Instance[] | Unknown>();
  private readonly moduleMemo = new Memo<{ instances: Map<string, ModuleInstance>; keyed: boolean } | Unknown>();
  private readonly tfvars: VariableFileValues;
  blockCount = 0;

  constructor(
    private readonly run: RunContext,
    private readonly module: ModuleFiles,
    /** `""` for the root module, `module.net.` / `module.net[0].` for children. */
    readonly prefix: string,
    /** `path.module` as Terraform sees it: `.` for the root, the relative folder for children. */
    private readonly pathModule: string,
    private readonly inputs: Map<string, Traced> | undefined,
    private readonly ancestry: readonly string[],
  ) {
    for (const { path, hcl } of module.files) {
      for (const block of hcl.body.blocks) {
        this.blockCount++;
        this.declare(block, path);
      }
    }
    this.tfvars = inputs ? { values: new Map() } : readVariableFiles(module.varFiles, run.loader, run.parser, this.literalEnvironment());
  }

  private declare(block: Block, file: string): void {
    const [first, second] = block.labels;
    const put = <T>(map: Map<string, Declared<T>>, key: string | undefined, node: T) => {
      if (key !== undefined && !map.has(key)) map.set(key, { node, file });
    };
    switch (block.type) {
      case 'variable':
        put(this.variables, first, block);
        break;
      case 'locals':
        for (const attribute of block.body.attributes) put(this.locals, attribute.name, attribute);
        break;
      case 'resource':
        if (first && second) put(this.resources, `${first}.${second}`, block);
        break;
      case 'module':
        put(this.moduleCalls, first, block);
        break;
      case 'output':
        put(this.outputs, first, block);
        break;
      case 'data':
        if (first && second && CLOUDINIT_DATA_TYPES.has(first)) put(this.computedData, `${first}.${second}`, block);
        break;
    }
  }

  // ---- Environment ----

  /**
   * A file by its path in the configuration, relative to the root module. Absolute paths are not read (they name the
   * machine's files, not the repository's); neither is anything the run's confined file access refuses.
   */
  readFile(path: string): string | Unknown | undefined {
    if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return new Unknown(`file \`${path}\` is not read: an absolute path is outside the repository`, undefined, 'outside-repository');
    const file = joinPath(this.run.rootDir, path);
    const text = this.run.loader.readFile(file);
    if (text !== undefined) return text;
    const refused = this.run.loader.refusal(file);
    if (refused === undefined) return undefined;
    return new Unknown(`file \`${path}\` is not read: ${refused}`, undefined, refused === OUTSIDE_ROOT ? 'outside-repository' : 'not-evaluated');
  }

  renderTemplateFile(path: string, vars: { [key: string]: Value }, at: SourceRef): Value {
    const text = this.readFile(path);
    if (isUnknown(text)) return new Unknown(text.reason, at, text.kind);
    if (text === undefined) return new Unknown(`template file \`${path}\` not found`, at, 'not-in-run');
    return renderTemplateText(text, vars, this.run.parser, this.templateEnvironment(), joinPath(this.run.rootDir, path), at);
  }

  /** What a `templatefile()` template sees: functions only, and (as in Terraform) no `templatefile()` of its own. */
  private templateEnvironment(): Environment {
    return {
      ...this.literalEnvironment(),
      renderTemplateFile: () => {
        throw new EvalError('cannot recursively call templatefile from inside templatefile call');
      },
    };
  }

  resolve(root: string, steps: readonly Step[], refs: Set<string>, at: SourceRef): { value: Value; consumed: number } {
    const first = steps[0];
    const firstName = first?.kind === 'attr' ? first.name : undefined;
    switch (root) {
      case 'var':
        if (!firstName) return { value: new Unknown('`var` used without a name', at), consumed: steps.length };
        return { value: this.traced(this.variable(firstName, at), refs), consumed: 1 };
      case 'local':
        if (!firstName) return { value: new Unknown('`local` used without a name', at), consumed: steps.length };
        return { value: this.traced(this.local(firstName, at), refs), consumed: 1 };
      case 'path':
        return { value: firstName === 'module' ? this.pathModule : '.', consumed: 1 };
      case 'terraform':
        return { value: firstName === 'workspace' ? 'default' : new Unknown(`\`terraform.${firstName}\` is not known`, at, 'deploy-time-input'), consumed: 1 };
      case 'count':
      case 'each':
      case 'self':
        return { value: new Unknown(`\`${root}\` is not available here`, at), consumed: steps.length };
      case 'module':
        return this.resolveModuleOutput(steps, refs, at);
      case 'data':
        return this.resolveData(steps, refs, at);
      default:
        return this.resolveResource(root, steps, refs, at);
    }
  }

  private traced(traced: Traced, refs: Set<string>): Value {
    for (const ref of traced.refs) refs.add(ref);
    return traced.value;
  }

  private scope(file: string, names: Record<string, Value> = {}, refs: Set<string> = new Set()): Scope {
    return { env: this, file, names: new Map(Object.entries(names)), refs };
  }

  /** The environment of tfvars files and templates: functions only, no module names. */
  private literalEnvironment(): Environment {
    return {
      readFile: (path) => this.readFile(path),
      renderTemplateFile: (path, vars, at) => this.renderTemplateFile(path, vars, at),
      resolve: (root, steps, _refs, at) => ({ value: new Unknown(`\`${root}\` is not available in templates and tfvars`, at), consumed: steps.length }),
    };
  }

  private variable(name: string, at: SourceRef): Traced {
    const given = this.givenVariable(name, at);
    const declared = this.variables.get(name);
    const typeAttr = declared && attributeNamed(declared.node.body, 'type');
    if (!declared || !typeAttr) return given;
    const type = parseType(typeAttr.expr, (expr) => evaluate(expr, this.scope(declared.file)));
    if (!type) return given;
    try {
      return { value: convertToType(given.value, type), refs: given.refs };
    } catch (error) {
      if (!(error instanceof EvalError)) throw error;
      return { value: new Unknown(`invalid value for \`var.${name}\`: ${error.message}`, at), refs: given.refs };
    }
  }

  /** A variable's value before type conversion: module input, tfvars, then default. */
  private givenVariable(name: string, at: SourceRef): Traced {
    const input = this.inputs?.get(name);
    if (input) return input;
    if (this.tfvars.values.has(name)) return { value: this.tfvars.values.get(name)!, refs: new Set() };
    const declared = this.variables.get(name);
    if (declared && this.tfvars.unreadable) return { value: new Unknown(this.tfvars.unreadable.reason, at, this.tfvars.unreadable.kind), refs: new Set() };
    const defaultAttr = declared && attributeNamed(declared.node.body, 'default');
    if (declared && defaultAttr) return { value: evaluate(defaultAttr.expr, this.scope(declared.file)), refs: new Set() };
    if (!declared) return { value: new Unknown(`\`var.${name}\` is not declared`, at), refs: new Set() };
    return { value: new Unknown(`\`var.${name}\` has no value and no default`, at, 'deploy-time-input'), refs: new Set() };
  }

  private local(name: string, at: SourceRef): Traced {
    return this.localMemo.get(
      name,
      () => {
        const declared = this.locals.get(name);
        if (!declared) return { value: new Unknown(`\`local.${name}\` is not declared`, at), refs: new Set() };
        const refs = new Set<string>();
        return { value: evaluate(declared.node.expr, this.scope(declared.file, {}, refs)), refs };
      },
      () => ({ value: new Unknown(`\`local.${name}\` depends on itself`, at), refs: new Set() }),
    );
  }

  // ---- resources ----

  private resolveResource(type: string, steps: readonly Step[], refs: Set<string>, at: SourceRef): { value: Value; consumed: number } {
    const nameStep = steps[0];
    if (nameStep?.kind !== 'attr') return { value: new Unknown(`unknown name \`${type}\``, at), consumed: steps.length };
    const key = `${type}.${nameStep.name}`;
    const address = this.prefix + key;
    const indexStep = steps[1]?.kind === 'index' ? steps[1] : undefined;
    const indexKey = indexStep && !isUnknown(indexStep.key) ? indexStep.key : undefined;
    refs.add(indexKey !== undefined ? `${address}[${JSON.stringify(indexKey)}]` : address);
    if (!this.resources.has(key)) {
      return { value: new Unknown(`\`${key}\` is not declared in this module`, at), consumed: steps.length };
    }
    const instances = this.resourceInstances(key);
    if (isUnknown(instances)) return { value: instances, consumed: steps.length };
    const block = this.resources.get(key)!.node;
    const expanded = attributeNamed(block.body, 'count') !== undefined || attributeNamed(block.body, 'for_each') !== undefined;
    let values: Value;
    let consumed = 1;
    if (!expanded) values = instances[0]?.values ?? null;
    else if (indexStep) {
      if (isUnknown(indexStep.key)) return { value: indexStep.key, consumed: steps.length };
      const suffix = `[${JSON.stringify(indexStep.key)}]`;
      const instance = instances.find((i) => i.address === address + suffix);
      if (!instance) {
        const representative = instances.find((i) => i.address.endsWith('[*]'));
        return { value: new Unknown(`instance \`${address}${suffix}\` is not known`, representative?.conditional?.at ?? at), consumed: steps.length };
      }
      values = instance.values;
      consumed = 2;
    } else {
      return { value: this.wholeResource(key, instances, at), consumed: 1 };
    }
    // Attributes not written in the configuration are computed by the provider: known only after apply.
    const next = steps[consumed];
    if (next?.kind === 'attr' && isObject(values) && !(next.name in values)) {
      return { value: new Unknown(`\`${key}.${next.name}\` is known only after apply`, at, 'after-apply'), consumed: steps.length };
    }
    return { value: values, consumed };
  }

  private wholeResource(key: string, instances: ResourceInstance[], at: SourceRef): Value {
    if (instances.some((i) => i.address.endsWith('[*]'))) return new Unknown(`instances of \`${key}\` are not known`, at);
    const block = this.resources.get(key)!.node;
    if (attributeNamed(block.body, 'count')) return instances.map((i) => i.values);
    const map: { [key: string]: Value } = {};
    for (const instance of instances) {
      const match = /\["(.*)"\]$/.exec(instance.address);
      if (match) map[JSON.parse(`"${match[1]}"`) as string] = instance.values;
    }
    return map;
  }

  private resourceInstances(key: string): ResourceInstance[] | Unknown {
    return this.resourceMemo.get(
      key,
      () => {
        const declared = this.resources.get(key)!;
        const instances = this.expansions(key);
        if (isUnknown(instances)) return instances;
        return instances.map((instance) => this.evaluateInstance(key, declared, instance));
      },
      () => new Unknown(`\`${key}\` depends on itself`),
    );
  }

  /** A resource's instances (`count` / `for_each` expanded), their bodies not evaluated. */
  private expansions(key: string): Instance[] | Unknown {
    return this.expansionMemo.get(
      key,
      () => {
        const declared = this.resources.get(key)!;
        return expandInstances(declared.node.body, this.scope(declared.file), `resource \`${this.prefix}${key}\``);
      },
      () => new Unknown(`\`${key}\` depends on itself`),
    );
  }

  /**
   * The instances of a resource whose type nothing in the run reads: listed (addresses, whether conditional) with
   * no values, their bodies evaluated only if a resource that is read refers to them.
   */
  private unmodelledInstances(key: string): ResourceInstance[] | Unknown {
    const instances = this.expansions(key);
    if (isUnknown(instances)) return instances;
    return instances.map((instance) => {
      const unevaluated: ResourceInstance = { address: this.prefix + key + instance.suffix, values: {}, references: {} };
      if (instance.conditional) unevaluated.conditional = instance.conditional;
      return unevaluated;
    });
  }

  private evaluateInstance(key: string, declared: Declared<Block>, instance: Instance): ResourceInstance {
    const references: References = {};
    const scope = this.scope(declared.file, instance.names);
    const values = evaluateBody(declared.node.body, scope, [], references);
    const result: ResourceInstance = { address: this.prefix + key + instance.suffix, values, references };
    const readText = (path: string) => {
      const text = this.readFile(path);
      return typeof text === 'string' ? text : undefined;
    };
    const textFiles = textFilesOf(declared.node.body, scope, readText, (path) => joinPath(this.run.rootDir, path));
    if (Object.keys(textFiles).length > 0) result.textFiles = textFiles;
    if (instance.conditional) result.conditional = instance.conditional;
    return result;
  }

  /** Every managed resource of this module and its local child modules, as RawResources. */
  rawResources(): RawResource[] {
    const result: RawResource[] = [];
    for (const [key, declared] of this.resources) {
      const [type, name] = [declared.node.labels[0]!, declared.node.labels[1]!];
      const modelled = this.run.modelledTypes?.has(type) ?? true;
      const instances = modelled ? this.resourceInstances(key) : this.unmodelledInstances(key);
      if (isUnknown(instances)) continue;
      const blockPath = `resource.${type}.${name}`;
      for (const instance of instances) {
        const at = { ...sourceRef(declared.file, declared.node.range), blockPath };
        const raw: RawResource = {
          format: 'tf',
          file: declared.file,
          type,
          name: instance.address,
          id: instance.address,
          values: instance.values,
          at,
          locate: modelled ? blockLocator(declared.node, declared.file, blockPath) : locatedAt(at),
          references: instance.references,
        };
        LOCATORS.set(raw, modelled ? { block: declared.node, file: declared.file, blockPath } : { at });
        if (instance.textFiles) raw.textFiles = instance.textFiles;
        if (instance.conditional) raw.conditional = instance.conditional;
        result.push(raw);
      }
    }
    for (const name of this.moduleCalls.keys()) {
      const call = this.moduleInstances(name);
      if (isUnknown(call)) continue;
      for (const instance of call.instances.values()) if (instance.runtime) for (const raw of instance.runtime.rawResources()) result.push(raw);
    }
    return result;
  }

  /** Top-level blocks in this module and its local child modules. */
  totalBlocks(): number {
    let total = this.blockCount;
    for (const name of this.moduleCalls.keys()) {
      const call = this.moduleInstances(name);
      if (isUnknown(call)) continue;
      for (const instance of call.instances.values()) if (instance.runtime) total += instance.runtime.totalBlocks();
    }
    return total;
  }

  // ---- data sources ----

  private resolveData(steps: readonly Step[], refs: Set<string>, at: SourceRef): { value: Value; consumed: number } {
    const [type, name, index] = steps;
    if (type?.kind === 'attr' && name?.kind === 'attr') {
      const base = `${this.prefix}data.${type.name}.${name.name}`;
      refs.add(index?.kind === 'index' && !isUnknown(index.key) ? `${base}[${JSON.stringify(index.key)}]` : base);
      const computed = this.computedData.get(`${type.name}.${name.name}`);
      const repeated = computed && (attributeNamed(computed.node.body, 'count') || attributeNamed(computed.node.body, 'for_each'));
      if (computed && !repeated && index?.kind === 'attr' && index.name === 'rendered') {
        const value = this.computedDataMemo.get(
          `${type.name}.${name.name}`,
          () => renderCloudInit(computed.node, (expr) => evaluate(expr, this.scope(computed.file, {}, refs)), at),
          () => new Unknown(`\`data.${type.name}.${name.name}\` depends on itself`, at),
        );
        return { value, consumed: 3 };
      }
      return { value: new Unknown(`data source \`data.${type.name}.${name.name}\` is read during plan`, at, 'after-apply'), consumed: steps.length };
    }
    return { value: new Unknown('incomplete data source reference', at), consumed: steps.length };
  }

  // ---- module calls ----

  private resolveModuleOutput(steps: readonly Step[], refs: Set<string>, at: SourceRef): { value: Value; consumed: number } {
    const nameStep = steps[0];
    if (nameStep?.kind !== 'attr') return { value: new Unknown('`module` used without a name', at), consumed: steps.length };
    if (!this.moduleCalls.has(nameStep.name)) return { value: new Unknown(`module \`${nameStep.name}\` is not declared`, at), consumed: steps.length };
    const call = this.moduleInstances(nameStep.name);
    if (isUnknown(call)) return { value: call, consumed: steps.length };
    let instance: ModuleInstance | undefined;
    let consumed = 1;
    if (call.keyed) {
      const indexStep = steps[1];
      if (indexStep?.kind !== 'index') return { value: new Unknown(`module \`${nameStep.name}\` used as a whole`, at), consumed: steps.length };
      if (isUnknown(indexStep.key)) return { value: indexStep.key, consumed: steps.length };
      instance = call.instances.get(`[${JSON.stringify(indexStep.key)}]`);
      consumed = 2;
    } else instance = call.instances.get('');
    if (!instance) return { value: new Unknown(`instance of module \`${nameStep.name}\` is not known`, at), consumed: steps.length };
    if (!instance.runtime) return { value: new Unknown(instance.reason, at), consumed: steps.length };
    const outputStep = steps[consumed];
    if (outputStep?.kind !== 'attr') return { value: new Unknown(`module \`${nameStep.name}\` used as a whole`, at), consumed: steps.length };
    return { value: this.traced(instance.runtime.output(outputStep.name, at), refs), consumed: consumed + 1 };
  }

  output(name: string, at: SourceRef): Traced {
    return this.outputMemo.get(
      name,
      () => {
        const declared = this.outputs.get(name);
        const valueAttr = declared && attributeNamed(declared.node.body, 'value');
        if (!declared || !valueAttr) return { value: new Unknown(`output \`${name}\` is not declared`, at), refs: new Set() };
        const refs = new Set<string>();
        return { value: evaluate(valueAttr.expr, this.scope(declared.file, {}, refs)), refs };
      },
      () => ({ value: new Unknown(`output \`${name}\` depends on itself`, at), refs: new Set() }),
    );
  }

  private moduleInstances(name: string): { instances: Map<string, ModuleInstance>; keyed: boolean } | Unknown {
    return this.moduleMemo.get(
      name,
      () => this.instantiateModule(name),
      () => new Unknown(`module \`${name}\` depends on itself`),
    );
  }

  private instantiateModule(name: string): { instances: Map<string, ModuleInstance>; keyed: boolean } | Unknown {
    const declared = this.moduleCalls.get(name)!;
    const body = declared.node.body;
    const sourceAttr = attributeNamed(body, 'source');
    const source = sourceAttr?.expr.kind === 'literal' ? sourceAttr.expr.value : undefined;
    const keyed = attributeNamed(body, 'count') !== undefined || attributeNamed(body, 'for_each') !== undefined;
    const instances = new Map<string, ModuleInstance>();
    const expansions = expandInstances(body, this.scope(declared.file), `module \`${this.prefix}module.${name}\``);
    const childDir = typeof source === 'string' && isLocalModuleSource(source) ? joinPath(this.module.dir, source) : undefined;
    const reason =
      typeof source !== 'string'
        ? `module \`${name}\` has no literal source`
        : !childDir
          ? `module \`${name}\` has a remote source`
          : this.ancestry.includes(childDir)
            ? `module \`${name}\` calls itself`
            : this.ancestry.length >= MAX_MODULE_DEPTH
              ? `module \`${name}\` is nested too deeply`
              : '';
    // Resources below the depth limit are never checked: that must be visible (BL002), not a silent pass.
    if (reason !== '' && this.ancestry.length >= MAX_MODULE_DEPTH && childDir && !this.ancestry.includes(childDir)) {
      currentBudget().refuse(
        `evaluation of module \`${this.prefix}module.${name}\` stopped at the limit of ${MAX_MODULE_DEPTH} levels of nested modules`,
        sourceRef(declared.file, declared.node.range),
      );
    }
    const files = reason === '' && childDir ? this.run.loader.loadFolder(childDir) : undefined;
    for (const expansion of expansions) {
      if (!files || !childDir) {
        const refused = childDir ? this.run.loader.refusal(childDir) : undefined;
        const missing = refused ? `module \`${name}\` source is not read: ${refused}` : `module \`${name}\` folder has no .tf files`;
        if (refused && expansion === expansions[0]) {
          this.run.loader.notes.push({ file: declared.file, line: declared.node.range.line, column: declared.node.range.column, message: `${missing}; its resources are not linted` });
        }
        instances.set(expansion.suffix, { runtime: undefined, reason: reason || missing });
        continue;
      }
      const inputs = new Map<string, Traced>();
      for (const attribute of body.attributes) {
        if (['source', 'version', 'count', 'for_each', 'providers', 'depends_on'].includes(attribute.name)) continue;
        const refs = new Set<string>();
        const value = evaluate(attribute.expr, this.scope(declared.file, expansion.names, refs));
        inputs.set(attribute.name, { value, refs });
      }
      const runtime = new ModuleRuntime(
        this.run,
        files,
        `${this.prefix}module.${name}${expansion.suffix}.`,
        joinPath(this.pathModule, source as string),
        inputs,
        [...this.ancestry, childDir],
      );
      instances.set(expansion.suffix, { runtime, reason: '' });
    }
    return { instances, keyed };
  }
}

/**
 * What a resource's locate() reads, as plain data: the declaring block (a plain syntax tree), or only the place of a
 * resource without values. Kept so that a resource read on a worker thread gets its locate() back on the main
 * thread (functions do not cross threads).
 */
export type TerraformLocator = { block: Block; file: string; blockPath: string } | { at: SourceRef };

const LOCATORS = new WeakMap<RawResource, TerraformLocator>();

/** What `resource`'s locate() reads, if the module reader made it. */
export function terraformLocatorOf(resource: RawResource): TerraformLocator | undefined {
  return LOCATORS.get(resource);
}

/** locate() from what it reads, as the module reader makes it. */
export function terraformLocate(locator: TerraformLocator): RawResource['locate'] {
  return 'at' in locator ? locatedAt(locator.at) : blockLocator(locator.block, locator.file, locator.blockPath);
}

/**
 * The resource's `locate`, made outside the loops that build resources so that the closure holds only what it
 * names: a closure made there would keep the loops' scopes, and with them the syntax tree of every resource.
 */
function blockLocator(block: Block, file: string, blockPath: string): RawResource['locate'] {
  return (path) => locateInBlock(block, path, file, blockPath);
}

/** The `locate` of a resource without values: every path is located at the block, whose syntax tree is not kept. */
function locatedAt(at: SourceRef): RawResource['locate'] {
  return () => at;
}
