import type { Node, Parser, Tree } from 'web-tree-sitter';
import { lineIn, type ReadContext, type Span } from './context';

/**
 * Parses a script and hands its root to `read`, then frees the tree. A script that does not parse is read outside
 * its error subtree, and the text is marked unreadable (so facts found nowhere else become Unknown). So is one nested
 * too deeply for the readers' recursion (`'a' + 'a' + …` thousands of times): what was read before stays. A reader
 * that reads some of the grammar's errors as what they stand for says so with `readsErrors` (then the text is not
 * marked when those are all its errors). One that can read a text that does not parse as a copy of the same length
 * gives `respell` (see Respell): the copy's tree is read in its place, where it reads exactly.
 */
export function readSyntaxTree(ctx: ReadContext, parser: Parser, language: string, text: string, span: Span, read: (root: Node) => void, readsErrors?: (root: Node) => boolean, respell?: Respell): void {
  let tree = parser.parse(text);
  if (!tree) {
    ctx.unreadableText(`the ${language} script could not be parsed`);
    return;
  }
  try {
    if (tree.rootNode.hasError && !readsErrors?.(tree.rootNode)) {
      const respelled = respell && respelledTree(parser, text, tree.rootNode, respell);
      if (respelled) {
        tree.delete();
        tree = respelled;
      } else ctx.unreadableText(`the ${language} script does not parse (line ${lineIn(span, firstErrorRow(tree.rootNode) + 1)}); commands outside the error were read`);
    }
    read(tree.rootNode);
  } catch (error) {
    if (!(error instanceof RangeError && /call stack/i.test(error.message))) throw error;
    ctx.unreadableText(`the ${language} script nests too deeply to be read`);
  } finally {
    tree.delete();
  }
}

/**
 * How a reader reads a text that does not parse as another text of the same length (a word spelled otherwise, so that
 * the grammar parses it as it parses what PowerShell means): `copy` gives the copy from the text's tree (undefined:
 * none), `exact` whether the copy's tree reads exactly as the text means.
 */
export interface Respell {
  copy(root: Node): string | undefined;
  exact(root: Node): boolean;
}

/**
 * The copy's tree, where it reads exactly, else undefined. Its nodes' text is the original text's: a tree reads its
 * text through the callback it was parsed from, which serves the copy while parsing only (same offsets, same lines).
 */
function respelledTree(parser: Parser, text: string, root: Node, respell: Respell): Tree | undefined {
  const copy = respell.copy(root);
  if (copy === undefined || copy.length !== text.length) return undefined;
  let source = copy;
  const tree = parser.parse((index) => source.slice(index));
  source = text;
  let exact = false;
  try {
    exact = tree !== null && respell.exact(tree.rootNode);
  } finally {
    if (!exact) tree?.delete();
  }
  return exact ? tree! : undefined;
}

/** The 0-based row of the first syntax error under `node` (tree-sitter marks errors and missing nodes). */
function firstErrorRow(node: Node): number {
  if (node.isError || node.isMissing) return node.startPosition.row;
  for (const child of node.children) if (child.hasError || child.isError || child.isMissing) return firstErrorRow(child);
  return node.startPosition.row;
}
