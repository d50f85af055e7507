import { isUnknown, type Value } from '../../../../model/unknown';
import { fail } from '../errors';
import { expectInt, typeName } from '../values';
import { ANY, fixed, type FunctionSpec, type FunctionTable } from './spec';

function toInt(value: Value): number {
  if (typeof value === 'number') return Math.trunc(value);
  if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return fail(`cannot convert ${typeName(value)} ${JSON.stringify(value)} to int`);
}

function toFloat(value: Value): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return fail(`cannot convert ${typeName(value)} ${JSON.stringify(value)} to float`);
}

/** `min`/`max` take either several integers or one array of integers. */
function extreme(pick: (a: number, b: number) => number): FunctionSpec {
  return {
    minArgs: 1,
    maxArgs: ANY,
    call: (args) => {
      const items = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
      if (items.length === 0) fail('needs at least one value');
      let result: number | undefined;
      for (const item of items) {
        if (isUnknown(item)) return item;
        const n = expectInt(item, 'value');
        result = result === undefined ? n : pick(result, n);
      }
      return result!;
    },
  };
}

export const NUMERIC_FUNCTIONS: FunctionTable = {
  add: fixed(2, ([a, b]) => expectInt(a!, 'operand 1') + expectInt(b!, 'operand 2')),
  sub: fixed(2, ([a, b]) => expectInt(a!, 'operand 1') - expectInt(b!, 'operand 2')),
  mul: fixed(2, ([a, b]) => expectInt(a!, 'operand 1') * expectInt(b!, 'operand 2')),
  div: fixed(2, ([a, b]) => {
    const divisor = expectInt(b!, 'divisor');
    if (divisor === 0) fail('division by zero');
    return Math.trunc(expectInt(a!, 'dividend') / divisor);
  }),
  mod: fixed(2, ([a, b]) => {
    const divisor = expectInt(b!, 'divisor');
    if (divisor === 0) fail('division by zero');
    return expectInt(a!, 'dividend') % divisor;
  }),
  int: fixed(1, ([value]) => toInt(value!)),
  float: fixed(1, ([value]) => toFloat(value!)),
  min: extreme(Math.min),
  max: extreme(Math.max),
};
