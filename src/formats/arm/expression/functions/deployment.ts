import { Unknown, type Value } from '../../../../model/unknown';
import type { EvalContext, LoopFrame } from '../context';
import { fail } from '../errors';
import type { TemplateScope } from '../scope';
import { expectString, typeName } from '../values';
import { ANY, carryingSymbols, fixed, ranged, type FunctionTable } from './spec';

/** `environment()` in the public Azure cloud. */
export const AZURE_CLOUD_ENVIRONMENT: Value = {
  name: 'AzureCloud',
  gallery: 'https://gallery.azure.com/',
  graph: 'https://graph.windows.net/',
  portal: 'https://portal.azure.com',
  graphAudience: 'https://graph.windows.net/',
  activeDirectoryDataLake: 'https://datalake.azure.net/',
  batch: 'https://batch.core.windows.net/',
  media: 'https://rest.media.azure.net',
  sqlManagement: 'https://management.core.windows.net:8443/',
  vmImageAliasDoc: 'https://raw.githubusercontent.com/Azure/azure-rest-api-specs/master/arm-compute/quickstart-templates/aliases.json',
  resourceManager: 'https://management.azure.com/',
  authentication: {
    loginEndpoint: 'https://login.microsoftonline.com/',
    audiences: ['https://management.core.windows.net/', 'https://management.azure.com/'],
    tenant: 'common',
    identityProvider: 'AAD',
  },
  suffixes: {
    acrLoginServer: '.azurecr.io',
    azureDatalakeAnalyticsCatalogAndJob: 'azuredatalakeanalytics.net',
    azureDatalakeStoreFileSystem: 'azuredatalakestore.net',
    azureFrontDoorEndpointSuffix: 'azurefd.net',
    keyvaultDns: '.vault.azure.net',
    sqlServerHostname: '.database.windows.net',
    storage: 'core.windows.net',
  },
};

function requireScope(scope: TemplateScope, functionName: string, allowed: TemplateScope['kind'][]): void {
  if (!allowed.includes(scope.kind)) fail(`${functionName}() is not available in a ${scope.kind} deployment`);
}

function resourceGroupObject(scope: TemplateScope): Value {
  return {
    id: `/subscriptions/${scope.subscriptionId}/resourceGroups/${scope.resourceGroup}`,
    name: scope.resourceGroup,
    type: 'Microsoft.Resources/resourceGroups',
    location: scope.location,
    tags: {},
    properties: { provisioningState: 'Succeeded' },
  };
}

function subscriptionObject(scope: TemplateScope): Value {
  return {
    id: `/subscriptions/${scope.subscriptionId}`,
    subscriptionId: scope.subscriptionId,
    tenantId: scope.tenantId,
    displayName: new Unknown('subscription display name is only known at deployment time', undefined, 'deploy-time-input'),
  };
}

function managementGroupObject(name: string): Value {
  return {
    id: `/providers/Microsoft.Management/managementGroups/${name}`,
    name,
    type: '/providers/Microsoft.Management/managementGroups',
    properties: { displayName: new Unknown('management group display name is only known at deployment time', undefined, 'deploy-time-input') },
  };
}

function copyIndex(args: Value[], context: EvalContext): Value {
  let loopName: string | undefined;
  let offset = 0;
  if (args.length === 2) {
    loopName = expectString(args[0]!, 'loop name');
    offset = expectOffset(args[1]!);
  } else if (args.length === 1) {
    if (typeof args[0] === 'string') loopName = args[0];
    else offset = expectOffset(args[0]!);
  }
  const wanted = loopName?.toLowerCase();
  let found = undefined as LoopFrame | undefined;
  for (let frame = context.loops; frame && !found; frame = frame.outer) {
    if (wanted === undefined ? frame.answersUnnamed : frame.name?.toLowerCase() === wanted) found = frame;
  }
  // Lenient like ARM for a single enclosing loop: `copyIndex()` inside a property or variable copy.
  if (!found && wanted === undefined && context.loops && !context.loops.outer) found = context.loops;
  if (found) return typeof found.index === 'number' ? found.index + offset : found.index;
  return fail(loopName === undefined ? 'used outside a copy loop' : `no enclosing copy loop named '${loopName}'`);
}

function expectOffset(value: Value): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  return fail(`offset must be an integer, got ${typeName(value)}`);
}

function unknowable(reason: string) {
  return () => new Unknown(reason, undefined, 'deploy-time-input');
}

export const DEPLOYMENT_FUNCTIONS: FunctionTable = {
  parameters: carryingSymbols(fixed(1, ([name], context) => context.host.parameter(expectString(name!, 'parameter name')))),
  variables: carryingSymbols(fixed(1, ([name], context) => context.host.variable(expectString(name!, 'variable name')))),
  deployment: fixed(0, (_, context) => context.host.deployment()),
  environment: fixed(0, () => AZURE_CLOUD_ENVIRONMENT),
  resourcegroup: fixed(0, (_, context) => {
    requireScope(context.host.scope, 'resourceGroup', ['resourceGroup']);
    return resourceGroupObject(context.host.scope);
  }),
  subscription: fixed(0, (_, context) => {
    requireScope(context.host.scope, 'subscription', ['resourceGroup', 'subscription']);
    return subscriptionObject(context.host.scope);
  }),
  tenant: fixed(0, (_, context) => ({
    id: `/tenants/${context.host.scope.tenantId}`,
    tenantId: context.host.scope.tenantId,
    countryCode: new Unknown('tenant country is only known at deployment time', undefined, 'deploy-time-input'),
    displayName: new Unknown('tenant display name is only known at deployment time', undefined, 'deploy-time-input'),
  })),
  managementgroup: ranged(0, 1, ([name], context) => managementGroupObject(name === undefined ? context.host.scope.managementGroup : expectString(name, 'name'))),
  copyindex: ranged(0, 2, copyIndex),
  utcnow: ranged(0, 1, unknowable('utcNow() is only known at deployment time')),
  externalinputs: ranged(1, 1, unknowable('externalInputs() are only known at deployment time')),
  pickzones: ranged(3, 5, unknowable('pickZones() depends on the subscription')),
  providers: ranged(1, 2, unknowable('providers() depends on the subscription')),
  list: { minArgs: 2, maxArgs: ANY, call: unknowable('list() result is only known at deployment time') },
  reference: ranged(1, 3, ([target, , option], context) => {
    const full = typeof option === 'string' && option.toLowerCase() === 'full';
    return context.host.reference(expectString(target!, 'resource name or ID'), full);
  }),
  references: ranged(1, 2, ([name, option], context) => {
    const full = typeof option === 'string' && option.toLowerCase() === 'full';
    return context.host.references(expectString(name!, 'symbolic name'), full);
  }),
};
