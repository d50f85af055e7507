import { pointerOf, type SourceRef } from '../../../model/location';
import { isSymbol, isUnknown, Unknown, type Maybe, type Value } from '../../../model/unknown';
import { parameterSymbol, parameterValueSymbol } from '../expression/symbols';
import { evaluateBody, evaluateCount, expandCopy, isCopyEntry, isRawObject, type RawObject } from './body';
import type { ExpressionHost, LoopFrame, TemplateScope, UserFunction } from '../expression';
import { Lazy } from '../../lazy';
import { declaredTypeOf } from './parameter-type';
import { ResourceDeclaration, type ResourceInstance } from './resource';
import type { DeploymentRun } from './run';
import type { TargetScope } from './scope';

/** Values given for a template's parameters (parameter file or a nested deployment's `properties.parameters`). */
export type ProvidedParameters = Map<string, () => Value>;

export interface TemplateOptions {
  run: DeploymentRun;
  template: RawObject;
  /** The file the template object is in: the deployed file's, or a linked template's (`relativePath`). */
  file: string;
  /** JSON pointer segments of the template object inside `file`. */
  path: readonly (string | number)[];
  targetScope: TargetScope;
  /** Scope seen by `resourceGroup()`, `resourceId()`…: the target for inner scope, the parent's for outer scope. */
  expressionScope: TemplateScope;
  deploymentName: () => Maybe<string>;
  provided: Lazy<ProvidedParameters | Unknown>;
  /** Outer-scope nested templates take parameters, variables and functions from the parent template. */
  outer?: TemplateInstance;
  baseLoops?: LoopFrame;
  depth: number;
  /** The nested deployment that deploys this template; its condition applies to every resource here. */
  deployedBy?: ResourceInstance;
}

