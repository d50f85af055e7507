import type { Unknown } from '../../../model/unknown';
import type { ScopeKind, TemplateScope } from '../expression';

/** Where a template's resources are deployed. `unknown` is set when the target itself cannot be evaluated. */
export interface TargetScope extends TemplateScope {
  unknown?: Unknown;
}

const SCHEMA_SCOPE = /\/([a-zA-Z]+)Template\.json/;

/** Scope kind from a template's `$schema` (the pattern Bicep's evaluator uses); resource group when unrecognised. */
export function scopeKindOfSchema(schema: unknown): ScopeKind {
  if (typeof schema !== 'string') return 'resourceGroup';
  const kind = SCHEMA_SCOPE.exec(schema)?.[1]?.toLowerCase();
  switch (kind) {
    case 'subscriptiondeployment':
      return 'subscription';
    case 'managementgroupdeployment':
      return 'managementGroup';
    case 'tenantdeployment':
      return 'tenant';
    default:
      return 'resourceGroup';
  }
}
