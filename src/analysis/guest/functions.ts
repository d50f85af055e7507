import type { Node, Tree } from 'web-tree-sitter';

/** How often each word (leaf text) occurs in a syntax tree, comments left out; per tree, and lower-cased apart. */
const wordCounts = new WeakMap<Tree, { exact: Map<string, number>; lower: Map<string, number> }>();

/** What a walk may read below a node: its named children, or those of a sequence that may run (reachable.ts). */
export type ChildrenRun = (node: Node) => readonly Node[];

function countsOf(tree: Tree, childrenRun: ChildrenRun): { exact: Map<string, number>; lower: Map<string, number> } {
  let counts = wordCounts.get(tree);
  if (counts) return counts;
  counts = { exact: new Map(), lower: new Map() };
  const stack: Node[] = [tree.rootNode];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.childCount === 0) {
      if (node.type === 'comment') continue;
      counts.exact.set(node.text, (counts.exact.get(node.text) ?? 0) + 1);
      const lower = node.text.toLowerCase();
      counts.lower.set(lower, (counts.lower.get(lower) ?? 0) + 1);
      continue;
    }
    for (const child of childrenRun(node)) stack.push(child);
  }
  wordCounts.set(tree, counts);
  return counts;
}

/**
 * Whether the function a script defines (a bash `name() { … }`, a PowerShell `function Name { … }`) is used
 * anywhere else in the script: as a command, or as a word handed to one (`trap name EXIT`). A function never used
 * never runs, so its commands are no facts; nor does one used only in code that never runs (after an `exit`), which
 * `childrenRun` leaves out. `nameNode` is the definition's own name, a word of the tree.
 */
export function isFunctionUsed(nameNode: Node, caseInsensitive: boolean, childrenRun: ChildrenRun): boolean {
  const counts = countsOf(nameNode.tree, childrenRun);
  const count = caseInsensitive ? counts.lower.get(nameNode.text.toLowerCase()) : counts.exact.get(nameNode.text);
  return (count ?? 0) > 1;
}
