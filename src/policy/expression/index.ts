export type { CompiledExpression, ExpressionNode, ExpressionOrigin } from './ast';
export { compileExpression, type CompileOptions } from './compile';
export { ExpressionError } from './errors';
export { HELPER_NAMES } from './helpers';
export { evaluate, type EvaluationResult, type Scope } from './interpret';
export { ModelHandle } from './model-handle';
