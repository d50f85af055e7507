import { fail } from '../errors';
import { scopePrefix, type TemplateScope } from '../scope';
import { expectString } from '../values';
import { ANY, type FunctionTable } from './spec';

/**
 * Azure's resource ID layout: type segments after the namespace interleave with name segments
 * (`{prefix}providers/Ns/type1/name1/type2/name2`). `prefix` ends with `/`.
 */
export function buildResourceId(prefix: string, type: string, names: readonly string[]): string {
  const typeSegments = type.split('/');
  const nameSegments = names.flatMap((name) => name.split('/'));
  if (typeSegments.length < 2 || typeSegments.some((s) => s === '')) fail(`'${type}' is not a resource type`);
  if (nameSegments.length !== typeSegments.length - 1) {
    fail(`resource type '${type}' needs ${typeSegments.length - 1} name segment(s), got ${nameSegments.length}`);
  }
  let id = `${prefix}providers/${typeSegments[0]}`;
  for (let i = 1; i < typeSegments.length; i++) id += `/${typeSegments[i]}/${nameSegments[i - 1]}`;
  return id;
}

function strings(args: readonly unknown[]): string[] {
  return args.map((arg, i) => expectString(arg as never, `argument ${i + 1}`));
}

/** `resourceId([subscriptionId], [resourceGroupName], type, names...)`: the type is the first argument containing `/`. */
function resourceId(args: string[], scope: TemplateScope): string {
  const typeIndex = args.findIndex((arg) => arg.includes('/'));
  if (typeIndex < 0 || typeIndex > 2) fail('cannot find the resource type argument');
  const names = args.slice(typeIndex + 1);
  if (typeIndex === 0) return buildResourceId(scopePrefix(scope), args[0]!, names);
  const subscriptionId = typeIndex === 2 ? args[0]! : scope.subscriptionId;
  const resourceGroup = args[typeIndex - 1]!;
  return buildResourceId(`/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/`, args[typeIndex]!, names);
}

function subscriptionResourceId(args: string[], scope: TemplateScope): string {
  const explicit = !args[0]!.includes('/') && args.length > 1 && args[1]!.includes('/');
  const subscriptionId = explicit ? args[0]! : scope.subscriptionId;
  const rest = explicit ? args.slice(1) : args;
  return buildResourceId(`/subscriptions/${subscriptionId}/`, rest[0]!, rest.slice(1));
}

function managementGroupResourceId(args: string[], scope: TemplateScope): string {
  const explicit = !args[0]!.includes('/') && args.length > 1 && args[1]!.includes('/');
  const group = explicit ? args[0]! : scope.managementGroup;
  const rest = explicit ? args.slice(1) : args;
  return buildResourceId(`/providers/Microsoft.Management/managementGroups/${group}/`, rest[0]!, rest.slice(1));
}

function extensionResourceId(args: string[]): string {
  const [base, type, ...names] = args;
  const prefix = base!.endsWith('/') ? base! : `${base}/`;
  return buildResourceId(prefix, type!, names);
}

export const RESOURCE_ID_FUNCTIONS: FunctionTable = {
  resourceid: { minArgs: 2, maxArgs: ANY, call: (args, context) => resourceId(strings(args), context.host.scope) },
  subscriptionresourceid: { minArgs: 2, maxArgs: ANY, call: (args, context) => subscriptionResourceId(strings(args), context.host.scope) },
  managementgroupresourceid: { minArgs: 2, maxArgs: ANY, call: (args, context) => managementGroupResourceId(strings(args), context.host.scope) },
  tenantresourceid: {
    minArgs: 2,
    maxArgs: ANY,
    call: (args) => {
      const [type, ...names] = strings(args);
      return buildResourceId('/', type!, names);
    },
  },
  extensionresourceid: { minArgs: 3, maxArgs: ANY, call: (args) => extensionResourceId(strings(args)) },
};