function findKey(object: RawObject, name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(object, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(object).find((key) => key.toLowerCase() === lower);
}

/**
 * A parameter without value becomes a symbol: one value per deployment, unknown but joinable. A string is symbolic
 * text; an object or array a symbolic value whose members are text. Other types stay plain Unknown, and so does a
 * nullable parameter (Bicep `string?`), which may be null.
 */
function symbolKindOf(definition: unknown, template: RawObject): 'text' | 'value' | undefined {
  const { type, nullable } = declaredTypeOf(definition, template);
  if (nullable) return undefined;
  if (type === 'string' || type === 'securestring') return 'text';
  if (type === 'object' || type === 'secureobject' || type === 'array') return 'value';
  return undefined;
}

/** One template of a deployment (the file's, an inline nested one or a linked file): the expression host for its resources. */
export class TemplateInstance implements ExpressionHost {
  readonly run: DeploymentRun;
  readonly raw: RawObject;
  readonly file: string;
  readonly path: readonly (string | number)[];
  readonly targetScope: TargetScope;
  readonly depth: number;
  readonly deployedBy: ResourceInstance | undefined;
  readonly baseLoops: LoopFrame | undefined;
  readonly declarations: ResourceDeclaration[];
  readonly instances: Lazy<ResourceInstance[]>;
  readonly outputs: Lazy<Value>;
  private readonly options: TemplateOptions;
  private readonly parameterCache = new Map<string, Lazy<Value>>();
  private readonly variableCache = new Map<string, Lazy<Value>>();
  private functionTable: Map<string, UserFunction> | undefined;

  constructor(options: TemplateOptions) {
    this.options = options;
    this.run = options.run;
    this.raw = options.template;
    this.file = options.file;
    this.path = options.path;
    this.targetScope = options.targetScope;
    this.depth = options.depth;
    this.deployedBy = options.deployedBy;
    this.baseLoops = options.baseLoops;
    this.declarations = this.readDeclarations();
    this.instances = new Lazy(
      () => this.declarations.flatMap((declaration) => declaration.instancesWithChildren()),
      () => [],
    );
    this.outputs = new Lazy(
      () => this.evaluateOutputs(),
      () => new Unknown('outputs refer to themselves'),
    );
  }

  get scope(): TemplateScope {
    return this.options.expressionScope;
  }

  get deploymentName(): Maybe<string> {
    return this.options.deploymentName();
  }

  /** `resources` as a classic array or a languageVersion 2.0 symbolic-name map. */
  private readDeclarations(): ResourceDeclaration[] {
    const resources = this.raw.resources;
    const declarations: ResourceDeclaration[] = [];
    if (Array.isArray(resources)) {
      resources.forEach((raw, index) => {
        if (isRawObject(raw)) declarations.push(new ResourceDeclaration(this, raw, [...this.path, 'resources', index], undefined, undefined));
      });
    } else if (isRawObject(resources)) {
      for (const [symbolicName, raw] of Object.entries(resources)) {
        if (isRawObject(raw)) declarations.push(new ResourceDeclaration(this, raw, [...this.path, 'resources', symbolicName], symbolicName, undefined));
      }
    }
    return declarations;
  }

  parameter(name: string): Value {
    if (this.options.outer) return this.options.outer.parameter(name);
    const lower = name.toLowerCase();
    let cached = this.parameterCache.get(lower);
    if (!cached) {
      cached = new Lazy(
        () => this.run.budget.within(() => this.placeOf('parameters', name), () => this.resolveParameter(name)),
        () => new Unknown(`parameter '${name}' refers to itself`),
      );
      this.parameterCache.set(lower, cached);
    }
    return cached.get();
  }

  /** Where a parameter or variable is declared, for limits hit while evaluating it. */
  private placeOf(section: 'parameters' | 'variables', name: string): SourceRef {
    const declared = isRawObject(this.raw[section]) ? findKey(this.raw[section] as RawObject, name) : undefined;
    return { file: this.file, pointer: pointerOf(declared === undefined ? [...this.path, section] : [...this.path, section, declared]) };
  }

  private resolveParameter(name: string): Value {
    const definitions = isRawObject(this.raw.parameters) ? this.raw.parameters : {};
    const key = findKey(definitions, name);
    if (key === undefined) return new Unknown(`parameter '${name}' is not declared`);
    const definition = definitions[key];
    const provided = this.options.provided.get();
    const given = isUnknown(provided) ? undefined : provided.get(key.toLowerCase());
    let value: Value;
    if (isUnknown(provided)) value = provided;
    else if (given) value = given();
    else if (isRawObject(definition) && definition.defaultValue !== undefined) return evaluateBody(definition.defaultValue, { host: this });
    else value = new Unknown(`parameter '${key}' has no value`, undefined, 'deploy-time-input');
    // A string parameter without value is one deploy-time input: a symbol. So is one the file's deployment gets
    // unknown (a Key Vault reference, an unreadable parameter file): the file is deployed once. A nested
    // deployment's given values may differ per copy, so they stay plain Unknown.
    const symbolic = this.depth === 0 || (!given && !isUnknown(provided));
    if (!isUnknown(value) || isSymbol(value) || !symbolic) return value;
    const pointer = pointerOf([...this.path, 'parameters', key]);
    switch (symbolKindOf(definition, this.raw)) {
      case 'text':
        return parameterSymbol(key, this.file, pointer, value.reason);
      case 'value':
        return parameterValueSymbol(key, this.file, pointer, value.reason);
      default:
        return value;
    }
  }

  variable(name: string): Value {
    if (this.options.outer) return this.options.outer.variable(name);
    const lower = name.toLowerCase();
    let cached = this.variableCache.get(lower);
    if (!cached) {
      cached = new Lazy(
        () => this.run.budget.within(() => this.placeOf('variables', name), () => this.resolveVariable(name)),
        () => new Unknown(`variable '${name}' refers to itself`),
      );
      this.variableCache.set(lower, cached);
    }
    return cached.get();
  }

  /** A variable as written (the parent's for outer scope), to evaluate it again under other inputs; copy variables excluded. */
  rawVariable(name: string): unknown {
    if (this.options.outer) return this.options.outer.rawVariable(name);
    const variables = isRawObject(this.raw.variables) ? this.raw.variables : {};
    const key = findKey(variables, name);
    return key === undefined || key === 'copy' ? undefined : variables[key];
  }

  private resolveVariable(name: string): Value {
    const variables = isRawObject(this.raw.variables) ? this.raw.variables : {};
    const copies = variables.copy;
    if (Array.isArray(copies)) {
      const lower = name.toLowerCase();
      const entry = copies.find((candidate) => isCopyEntry(candidate) && candidate.name.toLowerCase() === lower);
      if (entry) return expandCopy(entry as RawObject & { name: string }, { host: this });
    }
    const key = findKey(variables, name);
    if (key === undefined || (key === 'copy' && Array.isArray(copies))) return new Unknown(`variable '${name}' is not declared`);
    return evaluateBody(variables[key], { host: this });
  }

  userFunction(namespace: string, name: string): UserFunction | undefined {
    if (this.options.outer) return this.options.outer.userFunction(namespace, name);
    this.functionTable ??= this.readFunctions();
    return this.functionTable.get(`${namespace}.${name}`.toLowerCase());
  }

  private readFunctions(): Map<string, UserFunction> {
    const table = new Map<string, UserFunction>();
    const groups = Array.isArray(this.raw.functions) ? this.raw.functions : [];
    for (const group of groups) {
      if (!isRawObject(group) || typeof group.namespace !== 'string' || !isRawObject(group.members)) continue;
      for (const [member, definition] of Object.entries(group.members)) {
        if (!isRawObject(definition)) continue;
        const parameterNames = Array.isArray(definition.parameters)
          ? definition.parameters.map((p) => (isRawObject(p) && typeof p.name === 'string' ? p.name : ''))
          : [];
        const output = isRawObject(definition.output) ? definition.output : {};
        table.set(`${group.namespace}.${member}`.toLowerCase(), { parameterNames, body: output.value as Value });
      }
    }
    return table;
  }

  deployment(): Value {
    if (this.options.outer) return this.options.outer.deployment();
    const result: { [key: string]: Value } = {
      name: this.deploymentName,
      properties: {
        template: { contentVersion: (this.raw.contentVersion as Value) ?? '1.0.0.0', metadata: (this.raw.metadata as Value) ?? {} },
        templateHash: new Unknown('templateHash is only known at deployment time', undefined, 'deploy-time-input'),
        parameters: {},
        mode: 'Incremental',
        provisioningState: 'Accepted',
      },
    };
    if (this.scope.kind !== 'resourceGroup') result.location = this.scope.location;
    return result;
  }

  /** Declaration by languageVersion 2.0 symbolic name, here or (outer scope) in the parent template. */
  symbol(name: string): ResourceDeclaration | undefined {
    const exact = this.declarations.find((d) => d.symbolicName === name);
    if (exact) return exact;
    const lower = name.toLowerCase();
    return this.declarations.find((d) => d.symbolicName?.toLowerCase() === lower) ?? this.options.outer?.symbol(name);
  }

  reference(target: string, full: boolean): Value {
    const found = this.findReferenced(target);
    if (isUnknown(found)) return found;
    if (!found) return new Unknown(`reference() to '${target}', which is not deployed by this template`, undefined, 'not-in-run');
    return found.referenceValue(full);
  }

  private findReferenced(target: string): ResourceInstance | Unknown | undefined {
    const declaration = this.symbol(target);
    if (declaration) {
      if (declaration.isLooped) return new Unknown(`reference() to looped resource '${target}' without an index`);
      return declaration.instances.get()[0];
    }
    if (target.startsWith('/')) return this.run.findById(target);
    // Classic templates may reference a resource of the same template by its name.
    const lower = target.toLowerCase();
    const byName = this.instances.get().filter((instance) => {
      const name = instance.name.get();
      return typeof name === 'string' && name.toLowerCase() === lower;
    });
    return byName.length === 1 ? byName[0] : undefined;
  }

  references(symbolicName: string, full: boolean): Value {
    const declaration = this.symbol(symbolicName);
    if (!declaration) return new Unknown(`references() to '${symbolicName}', which is not deployed by this template`, undefined, 'not-in-run');
    return declaration.instances.get().map((instance) => instance.referenceValue(full));
  }

  private evaluateOutputs(): Value {
    const outputs = isRawObject(this.raw.outputs) ? this.raw.outputs : {};
    const result: { [key: string]: Value } = {};
    for (const [name, definition] of Object.entries(outputs)) {
      if (!isRawObject(definition)) continue;
      result[name] = { type: (definition.type as Value) ?? null, value: this.evaluateOutput(name, definition) };
    }
    return result;
  }

  private evaluateOutput(name: string, definition: RawObject): Value {
    const context = { host: this, loops: this.baseLoops };
    if (definition.condition !== undefined) {
      const condition = evaluateBody(definition.condition, context);
      if (isUnknown(condition)) return condition;
      if (condition === false) return new Unknown(`output '${name}' is not produced (condition is false)`);
    }
    if (isRawObject(definition.copy)) {
      const count = evaluateCount(definition.copy.count, context, name);
      if (isUnknown(count)) return count;
      return Array.from({ length: count }, (_, index) =>
        evaluateBody((definition.copy as RawObject).input, { host: this, loops: { name: undefined, index, answersUnnamed: true, outer: this.baseLoops } }),
      );
    }
    return evaluateBody(definition.value, context);
  }
}
