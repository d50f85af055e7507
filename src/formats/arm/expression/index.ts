export type { EvalContext, ExpressionHost, LoopFrame, UserFunction } from './context';
export { evaluateString } from './evaluate';
export { isTemplateExpression, parseTemplateExpression, unescapeLiteral } from './parser';
export { scopePrefix, type ScopeKind, type TemplateScope } from './scope';
export { buildResourceId } from './functions/resource-id';
export { deterministicGuid, uniqueString } from './functions/hash';
export { markDeployedStateDeep } from './values';
