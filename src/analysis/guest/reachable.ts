import type { Node } from 'web-tree-sitter';

const NO_ALTERNATIVES: ReadonlySet<string> = new Set();

/**
 * The named children of a statement sequence that may run: the statements up to the first that always ends the
 * sequence (`exit`, a `return` …, told by `ends` from the statement and the token or node after it), none after it;
 * `alternatives` are children that do not follow it in the sequence but replace it (an `if`'s `elif`/`else` clauses,
 * after an `exit` in its `then` part): they are kept.
 */
export function reachableChildren(sequence: Node, ends: (statement: Node, next: Node | undefined) => boolean, alternatives = NO_ALTERNATIVES): Node[] {
  const children = sequence.children;
  const run: Node[] = [];
  let ended = false;
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    if (!child.isNamed) continue;
    if (!ended || alternatives.has(child.type)) run.push(child);
    ended ||= ends(child, children[i + 1]);
  }
  return run;
}
