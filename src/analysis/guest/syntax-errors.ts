import type { Node, Parser } from 'web-tree-sitter';
import { lineIn, type ReadContext, type Span } from './context';

/**
 * Parses a script and hands its root to `read`, then frees the tree. A script that does not parse is read outside
 * its error subtree, and the text is marked unreadable (so facts found nowhere else become Unknown). So is one nested
 * too deeply for the readers' recursion (`'a' + 'a' + …` thousands of times): what was read before stays. A reader
 * that reads some of the grammar's errors as what they stand for says so with `readsErrors` (then the text is not
 * marked when those are all its errors).
 */
export function readSyntaxTree(ctx: ReadContext, parser: Parser, language: string, text: string, span: Span, read: (root: Node) => void, readsErrors?: (root: Node) => boolean): void {
  const tree = parser.parse(text);
  if (!tree) {
    ctx.unreadableText(`the ${language} script could not be parsed`);
    return;
  }
  try {
    const root = tree.rootNode;
    if (root.hasError && !readsErrors?.(root)) ctx.unreadableText(`the ${language} script does not parse (line ${lineIn(span, firstErrorRow(root) + 1)}); commands outside the error were read`);
    read(root);
  } catch (error) {
    if (!(error instanceof RangeError && /call stack/i.test(error.message))) throw error;
    ctx.unreadableText(`the ${language} script nests too deeply to be read`);
  } finally {
    tree.delete();
  }
}

/** The 0-based row of the first syntax error under `node` (tree-sitter marks errors and missing nodes). */
function firstErrorRow(node: Node): number {
  if (node.isError || node.isMissing) return node.startPosition.row;
  for (const child of node.children) if (child.hasError || child.isError || child.isMissing) return firstErrorRow(child);
  return node.startPosition.row;
}
