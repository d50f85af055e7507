import type { Value } from '../../../../model/unknown';
import type { ExpressionNode } from '../ast';
import type { EvalContext, Evaluate } from '../context';

export interface FunctionSpec {
  minArgs: number;
  maxArgs: number;
  /** Receives evaluated arguments. An Unknown argument makes the call Unknown before this runs, unless `acceptsUnknown`. */
  call?(args: Value[], context: EvalContext): Value;
  /** Receives argument nodes unevaluated: short-circuit functions (`if`, `coalesce`, `and`) and lambdas. */
  lazy?(args: ExpressionNode[], context: EvalContext, evaluate: Evaluate): Value;
  /** Top-level Unknown arguments are passed to `call` instead of short-circuiting. */
  acceptsUnknown?: boolean;
  /**
   * String-building (or pass-through) functions: a SymbolicText argument reaches `call` and a SymbolicText result
   * is kept. Every other function sees a symbol as a plain Unknown, so nothing compares or branches on one.
   */
  carriesSymbols?: boolean;
}

export type FunctionTable = Record<string, FunctionSpec>;

export const ANY = Number.POSITIVE_INFINITY;

export function fixed(count: number, call: (args: Value[], context: EvalContext) => Value): FunctionSpec {
  return { minArgs: count, maxArgs: count, call };
}

/** The same spec, marked as carrying symbolic text (see `FunctionSpec.carriesSymbols`). */
export function carryingSymbols(spec: FunctionSpec): FunctionSpec {
  return { ...spec, carriesSymbols: true };
}

export function ranged(minArgs: number, maxArgs: number, call: (args: Value[], context: EvalContext) => Value): FunctionSpec {
  return { minArgs, maxArgs, call };
}
