import { certainlyEndsWith, concatText, literalIncludes, splitText, type Text } from '../../../../model/symbolic-text';
import { fail } from '../errors';
import { scopePrefix, type TemplateScope } from '../scope';
import { textArguments } from '../values';
import { ANY, type FunctionTable } from './spec';

/**
 * Azure's resource ID layout: type segments after the namespace interleave with name segments
 * (`{prefix}providers/Ns/type1/name1/type2/name2`). `prefix` ends with `/`. Names may be symbolic: they split at
 * their literal `/` only, so the result is symbolic too.
 */
export function buildResourceId(prefix: string, type: string, names: readonly string[]): string;
export function buildResourceId(prefix: Text, type: string, names: readonly Text[]): Text;
export function buildResourceId(prefix: Text, type: string, names: readonly Text[]): Text {
  // A trailing `/` (`'Microsoft.Network/publicIPAddresses/'`, in quickstart templates that deploy) is accepted by ARM.
  const typeSegments = type.replace(/\/$/, '').split('/');
  const nameSegments = names.flatMap((name) => splitText(name, '/'));
  if (typeSegments.length < 2 || typeSegments.some((s) => s === '')) fail(`'${type}' is not a resource type`);
  if (nameSegments.length !== typeSegments.length - 1) {
    fail(`resource type '${type}' needs ${typeSegments.length - 1} name segment(s), got ${nameSegments.length}`);
  }
  const pieces: Text[] = [prefix, `providers/${typeSegments[0]}`];
  for (let i = 1; i < typeSegments.length; i++) pieces.push(`/${typeSegments[i]}/`, nameSegments[i - 1]!);
  return concatText(pieces);
}

/** A type argument must be a known string: a symbol cannot say how many name segments follow. */
function knownType(arg: Text): string {
  if (typeof arg !== 'string') fail('the resource type is not known before deployment');
  return arg;
}

/** An argument that looks like a resource type (contains `/`). A symbol with a literal `/` might be one: unknowable. */
function isTypeArgument(arg: Text): boolean {
  return literalIncludes(arg, '/');
}

/**
 * `resourceId([subscriptionId], [resourceGroupName], type, names...)`: the type is the first argument containing `/`.
 * A symbol without a literal `/` before the type is taken as the subscription or resource group, as ARM would
 * with any value that is not a type (neither a subscription ID nor a resource group name can contain `/`).
 */
function resourceId(args: Text[], scope: TemplateScope): Text {
  const typeIndex = args.findIndex(isTypeArgument);
  if (typeIndex < 0 || typeIndex > 2) fail('cannot find the resource type argument');
  const type = knownType(args[typeIndex]!);
  const names = args.slice(typeIndex + 1);
  if (typeIndex === 0) return buildResourceId(scopePrefix(scope), type, names);
  const subscriptionId = typeIndex === 2 ? args[0]! : scope.subscriptionId;
  const resourceGroup = args[typeIndex - 1]!;
  return buildResourceId(concatText(['/subscriptions/', subscriptionId, '/resourceGroups/', resourceGroup, '/']), type, names);
}

/** Whether the call names its own scope first (`fn(scopeName, type, names...)`). */
function hasExplicitScope(args: Text[]): boolean {
  return !isTypeArgument(args[0]!) && args.length > 1 && isTypeArgument(args[1]!);
}

function subscriptionResourceId(args: Text[], scope: TemplateScope): Text {
  const explicit = hasExplicitScope(args);
  const subscriptionId = explicit ? args[0]! : scope.subscriptionId;
  const rest = explicit ? args.slice(1) : args;
  return buildResourceId(concatText(['/subscriptions/', subscriptionId, '/']), knownType(rest[0]!), rest.slice(1));
}

function managementGroupResourceId(args: Text[], scope: TemplateScope): Text {
  const explicit = hasExplicitScope(args);
  const group = explicit ? args[0]! : scope.managementGroup;
  const rest = explicit ? args.slice(1) : args;
  return buildResourceId(concatText(['/providers/Microsoft.Management/managementGroups/', group, '/']), knownType(rest[0]!), rest.slice(1));
}

function extensionResourceId(args: Text[]): Text {
  const [base, type, ...names] = args;
  const prefix = certainlyEndsWith(base!, '/') ? base! : concatText([base!, '/']);
  return buildResourceId(prefix, knownType(type!), names);
}

export const RESOURCE_ID_FUNCTIONS: FunctionTable = {
  resourceid: { minArgs: 2, maxArgs: ANY, carriesSymbols: true, call: (args, context) => resourceId(textArguments(args), context.host.scope) },
  subscriptionresourceid: { minArgs: 2, maxArgs: ANY, carriesSymbols: true, call: (args, context) => subscriptionResourceId(textArguments(args), context.host.scope) },
  managementgroupresourceid: { minArgs: 2, maxArgs: ANY, carriesSymbols: true, call: (args, context) => managementGroupResourceId(textArguments(args), context.host.scope) },
  tenantresourceid: {
    minArgs: 2,
    maxArgs: ANY,
    carriesSymbols: true,
    call: (args) => {
      const [type, ...names] = textArguments(args);
      return buildResourceId('/', knownType(type!), names);
    },
  },
  extensionresourceid: { minArgs: 3, maxArgs: ANY, carriesSymbols: true, call: (args) => extensionResourceId(textArguments(args)) },
};
