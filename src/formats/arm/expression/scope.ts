/** Where a template deploys; decides the shape of resource IDs and which scope functions exist. */
export type ScopeKind = 'resourceGroup' | 'subscription' | 'managementGroup' | 'tenant';

export interface TemplateScope {
  kind: ScopeKind;
  subscriptionId: string;
  resourceGroup: string;
  managementGroup: string;
  tenantId: string;
  location: string;
}

/** Prefix of resource IDs deployed at a scope, ending with `/`. */
export function scopePrefix(scope: Pick<TemplateScope, 'kind' | 'subscriptionId' | 'resourceGroup' | 'managementGroup'>): string {
  switch (scope.kind) {
    case 'resourceGroup':
      return `/subscriptions/${scope.subscriptionId}/resourceGroups/${scope.resourceGroup}/`;
    case 'subscription':
      return `/subscriptions/${scope.subscriptionId}/`;
    case 'managementGroup':
      return `/providers/Microsoft.Management/managementGroups/${scope.managementGroup}/`;
    case 'tenant':
      return '/';
  }
}
