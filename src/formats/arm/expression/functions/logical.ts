import { isUnknown, Unknown, withoutSymbol, type Value } from '../../../../model/unknown';
import type { ExpressionNode } from '../ast';
import type { EvalContext, Evaluate } from '../context';
import { fail } from '../errors';
import { expectBool, typeName } from '../values';
import { ANY, fixed, type FunctionTable } from './spec';

/** `and` / `or`: a deciding operand wins even when another operand is Unknown. */
function shortCircuit(decisive: boolean) {
  return (args: ExpressionNode[], context: EvalContext, evaluate: Evaluate): Value => {
    let pending: Unknown | undefined;
    for (let i = 0; i < args.length; i++) {
      const value = evaluate(args[i]!, context);
      if (isUnknown(value)) {
        pending ??= value;
        continue;
      }
      if (expectBool(value, `argument ${i + 1}`) === decisive) return decisive;
    }
    return pending ?? !decisive;
  };
}

export function toBool(value: Value): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    if (/^-?\d+$/.test(lower)) return Number(lower) !== 0;
  }
  return fail(`cannot convert ${typeName(value)} ${JSON.stringify(value)} to bool`);
}

export const LOGICAL_FUNCTIONS: FunctionTable = {
  and: { minArgs: 2, maxArgs: ANY, lazy: shortCircuit(false) },
  or: { minArgs: 2, maxArgs: ANY, lazy: shortCircuit(true) },
  not: fixed(1, ([value]) => !expectBool(value!, 'argument')),
  bool: fixed(1, ([value]) => toBool(value!)),
  true: fixed(0, () => true),
  false: fixed(0, () => false),
  if: {
    minArgs: 3,
    maxArgs: 3,
    carriesSymbols: true,
    lazy: (args, context, evaluate) => {
      const condition = evaluate(args[0]!, context);
      if (isUnknown(condition)) return withoutSymbol(condition);
      return evaluate(expectBool(condition, 'condition') ? args[1]! : args[2]!, context);
    },
  },
};
