import { certainlyEndsWith, certainlyStartsWith, concatText, isText, joinText, splitText, type Text } from '../../../model/symbolic-text';
import { isUnknown, SymbolicText, Unknown, withoutSymbol, type Maybe, type Value } from '../../../model/unknown';
import { buildResourceId, evaluateString, isTemplateExpression, markDeployedStateDeep, scopePrefix, type EvalContext, type LoopFrame } from '../expression';
import { deferBody, evaluateBody, evaluateCount, isRawObject, type RawObject } from './body';
import { withBudget } from '../../budget';
import { pointerOf, type SourceRef } from '../../../model/location';
import { createInnerTemplate } from './nested';
import { Lazy } from '../../lazy';
import type { TargetScope } from './scope';
import type { TemplateInstance } from './template';

type JsonObject = { [key: string]: Value };

const RESOURCE_KEYS_NOT_IN_VALUES = new Set(['copy', 'condition', 'dependsOn', 'resources']);
const DEPLOYMENT_KEYS_EVALUATED_APART = new Set([...RESOURCE_KEYS_NOT_IN_VALUES, 'properties']);
const NESTED_TEMPLATE_KEY = new Set(['template']);
const DEPLOYMENT_TYPE = 'microsoft.resources/deployments';

/** One resource declaration of a template; yields one instance per copy iteration (per parent instance for children). */
export class ResourceDeclaration {
  readonly instances: Lazy<ResourceInstance[]>;

  constructor(
    readonly template: TemplateInstance,
    readonly raw: RawObject,
    readonly path: readonly (string | number)[],
    readonly symbolicName: string | undefined,
    readonly parent: ResourceInstance | undefined,
  ) {
    this.instances = new Lazy(
      () => this.template.run.budget.within(this.at, () => this.expandLoop()),
      () => [],
    );
  }

  private place: SourceRef | undefined;

  /** Where this declaration is, for limits hit while evaluating it (computed once: every instance asks). */
  get at(): SourceRef {
    return (this.place ??= { file: this.template.file, pointer: pointerOf(this.path) });
  }

  get isLooped(): boolean {
    return isRawObject(this.raw.copy);
  }

  /** Own instances followed by those of the children declared in each instance's `resources`. */
  instancesWithChildren(): ResourceInstance[] {
    const out: ResourceInstance[] = [];
    for (const instance of this.instances.get()) {
      out.push(instance);
      for (const child of instance.childDeclarations()) for (const nested of child.instancesWithChildren()) out.push(nested);
    }
    return out;
  }

  private expandLoop(): ResourceInstance[] {
    const outerLoops = this.parent?.loops ?? this.template.baseLoops;
    const copy = this.raw.copy;
    if (!isRawObject(copy)) {
      const overBudget = this.template.run.budget.instances(1, `resource '${this.symbolicName ?? String(this.raw.type)}'`);
      return [new ResourceInstance(this, outerLoops, overBudget)];
    }
    const loopName = typeof copy.name === 'string' ? copy.name : (this.symbolicName ?? 'copy');
    const copyAt = { file: this.template.file, pointer: pointerOf([...this.path, 'copy']) };
    const count = this.template.run.budget.within(copyAt, () => evaluateCount(copy.count, { host: this.template, loops: outerLoops }, loopName));
    const frame = (index: Value): LoopFrame => ({ name: loopName, index, answersUnnamed: true, outer: outerLoops });
    // An unknown count keeps one representative whose copyIndex() is Unknown: names stay Unknown, rules stay silent.
    if (isUnknown(count)) return [new ResourceInstance(this, frame(count), count)];
    const overBudget = this.template.run.budget.instances(count, `copy loop '${loopName}'`, copyAt);
    if (overBudget) return [new ResourceInstance(this, frame(overBudget), overBudget)];
    return Array.from({ length: count }, (_, index) => new ResourceInstance(this, frame(index), undefined));
  }
}

/** One concrete resource: a declaration at one copy index. Everything is evaluated on first use. */
export class ResourceInstance {
  readonly type: string;
  /** `type` in lower case: types compare case-insensitively, and lookups by ID compare it for every instance. */
  readonly typeKey: string;
  /** A nested child whose own type is relative (`extensions`), not naming a namespace (`Microsoft.Compute/...`). */
  private readonly relativeChild: boolean;
  // Made on first use: most instances are only counted (types no model builder reads), and a Lazy is two closures.
  private nameLazy: Lazy<Maybe<string>> | undefined;
  private idLazy: Lazy<Maybe<string>> | undefined;
  private conditionLazy: Lazy<boolean | Unknown> | undefined;
  private valuesLazy: Lazy<JsonObject | Unknown> | undefined;
  private innerTemplateLazy: Lazy<TemplateInstance | Unknown> | undefined;

