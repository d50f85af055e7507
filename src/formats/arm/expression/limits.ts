import { currentBudget } from '../../budget';
import type { Unknown, Value } from '../../../model/unknown';
import { MAX_EXPRESSION_DEPTH } from './parser';

/** Functions that hand back a value that already exists (an input, a variable): nothing new is allocated. */
const RETURNS_EXISTING = new Set(['parameters', 'variables', 'reference', 'references', 'copyindex', 'lambdavariables', 'if', 'coalesce', 'first', 'last', 'trygetvalue', 'tryget']);

function textLength(value: Value | undefined): number {
  return typeof value === 'string' ? value.length : 0;
}

/**
 * Size of the string some functions would build, known from their arguments before building it: a call that
 * would exceed the per-value limit is refused before it allocates (`padLeft('', 400000000)`).
 */
function promisedLength(key: string, args: readonly Value[]): number {
  switch (key) {
    case 'padleft':
      return typeof args[1] === 'number' ? args[1] : 0;
    case 'replace': {
      const [text, search, replacement] = args.map(textLength) as [number, number, number];
      return text + Math.floor(text / Math.max(1, search)) * replacement;
    }
    case 'concat':
    case 'format':
      return args.reduce<number>((total, arg) => total + textLength(arg), 0);
    default:
      return 0;
  }
}

/**
 * Functions that compare every element with every other: their work is counted in steps, a hundred comparisons
 * (each far cheaper than an evaluation step) to a step. A list of 1,000 costs 10,000 steps; one of 10,000 all of them.
 */
const COMPARISONS_PER_STEP = 100;
const QUADRATIC = new Set(['union', 'intersection']);

/** Checks a built-in call before it runs; an Unknown (reported as BL002) when it would build or compare too much. */
export function checkCall(name: string, key: string, args: readonly Value[]): Unknown | undefined {
  const budget = currentBudget();
  if (QUADRATIC.has(key)) {
    const elements = args.reduce<number>((total, arg) => total + (Array.isArray(arg) ? arg.length : 0), 0);
    const stopped = budget.manySteps(Math.ceil((elements * elements) / COMPARISONS_PER_STEP));
    if (stopped) return stopped;
  }
  return budget.stringLength(promisedLength(key, args), `${name}()`);
}

/** Charges the value a built-in call returned; it becomes Unknown (reported as BL002) when over a limit. */
export function chargeResult(name: string, key: string, result: Value): Value {
  return currentBudget().built(result, `${name}()`, undefined, !RETURNS_EXISTING.has(key));
}

/** One evaluation step of the file's budget; the Unknown to answer once the budget is spent. */
export function evaluationStep(): Unknown | undefined {
  return currentBudget().step();
}

/** An expression nested deeper than the parser reads: Unknown, reported as BL002 where it is evaluated. */
export function refuseTooDeep(): Unknown {
  return currentBudget().refuse(`evaluation of this expression stopped at the limit of ${MAX_EXPRESSION_DEPTH} levels of nesting`);
}
