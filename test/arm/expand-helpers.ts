import { DEFAULT_DEPLOYMENT_CONTEXT, expandTemplate, type ExpandResult } from '../../src/formats/arm/expand';
import type { RawResource } from '../../src/model/resource';

export const RG_SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
export const SUB_SCHEMA = 'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#';
export const MG_SCHEMA = 'https://schema.management.azure.com/schemas/2019-08-01/managementGroupDeploymentTemplate.json#';
export const TENANT_SCHEMA = 'https://schema.management.azure.com/schemas/2019-08-01/tenantDeploymentTemplate.json#';
export const SUB = '00000000-0000-0000-0000-000000000000';
export const RG_PREFIX = `/subscriptions/${SUB}/resourceGroups/backup-lint-rg/providers`;

export function expand(template: Record<string, unknown>, parameters?: Record<string, unknown>, format: 'arm' | 'bicep-json' = 'arm'): ExpandResult {
  return expandTemplate({
    file: 'infra/main.json',
    format,
    template: { $schema: RG_SCHEMA, contentVersion: '1.0.0.0', ...template },
    ...(parameters ? { parameterValues: { values: parameters, file: 'infra/main.parameters.json' } } : {}),
    context: DEFAULT_DEPLOYMENT_CONTEXT,
  });
}

export function byName(result: ExpandResult, name: string): RawResource {
  const found = result.resources.find((resource) => resource.name === name);
  if (!found) throw new Error(`no resource named ${name}; have ${result.resources.map((r) => String(r.name)).join(', ')}`);
  return found;
}

export function names(result: ExpandResult): unknown[] {
  return result.resources.map((resource) => (typeof resource.name === 'string' ? resource.name : `<${resource.name.reason}>`));
}
