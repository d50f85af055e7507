import { Unknown, type Value } from '../../src/model/unknown';
import { evaluateString, type EvalContext, type ExpressionHost, type TemplateScope, type UserFunction } from '../../src/formats/arm/expression';

export const RG_SCOPE: TemplateScope = {
  kind: 'resourceGroup',
  subscriptionId: '00000000-0000-0000-0000-000000000000',
  resourceGroup: 'backup-lint-rg',
  managementGroup: 'backup-lint-mg',
  tenantId: '00000000-0000-0000-0000-000000000000',
  location: 'westeurope',
};

/** A minimal host for expression tests: fixed parameters, variables and user functions. */
export function testHost(options: { scope?: TemplateScope; parameters?: Record<string, Value>; variables?: Record<string, Value>; functions?: Record<string, UserFunction> } = {}): ExpressionHost {
  return {
    scope: options.scope ?? RG_SCOPE,
    parameter: (name) => options.parameters?.[name] ?? new Unknown(`parameter '${name}' has no value`),
    variable: (name) => options.variables?.[name] ?? new Unknown(`variable '${name}' is not defined`),
    userFunction: (namespace, name) => options.functions?.[`${namespace}.${name}`.toLowerCase()],
    reference: (target) => new Unknown(`reference to '${target}' outside this deployment`),
    references: (name) => new Unknown(`references to '${name}' outside this deployment`),
    deployment: () => ({ name: 'backup-lint' }),
  };
}

export function evaluate(expression: string, host: ExpressionHost = testHost(), extra: Partial<EvalContext> = {}): Value {
  return evaluateString(expression, { host, ...extra });
}

/** The reason of an Unknown result, or a failure message that shows the known value. */
export function reasonOf(value: Value): string {
  if (value instanceof Unknown) return value.reason;
  throw new Error(`expected Unknown, got ${JSON.stringify(value)}`);
}
