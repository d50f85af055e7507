import { isUnknown, Unknown, type Value } from '../../../model/unknown';
import type { EvalContext } from '../expression';
import { evaluateBody, isRawObject, type RawObject } from './body';
import { Lazy } from '../../lazy';
import { readLinkedTemplate } from './linked';
import type { ResourceInstance } from './resource';
import { MAX_NESTING_DEPTH } from './run';
import { scopeKindOfSchema, type TargetScope } from './scope';
import { TemplateInstance, type ProvidedParameters } from './template';

function isBicepTemplate(template: RawObject): boolean {
  const metadata = template.metadata;
  return isRawObject(metadata) && isRawObject(metadata._generator) && metadata._generator.name === 'bicep';
}

/** Inner scope when asked for, and always for Bicep modules; ARM's default is outer. */
function usesInnerScope(properties: RawObject, template: RawObject): boolean {
  const options = properties.expressionEvaluationOptions;
  if (isRawObject(options) && typeof options.scope === 'string') return options.scope.toLowerCase() === 'inner';
  return isBicepTemplate(template);
}

/** Where the nested template deploys: the parent's target, moved by `subscriptionId` / `resourceGroup` / `scope`. */
function innerTargetScope(parent: TargetScope, values: { [key: string]: Value }, template: RawObject): TargetScope {
  const target: TargetScope = { ...parent, kind: scopeKindOfSchema(template.$schema) };
  const subscriptionId = values.subscriptionId;
  if (subscriptionId !== undefined) {
    if (typeof subscriptionId === 'string') target.subscriptionId = subscriptionId;
    else target.unknown ??= new Unknown(`target subscription of the nested deployment is unknown${isUnknown(subscriptionId) ? `: ${subscriptionId.reason}` : ''}`, undefined, isUnknown(subscriptionId) ? subscriptionId.kind : undefined);
  }
  const resourceGroup = values.resourceGroup;
  if (resourceGroup !== undefined) {
    if (typeof resourceGroup === 'string') target.resourceGroup = resourceGroup;
    else target.unknown ??= new Unknown(`target resource group of the nested deployment is unknown${isUnknown(resourceGroup) ? `: ${resourceGroup.reason}` : ''}`, undefined, isUnknown(resourceGroup) ? resourceGroup.kind : undefined);
  }
  const scope = values.scope;
  if (typeof scope === 'string') {
    const group = /managementGroups\/([^/]+)\/?$/i.exec(scope);
    if (group) target.managementGroup = group[1]!;
  }
  return target;
}

/**
 * `properties.parameters` of the deployment as provided values, each evaluated in the parent only when the
 * inner template first asks for it.
 */
function providedParameters(raw: unknown, context: EvalContext): ProvidedParameters | Unknown {
  const provided: ProvidedParameters = new Map();
  if (raw === undefined || raw === null) return provided;
  const parameters = typeof raw === 'string' ? evaluateBody(raw, context) : raw;
  if (isUnknown(parameters)) return parameters;
  if (!isRawObject(parameters)) return new Unknown('nested deployment parameters are not an object');
  for (const [name, entry] of Object.entries(parameters)) {
    let cached: Value | undefined;
    const resolve = (): Value => {
      if (isRawObject(entry) && entry.reference !== undefined) return new Unknown(`parameter '${name}' is a Key Vault reference`, undefined, 'deploy-time-input');
      if (isRawObject(entry) && 'value' in entry) return evaluateBody(entry.value, context);
      if (typeof entry === 'string') {
        const evaluated = evaluateBody(entry, context);
        return isRawObject(evaluated) && 'value' in evaluated ? (evaluated.value as Value) : isUnknown(evaluated) ? evaluated : new Unknown(`parameter '${name}' is passed without a value`, undefined, 'deploy-time-input');
      }
      return new Unknown(`parameter '${name}' is passed without a value`, undefined, 'deploy-time-input');
    };
    provided.set(name.toLowerCase(), () => (cached ??= resolve()));
  }
  return provided;
}

/** The template a `Microsoft.Resources/deployments` instance deploys (inline or a local linked file), or Unknown saying why there is none. */
export function createInnerTemplate(deployment: ResourceInstance): TemplateInstance | Unknown {
  const raw = deployment.raw.properties;
  if (!isRawObject(raw)) return new Unknown('nested deployment has no properties');
  const parent = deployment.template;
  let source: { file: string; path: readonly (string | number)[]; template: RawObject; linked: boolean };
  if (raw.templateLink !== undefined) {
    const linked = readLinkedTemplate(deployment, raw.templateLink, () => depthCapReached(deployment));
    if (isUnknown(linked)) return linked;
    source = { file: linked.file, path: [], template: linked.template, linked: true };
  } else {
    if (!isRawObject(raw.template)) return new Unknown('nested deployment template is not inline JSON', undefined, 'not-in-run');
    const tooDeep = depthCapReached(deployment);
    if (tooDeep) return tooDeep;
    source = { file: parent.file, path: [...deployment.declaration.path, 'properties', 'template'], template: raw.template, linked: false };
  }
  // Only the keys that place the deployment are evaluated now; parameters wait until the inner template asks,
  // so walking the deployment does not evaluate references that may point back into it.
  const context = deployment.context;
  const placement: { [key: string]: Value } = {};
  for (const key of ['subscriptionId', 'resourceGroup', 'scope']) {
    if (deployment.raw[key] !== undefined) placement[key] = evaluateBody(deployment.raw[key], context);
  }
  const template = source.template;
  // A linked template sees nothing of its parent: values come in only through the deployment's parameters.
  const inner = source.linked || usesInnerScope(raw, template);
  const targetScope = innerTargetScope(parent.targetScope, placement, template);
  const rawParameters = raw.parameters;
  return new TemplateInstance({
    run: parent.run,
    template,
    file: source.file,
    path: source.path,
    targetScope,
    expressionScope: inner ? { ...targetScope } : parent.scope,
    deploymentName: () => deployment.name.get(),
    provided: new Lazy(
      () => {
        if (!inner) return new Map();
        if (raw.parametersLink !== undefined) return new Unknown('nested deployment parameters come from a parametersLink, not available offline', undefined, 'not-in-run');
        return providedParameters(rawParameters, context);
      },
      () => new Unknown('nested deployment parameters refer to themselves'),
    ),
    ...(inner ? {} : { outer: parent, ...(deployment.loops ? { baseLoops: deployment.loops } : {}) }),
    depth: parent.depth + 1,
    deployedBy: deployment,
  });
}

function depthCapReached(deployment: ResourceInstance): Unknown | undefined {
  const parent = deployment.template;
  if (parent.depth + 1 <= MAX_NESTING_DEPTH) return undefined;
  parent.run.note(`nested deployments deeper than ${MAX_NESTING_DEPTH} levels are not expanded`);
  parent.run.tellUser(deployment, `nested deployments deeper than ${MAX_NESTING_DEPTH} levels are not evaluated`);
  const name = deployment.name.get();
  return parent.run.budget.refuse(
    `evaluation of nested deployment '${typeof name === 'string' ? name : String(deployment.raw.name)}' stopped at the limit of ${MAX_NESTING_DEPTH} levels of nested deployments`,
    deployment.declaration.at,
  );
}
