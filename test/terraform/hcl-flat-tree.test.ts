import type { Node } from 'web-tree-sitter';
import { flattenTree, type SyntaxNode } from '../../src/formats/terraform/hcl/flat-tree';
import { parseHcl, terraformParser, type TsParser } from '../../src/formats/terraform/hcl/parser';
import { loadedCursorFunctions } from '../../src/formats/tree-sitter-runtime';

// The HCL converter reads trees copied out of WASM in one cursor walk (flat-tree.ts) instead of web-tree-sitter's
// Node objects: the copy must show exactly what the Node objects show.

/** Every node in preorder as web-tree-sitter's or the flat tree's interface presents it. */
function describe_(node: Node | SyntaxNode, out: string[] = []): string[] {
  const { startPosition: s, endPosition: e } = node;
  const named = node.namedChildren.map((c) => `${c!.type}@${c!.startIndex}`).join(',');
  out.push(`${node.type} ${node.startIndex}-${node.endIndex} ${s.row}:${s.column}-${e.row}:${e.column} ${JSON.stringify(node.text)} [${named}]`);
  for (const child of node.children) describe_(child!, out);
  return out;
}

describe('the flat copy of a tree-sitter tree (HCL reader)', () => {
  let parser: TsParser;
  beforeAll(async () => {
    parser = await terraformParser();
  });

  it('has the types, offsets, positions, text and (named) children of the Node objects, in UTF-16 units across CRLF lines and astral characters', () => {
    const text = [
      '# comment ü\r',
      'resource "azurerm_linux_virtual_machine" "vm" { // 😀 trailing',
      '  name = "vm-${var.x}-😀"\r',
      '  tags = { a = 1, "b" : [for k, v in local.m : upper(v) if v != ""] }',
      '  custom_data = <<-EOT',
      '    %{ if true ~}x${local.a[0].b.*.c}%{ endif }',
      '    EOT',
      '  n = -1.5e3 + (2 * 3) > 4 ? !false : null',
      '  /* block */ dynamic "d" {',
      '    for_each = var.list',
      '    content { a = d.value }',
      '  }',
      '}',
      '',
    ].join('\n');
    const tree = parser.parse(text)!;
    try {
      expect(tree.rootNode.hasError).toBe(false);
      const flattened = flattenTree(tree, text, loadedCursorFunctions(), 1000);
      if (!('tree' in flattened)) throw new Error('expected a tree');
      const expected = describe_(tree.rootNode);
      expect(flattened.tree.size).toBe(expected.length);
      expect(describe_(flattened.tree.root)).toEqual(expected);
      const ranges = (node: SyntaxNode, out: string[] = []): string[] => {
        const { startPosition: s, endPosition: e } = node;
        out.push(`${s.row + 1}:${s.column + 1}-${e.row + 1}:${e.column + 1} ${JSON.stringify(node.range())}`);
        node.children.forEach((child) => ranges(child, out));
        return out;
      };
      for (const line of ranges(flattened.tree.root)) {
        const [expected, range] = [line.slice(0, line.indexOf(' ')), JSON.parse(line.slice(line.indexOf(' ') + 1)) as Record<string, number>];
        expect(`${range.line}:${range.column}-${range.endLine}:${range.endColumn}`).toBe(expected);
      }
      expect(flattened.tree.ofType('comment').map((c) => c.text)).toEqual(tree.rootNode.descendantsOfType('comment').map((c) => c!.text));
    } finally {
      tree.delete();
    }
  });

  it('stops at the first node nested deeper than the limit, which the reader reports at its position', () => {
    const nested = (levels: number) => `a = ${'['.repeat(levels)}1${']'.repeat(levels)}\n`;
    expect(parseHcl(parser, nested(300)).ok).toBe(true);
    const outcome = parseHcl(parser, `b = 1\n${nested(400)}`);
    // Three syntax levels a tuple (expression, collection_value, tuple) below the attribute's four: level 1,001 is
    // the 333rd tuple, at its `[` (column 4 + 333).
    expect(outcome).toEqual({ ok: false, error: { message: 'expressions nested deeper than 1000 syntax levels are not read', line: 2, column: 337 } });
  });
});
