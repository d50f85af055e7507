import { pointerOf } from '../../model/location';
import { Unknown } from '../../model/unknown';
import type { EvaluationBudget } from './budget';

/**
 * Cuts parsed JSON that nests deeper than `maxDepth` objects/arrays (walked with an explicit stack, so any depth
 * is safe): the first container found too deep is replaced, in place, by an Unknown saying so. Answers its path,
 * or undefined when the tree is within the limit. Only the first such subtree is cut; the walk stops there.
 */
export function firstTooDeep(root: unknown, maxDepth: number, reason: string): (string | number)[] | undefined {
  // Nearly every tree is within the limit: a walk that allocates nothing says so; only a tree that is not is
  // walked again to find and cut its first too-deep container.
  if (!nestsTooDeep(root, maxDepth)) return undefined;
  const stack: { node: unknown; path: (string | number)[] }[] = [{ node: root, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (node === null || typeof node !== 'object' || node instanceof Unknown) continue;
    const entries: [string | number, unknown][] = Array.isArray(node) ? node.map((item, i) => [i, item]) : Object.entries(node);
    for (const [key, child] of entries) {
      if (child === null || typeof child !== 'object') continue;
      const childPath = [...path, key];
      if (childPath.length >= maxDepth) {
        (node as Record<string | number, unknown>)[key] = new Unknown(reason, undefined, 'evaluation-limit');
        return childPath;
      }
      stack.push({ node: child, path: childPath });
    }
  }
  return undefined;
}

/**
 * Whether a container (an Unknown included) lies `remaining` or more levels below `node`. Recursion is safe: it
 * goes at most `remaining` levels deep (the JSON depth limit) whatever the tree.
 */
function nestsTooDeep(node: unknown, remaining: number): boolean {
  if (node === null || typeof node !== 'object' || node instanceof Unknown) return false;
  if (Array.isArray(node)) {
    for (const child of node) {
      if (child !== null && typeof child === 'object' && (remaining <= 1 || nestsTooDeep(child, remaining - 1))) return true;
    }
    return false;
  }
  for (const key in node) {
    const child = (node as Record<string, unknown>)[key];
    if (child !== null && typeof child === 'object' && (remaining <= 1 || nestsTooDeep(child, remaining - 1))) return true;
  }
  return false;
}

/** Cuts parsed JSON of `file` nested deeper than the budget allows, reporting where (BL002). */
export function cutTooDeep(file: string, value: unknown, budget: EvaluationBudget): void {
  const limit = budget.limits.jsonDepth;
  const message = `evaluation of this value stopped at the limit of ${limit} levels of nesting`;
  const path = firstTooDeep(value, limit, `${message} (see BL002)`);
  if (path) budget.refuse(message, { file, pointer: pointerOf(path) });
}
