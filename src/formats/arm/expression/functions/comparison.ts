import { SymbolicMember } from '../../../../model/symbolic-value';
import { isUnknown, SymbolicText, withoutSymbol, type Unknown, type Value } from '../../../../model/unknown';
import { fail } from '../errors';
import { deepEquals, typeName } from '../values';
import { ANY, fixed, type FunctionTable } from './spec';

// Strings compare by culture rules as in .NET, not by code point: Microsoft documents `greater('A', 'a')` as true
// (template-functions-comparison#greater), where an ordinal comparison says false. Made on first use: creating a
// collator costs milliseconds at start-up that most runs never need.
let stringOrder: Intl.Collator | undefined;

function compare(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return (stringOrder ??= new Intl.Collator('en-US')).compare(a, b);
  return fail(`cannot compare ${typeName(a)} with ${typeName(b)}`);
}

function isNeverNull(value: Unknown): boolean {
  return value instanceof SymbolicText && !(value instanceof SymbolicMember);
}

export const COMPARISON_FUNCTIONS: FunctionTable = {
  coalesce: {
    minArgs: 1,
    maxArgs: ANY,
    // A string parameter's symbol is never null: when it comes first, it is the result. A member of an object
    // parameter, or the object itself, may be null, so it leaves the result unknown.
    carriesSymbols: true,
    lazy: (args, context, evaluate) => {
      // The first non-null argument wins; an Unknown before it could be null or not, so the result is Unknown.
      let pending: Unknown | undefined;
      for (const arg of args) {
        const value = evaluate(arg, context);
        if (isUnknown(value)) {
          pending ??= isNeverNull(value) ? value : withoutSymbol(value);
        } else if (value !== null) {
          return pending ?? value;
        }
      }
      return pending ?? null;
    },
  },
  equals: fixed(2, ([a, b]) => deepEquals(a!, b!)),
  less: fixed(2, ([a, b]) => compare(a!, b!) < 0),
  lessorequals: fixed(2, ([a, b]) => compare(a!, b!) <= 0),
  greater: fixed(2, ([a, b]) => compare(a!, b!) > 0),
  greaterorequals: fixed(2, ([a, b]) => compare(a!, b!) >= 0),
};