  constructor(
    readonly declaration: ResourceDeclaration,
    readonly loops: LoopFrame | undefined,
    /** Set on the representative instance of a loop whose count is Unknown. */
    readonly unknownCount: Unknown | undefined,
  ) {
    const ownType = this.ownType();
    this.relativeChild = declaration.parent !== undefined && !ownType.includes('/');
    this.type = this.relativeChild ? `${declaration.parent!.type}/${ownType}` : ownType;
    this.typeKey = this.type.toLowerCase();
  }

  get name(): Lazy<Maybe<string>> {
    return (this.nameLazy ??= new Lazy(
      () => this.withinBudget(() => this.resolveName()),
      () => new Unknown('resource name refers to itself'),
    ));
  }

  get id(): Lazy<Maybe<string>> {
    return (this.idLazy ??= new Lazy(
      () => this.resolveId(),
      () => new Unknown('resource ID refers to itself'),
    ));
  }

  get condition(): Lazy<boolean | Unknown> {
    return (this.conditionLazy ??= new Lazy(
      () => this.withinBudget(() => this.resolveCondition()),
      () => new Unknown('condition refers to itself'),
    ));
  }

  get values(): Lazy<JsonObject | Unknown> {
    return (this.valuesLazy ??= new Lazy<JsonObject | Unknown>(
      () => this.withinBudget(() => this.evaluateValues()),
      () => new Unknown('resource properties refer to themselves'),
    ));
  }

  get innerTemplate(): Lazy<TemplateInstance | Unknown> {
    return (this.innerTemplateLazy ??= new Lazy(
      () => createInnerTemplate(this),
      () => new Unknown('nested deployment refers to itself'),
    ));
  }

  /** Evaluates under the file's budget, charged to the declaration. */
  private withinBudget<T>(compute: () => T): T {
    return this.declaration.template.run.budget.within(this.declaration.at, compute);
  }

  get template(): TemplateInstance {
    return this.declaration.template;
  }

  get raw(): RawObject {
    return this.declaration.raw;
  }

  get context(): EvalContext {
    return { host: this.template, loops: this.loops };
  }

  get isDeployment(): boolean {
    return this.typeKey === DEPLOYMENT_TYPE;
  }

  get existing(): boolean {
    return this.raw.existing === true;
  }

  childDeclarations(): ResourceDeclaration[] {
    const children = this.raw.resources;
    if (!Array.isArray(children)) return [];
    const declarations: ResourceDeclaration[] = [];
    children.forEach((raw, index) => {
      if (isRawObject(raw)) declarations.push(new ResourceDeclaration(this.template, raw, [...this.declaration.path, 'resources', index], undefined, this));
    });
    return declarations;
  }

  private ownType(): string {
    const type = this.raw.type;
    if (typeof type !== 'string') return '';
    if (!isTemplateExpression(type)) return type;
    const evaluated = evaluateString(type, this.context);
    return typeof evaluated === 'string' ? evaluated : type;
  }

  private resolveName(): Maybe<string> {
    const raw = this.raw.name;
    if (raw === undefined) return new Unknown('resource has no name');
    const own = typeof raw === 'string' ? evaluateString(raw, this.context) : (raw as Value);
    if (!isText(own)) return isUnknown(own) ? own : new Unknown('resource name is not a string');
    if (!this.relativeChild) return own;
    const parentName = this.declaration.parent!.name.get();
    if (!isText(parentName)) return parentName;
    return concatText([parentName, '/', own]);
  }

  private resolveCondition(): boolean | Unknown {
    const parent = this.declaration.parent ?? this.template.deployedBy;
    const parentCondition = parent ? parent.condition.get() : true;
    if (parentCondition === false) return false;
    let own: boolean | Unknown = true;
    if (this.raw.condition !== undefined) {
      const value = evaluateBody(this.raw.condition, this.context);
      if (isUnknown(value)) own = new Unknown(`condition is unknown: ${value.reason}`, undefined, value.kind);
      else if (typeof value === 'boolean') own = value;
      else if (typeof value === 'string' && /^(true|false)$/i.test(value)) own = value.toLowerCase() === 'true';
      else own = new Unknown('condition is not a boolean');
    }
    if (own === false) return false;
    if (isUnknown(own)) return own;
    if (isUnknown(parentCondition)) return parentCondition;
    return this.unknownCount ?? true;
  }

