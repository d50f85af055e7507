import type { Value } from '../../../model/unknown';
import type { ExpressionNode } from './ast';
import type { TemplateScope } from './scope';

/** A user-defined function (`functions[].members`), Bicep's `__bicep` namespace included. */
export interface UserFunction {
  parameterNames: string[];
  body: Value;
}

/** What an expression can see of its template and deployment. Implemented by the template expander. */
export interface ExpressionHost {
  readonly scope: TemplateScope;
  parameter(name: string): Value;
  variable(name: string): Value;
  userFunction(namespace: string, name: string): UserFunction | undefined;
  /** `reference(target, apiVersion, 'Full')`: properties (or the whole resource) of a resource in this deployment. */
  reference(target: string, full: boolean): Value;
  /** `references('loop')`: the instances of a looped resource or module. */
  references(symbolicName: string, full: boolean): Value;
  deployment(): Value;
}

/** A copy loop iteration visible to `copyIndex()`. */
export interface LoopFrame {
  name: string | undefined;
  index: Value;
  /** Resource, module and output loops answer `copyIndex()` without a loop name. */
  answersUnnamed: boolean;
  outer: LoopFrame | undefined;
}

/** Lambda parameters in scope (`lambdaVariables('x')`). */
export interface LambdaFrame {
  name: string;
  value: Value;
  outer: LambdaFrame | undefined;
}

export interface EvalContext {
  host: ExpressionHost;
  loops?: LoopFrame | undefined;
  lambdas?: LambdaFrame | undefined;
  /** Depth of nested user-function calls, to stop runaway recursion. */
  depth?: number;
}

export type Evaluate = (node: ExpressionNode, context: EvalContext) => Value;
