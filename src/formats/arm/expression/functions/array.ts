import type { Value } from '../../../../model/unknown';
import { fail } from '../errors';
import { expectArray, expectInt } from '../values';
import { ANY, fixed, type FunctionTable } from './spec';

const MAX_RANGE = 10000;

export const ARRAY_FUNCTIONS: FunctionTable = {
  array: fixed(1, ([value]) => (Array.isArray(value) ? value : [value!])),
  createarray: { minArgs: 0, maxArgs: ANY, acceptsUnknown: true, call: (args) => args },
  range: fixed(2, ([start, count]) => {
    const first = expectInt(start!, 'start index');
    const n = expectInt(count!, 'count');
    if (n < 0 || n > MAX_RANGE) fail(`count ${n} is out of range`);
    return Array.from({ length: n }, (_, i) => first + i);
  }),
  flatten: fixed(1, ([value]) => {
    const result: Value[] = [];
    for (const item of expectArray(value!, 'argument')) {
      if (Array.isArray(item)) result.push(...item);
      else fail('every element must be an array');
    }
    return result;
  }),
};