  /** Scope prefix (ending with `/`) this resource's ID starts with; symbolic when an extension's `scope` is. */
  private scopePrefix(): Text | Unknown {
    const context = this.context;
    if (this.raw.scope !== undefined) {
      const scope = evaluateBody(this.raw.scope, context);
      if (!isText(scope)) return isUnknown(scope) ? scope : new Unknown('resource scope is not a string');
      if (certainlyStartsWith(scope, '/')) return certainlyEndsWith(scope, '/') ? scope : concatText([scope, '/']);
      // A scope that may or may not start with `/` cannot say which ID shape it makes.
      if (scope instanceof SymbolicText) return withoutSymbol(scope);
      const base = this.targetScopePrefix(this.template.targetScope);
      return isUnknown(base) ? base : `${base}providers/${scope}/`;
    }
    const target: TargetScope = { ...this.template.targetScope };
    if (this.raw.subscriptionId !== undefined) {
      const subscriptionId = evaluateBody(this.raw.subscriptionId, context);
      if (typeof subscriptionId !== 'string') return isUnknown(subscriptionId) ? withoutSymbol(subscriptionId) : new Unknown('subscriptionId is not a string');
      target.subscriptionId = subscriptionId;
      if (target.kind !== 'resourceGroup') target.kind = 'subscription';
    }
    if (this.raw.resourceGroup !== undefined) {
      const resourceGroup = evaluateBody(this.raw.resourceGroup, context);
      if (typeof resourceGroup !== 'string') return isUnknown(resourceGroup) ? withoutSymbol(resourceGroup) : new Unknown('resourceGroup is not a string');
      target.resourceGroup = resourceGroup;
      target.kind = 'resourceGroup';
    }
    return this.targetScopePrefix(target);
  }

  private targetScopePrefix(target: TargetScope): string | Unknown {
    return target.unknown ?? scopePrefix(target);
  }

  private resolveId(): Maybe<string> {
    const name = this.name.get();
    if (!isText(name)) return name;
    const prefix = this.scopePrefix();
    if (!isText(prefix)) return prefix;
    if (this.type.toLowerCase() === 'microsoft.resources/resourcegroups' && certainlyStartsWith(prefix, '/subscriptions/')) {
      return concatText([joinText(splitText(prefix, '/').slice(0, 3), '/'), '/resourceGroups/', name]);
    }
    try {
      return buildResourceId(prefix, this.type, [name]);
    } catch (error) {
      return new Unknown(`resource ID: ${(error as Error).message}`);
    }
  }

  private evaluateValues(): JsonObject {
    const context = this.context;
    const deploymentProperties = this.isDeployment && isRawObject(this.raw.properties) ? this.raw.properties : undefined;
    const values = evaluateBody(this.raw, context, deploymentProperties ? DEPLOYMENT_KEYS_EVALUATED_APART : RESOURCE_KEYS_NOT_IN_VALUES) as JsonObject;
    if (deploymentProperties) {
      // The inline template is the nested deployment's own source: its expressions are not evaluated here.
      const properties = evaluateBody(deploymentProperties, context, NESTED_TEMPLATE_KEY) as JsonObject;
      if (deploymentProperties.template !== undefined) properties.template = deploymentProperties.template as Value;
      values.properties = properties;
    }
    values.type = this.type;
    values.name = this.name.get();
    return values;
  }

  /**
   * The values as the model builders read them: each member that holds an expression evaluated when first read (see
   * deferBody), under this resource's budget and place; the evaluated values when a `reference()` already made them.
   */
  valuesForModel(): JsonObject | Unknown {
    if (this.isDeployment || this.valuesLazy?.done) return this.values.get();
    const { budget } = this.template.run;
    const at = this.declaration.at;
    const values = deferBody(this.raw, this.context, (evaluate) => withBudget(budget, () => budget.within(at, evaluate)), RESOURCE_KEYS_NOT_IN_VALUES);
    values.type = this.type;
    values.name = this.name.get();
    return values;
  }

  /** What `reference()` returns for this resource: its properties, or with `'Full'` the whole resource. */
  referenceValue(full: boolean): Value {
    if (this.existing) return new Unknown(`reference() to existing resource '${this.declaration.symbolicName ?? this.type}'`, undefined, 'deploy-time-input');
    const values = this.values.get();
    if (isUnknown(values)) return values;
    let properties: Value = values.properties ?? {};
    if (this.isDeployment) {
      const inner = this.innerTemplate.get();
      properties = isUnknown(inner) ? inner : { outputs: inner.outputs.get(), provisioningState: 'Succeeded' };
    }
    // Runtime state (`principalId`, `ipAddress`, …) is absent from the declaration: members it lacks are Unknown.
    if (!full) return markDeployedStateDeep(properties);
    return markDeployedStateDeep({ ...values, id: this.id.get(), properties });
  }
}
