import { currentBudget } from '../../budget';
import type { SourceRef } from '../../../model/location';
import type { Unknown, Value } from '../../../model/unknown';

/** Functions that hand back one of their arguments or a part of one: nothing new is allocated. */
const RETURNS_EXISTING = new Set(['coalesce', 'element', 'lookup', 'one', 'tolist', 'tomap', 'nonsensitive', 'sensitive', 'try']);

function textLength(value: Value | undefined): number {
  return typeof value === 'string' ? value.length : typeof value === 'number' ? 24 : 0;
}

/** The widest field a `format` spec asks for, times the number of verbs: `format("%0300000000d", 1)`. */
function formatLength(spec: Value | undefined, args: readonly Value[]): number {
  if (typeof spec !== 'string') return 0;
  let total = spec.length;
  for (const match of spec.matchAll(/%(?:\[\d+\])?[-+ 0#]*(\d+)?(?:\.(\d+))?[a-zA-Z%]/g)) total += Math.max(Number(match[1] ?? 0), Number(match[2] ?? 0));
  return total + args.reduce<number>((sum, arg) => sum + textLength(arg), 0);
}

/**
 * Length of the string some functions would build, known from their arguments before building it, so that a
 * call over the per-value limit is refused before it allocates.
 */
function promisedLength(name: string, args: readonly Value[]): number {
  switch (name) {
    case 'format':
      return formatLength(args[0], args.slice(1));
    case 'indent': {
      const text = args[1];
      const lines = typeof text === 'string' ? text.split('\n').length : 0;
      return textLength(text) + lines * (typeof args[0] === 'number' ? Math.max(0, args[0]) : 0);
    }
    case 'replace': {
      const [text, search, replacement] = args.map(textLength) as [number, number, number];
      return text + (text + 1) * replacement / Math.max(1, search);
    }
    case 'join': {
      const separator = textLength(args[0]);
      let total = 0;
      for (const list of args.slice(1)) if (Array.isArray(list)) for (const item of list) total += textLength(item) + separator;
      return total;
    }
    case 'strrev':
    case 'base64encode':
    case 'filebase64':
      return (textLength(args[0]) * 4) / 3;
    default:
      return 0;
  }
}

/**
 * Functions that compare every element with every other: their work is counted in steps, a hundred comparisons
 * (each far cheaper than an evaluation step) to a step. A list of 1,000 costs 10,000 steps; one of 10,000 all of them.
 */
const COMPARISONS_PER_STEP = 100;
const QUADRATIC = new Set(['distinct', 'toset', 'setunion', 'setintersection', 'setsubtract']);

/** Checks a function call before it runs; an Unknown (reported as BL002) when it would build or compare too much. */
export function checkCall(name: string, args: readonly Value[], at: SourceRef): Unknown | undefined {
  const budget = currentBudget();
  if (QUADRATIC.has(name)) {
    const elements = args.reduce<number>((total, arg) => total + (Array.isArray(arg) ? arg.length : 0), 0);
    const stopped = budget.manySteps(Math.ceil((elements * elements) / COMPARISONS_PER_STEP), () => at);
    if (stopped) return stopped;
  }
  return budget.stringLength(promisedLength(name, args), `${name}()`, at);
}

/** Charges a value just built (by a function, a tuple, an object, a `for` or a template) to the module's budget. */
export function chargeBuilt(value: Value, what: string, at: SourceRef, allocated = true): Value {
  if (typeof value !== 'string' && (value === null || typeof value !== 'object')) return value;
  return currentBudget().built(value, what, at, allocated);
}

export function chargeCall(name: string, value: Value, at: SourceRef): Value {
  return chargeBuilt(value, `${name}()`, at, !RETURNS_EXISTING.has(name));
}

/** One evaluation step of the module's budget; the Unknown to answer once the budget is spent. */
export function evaluationStep(at: () => SourceRef): Unknown | undefined {
  return currentBudget().step(at);
}

/** Counts `count` instances of a resource or module call; an Unknown (BL002) when the module would get too many. */
export function chargeInstances(count: number, what: string, at: SourceRef): Unknown | undefined {
  return currentBudget().instances(count, what, at);
}
