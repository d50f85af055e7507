import * as fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseHcl, terraformParser, type TsParser } from '../../src/formats/terraform/hcl/parser';

// Issue #13: HashiCorp's HCL (Go, compiled to WebAssembly in @cdktf/hcl2json) as a test oracle. Each file is
// parsed by both; acceptance, block structure, attribute names, literal values and the literal text of
// templates must agree (scripts/hcl-compare.js says what is comparable). `npm run hcl:differential` does the
// same over the corpus.

const hcl2json = require('@cdktf/hcl2json') as { parse(name: string, text: string): Promise<unknown> };
const { compareOutcomes, oracleParse } = require('../../scripts/hcl-compare') as {
  compareOutcomes(ours: unknown, theirs: unknown): { literals: number; templates: number; differences: unknown[] };
  oracleParse(oracle: unknown, name: string, text: string): Promise<{ ok: boolean }>;
};

const ROOT = path.resolve(__dirname, '..', '..');

function tfFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : tfFiles(full);
    return entry.name.endsWith('.tf') ? [full] : [];
  });
}

/** Grammar corners: each snippet is one file. */
const SNIPPETS: Record<string, string> = {
  'attr splat then index': 'a = x.*.name[0]\nb = x[*].name[0]\nc = x.*.a.b[1].c\n',
  'exponent numbers': 'a = 1e3\nb = 1E3\nc = 1e+2\nd = 25e-1\ne = 1.5e3\nf = [1e3, -2e1]\ng = 0.000\nh = 007\n',
  'hex number': 'a = 0x10\n',
  'escapes': 's = "\\n\\r\\t\\"\\\\ \\u00e9 \\U0001F600 $${a} %%{b} $ % $x %x"\n',
  'invalid escape: beyond Unicode': 's = "\\U00110000"\n',
  'invalid escape: surrogate': 's = "\\uD800"\n',
  'invalid escape: unknown letter': 's = "\\q"\n',
  'dollar runs': 'a = "$$${x}"\nb = "%%%{y}"\nc = "$$$${x}"\nd = "$$"\ne = <<EOT\n$$${x} %%%{y}\nEOT\n',
  'heredoc strip markers': 'a = <<EOT\na ${"X" ~}\n   b\nEOT\nb = <<EOT\na\n  ${~ "X"}b\nEOT\n',
  'flush heredoc with directives': 'a = <<-EOT\n    %{ if true }\n    yes\n    %{ endif }\nEOT\n',
  'flush heredoc, blank and space-only lines': 'a = <<-EOT\n  x\n    \n\n  y\nEOT\n',
  'flush heredoc, Unicode spaces': 'a = <<-EOT\n\u3000\u3000x\n\u3000\u3000y\nEOT\n',
  'flush heredoc with strips': 'a = <<-EOT\n  x\n  %{~ if c ~}\n  y\n  %{~ endif ~}\n  z\nEOT\n',
  'flush heredoc with interpolation at line start': 'a = <<-EOT\n    ${x}\n      y\nEOT\n',
  'heredoc forms': 'a = <<EOT\nEOT\nb = <<-EOT\n\tx\nEOT\nc = <<EOT\r\nwin\r\nEOT\nd = <<EOT\n  q\n  EOT\n',
  'quoted strips': 'a = "a\\n ${~ "X"}"\nb = "${"X" ~}\\t\\n b"\nc = "  ${~ 5 ~}  "\n',
  'template directives': 'a = "x ${ y } %{ if a ~} b %{~ else } c %{ endif } %{ for k, v in m }${k}, %{ endfor }"\n',
  'template for in heredoc': 'a = <<EOT\n%{ for v in xs ~}\n  - ${v}\n%{ endfor ~}\nEOT\n',
  'for expressions': 'a = [for x in xs : x if x != ""]\nb = { for k, v in m : k => v... }\n',
  'comments': '# a\n// b\n/* c\n d */\na = 1 # e\nb { /* f */ }\nc = [ # g\n  1, /* h */ 2,\n]\n',
  'attribute set twice': 'a = 1\na = 2\n',
  'quoted string over lines': 'a = "x\ny"\n',
  'two attributes on a line': 'a = 1 b = 2\n',
  'newline only inside a block comment': 'a = 2/* c\n */b = 1\n',
  'newline after comments': 'a = 2 /* c */\nb = 1 # d\nc = 1 // e\nd = { e = 1 /* f\n */, g = 2 }\n',
  'object items with a newline only inside a comment': 'c = {\n  d = 1 /* q\n */ e = 2 }\n',
  'block after a block on one line': 'a { b = 1 } c = 2\n',
  'single-line blocks': 'a { b = 1 }\nc {}\nd "l" { e = "f" }\n',
  'single-line block not closed on its line': 'a { b = 1\n}\n',
  'nested block in a single-line block': 'a { b {} }\n',
  'labels and nesting': 'resource "a" "b" {\n  x { y = 1 }\n  x { y = 2 }\n}\nresource "a" "c" {}\nresource "a" "b" {}\n',
  'literal collections': 'a = [1, "two", true, null, [3], { k = "v", "q k" = 4 }]\nb = {}\nc = []\nd = -1\ne = !true\n',
  'object items without separator': 'a = { a = 1 b = 2 }\n',
  'object items separated': 'a = { a = 1, b = 2 }\nb = {\n  a = 1 # c\n  b = 2\n}\nc = [1, 2]\n',
  'tuple items without separator': 'a = [1 2]\n',
  'object key duplicates': 'a = {\n  b = 1\n  b = 2\n}\n',
  'interpolation over lines': 's = "${\n  1 + 1\n}"\n',
};

/** Pieces of template text: literal text, escapes, dollar/percent runs, strip markers, directives, spaces. */
const TEMPLATE_PIECES = [
  'a', ' ', '  ', '\t', '\n', '\r\n', '$', '%', '$$', '%%', '{', '}', 'é', '\u3000', '\u00a0', '#', '//', '/*',
  '\\n', '\\t', '\\\\', '\\"', '"', '\\u00e9', '${x}', '${~ x}', '${x ~}', '${~ x ~}', '${"q"}', '${"  "}', '${1}',
  '%{ if c }', '%{~ if c }', '%{ if c ~}', '%{ else }', '%{~ else ~}', '%{ endif }', '%{~ endif ~}',
  '%{ for v in xs }', '%{ endfor }', '%{~ endfor ~}',
];

/** Pieces of a body: attributes of each expression kind, blocks, comments (line and block), separators. */
const BODY_PIECES = [
  'a = 1', 'a = 2', 'b = "x"', 'c = 1e3', 'd = -1.5E-2', ' ', '\t', '\n', '\n', '\n', '# c\n', '// c\n', '/* c */', '/* c\n */',
  'blk {', 'blk "l" {', 'blk l2 {', '}', 'o = {', 'k = 1', 'k2 = 2', ',', 't = [', '1', ']', 'x = y.*.z[0]', 'x2 = y[*].z',
  'e = <<EOT\nq\nEOT', 'f = (1)', 'g = !true', 'h = [for v in l : v]', 'i = a ? 1 : 2', 'j = "${1}"', 'k3 = 0x1', 'l = 1.',
  'm = .5', 'n = 1e', 'p = null', 'q = true', 'r = f(1, 2...)', 's = x.0',
];

describe('HCL differential against HashiCorp HCL (@cdktf/hcl2json)', () => {
  let parser: TsParser;
  beforeAll(async () => {
    parser = await terraformParser();
  });

  async function differences(name: string, text: string) {
    const theirs = await oracleParse(hcl2json, name, text);
    const comparison = compareOutcomes(parseHcl(parser, text), theirs);
    return { ...comparison, accepted: theirs.ok };
  }

  it.each(Object.entries(SNIPPETS))('%s', async (name, text) => {
    const { differences: found } = await differences(`${name}.tf`, text);
    expect(found).toEqual([]);
  });

  it('agrees on random templates built from template pieces (quoted, heredoc, <<- heredoc)', async () => {
    const piece = fc.constantFrom(...TEMPLATE_PIECES);
    const template = fc.tuple(fc.constantFrom('"', '<<EOT', '<<-EOT'), fc.array(piece, { minLength: 1, maxLength: 14 }));
    await fc.assert(
      fc.asyncProperty(template, async ([form, pieces]) => {
        const body = pieces.join('');
        const text = form === '"' ? `a = "${body}"\n` : `a = ${form}\n${body}\nEOT\n`;
        expect((await differences('fuzz.tf', text)).differences).toEqual([]);
      }),
      { numRuns: 300, seed: 13 },
    );
  });

  it('agrees on random bodies built from attributes, blocks, comments and separators', async () => {
    const body = fc.array(fc.constantFrom(...BODY_PIECES), { minLength: 1, maxLength: 10 });
    await fc.assert(
      fc.asyncProperty(body, async (pieces) => {
        expect((await differences('fuzz.tf', `${pieces.join('')}\n`)).differences).toEqual([]);
      }),
      { numRuns: 300, seed: 13 },
    );
  });

  it('agrees on every .tf fixture of the repository', async () => {
    const files = tfFiles(path.join(ROOT, 'fixtures'));
    expect(files.length).toBeGreaterThan(10);
    let literals = 0;
    for (const file of files) {
      const result = await differences(path.basename(file), fs.readFileSync(file, 'utf8'));
      expect({ file: path.relative(ROOT, file), differences: result.differences }).toEqual({ file: path.relative(ROOT, file), differences: [] });
      literals += result.literals + result.templates;
    }
    expect(literals).toBeGreaterThan(100);
  });

  it('does compare: a changed literal, a missing block and a one-sided rejection are differences', async () => {
    const ours = parseHcl(parser, 'a = 1\nb { c = "x" }\n');
    const theirs = await oracleParse(hcl2json, 'x.tf', 'a = 2\n');
    expect(compareOutcomes(ours, theirs).differences).toEqual([
      { kind: 'literal', path: 'a', ours: 1, theirs: 2 },
      { kind: 'names', path: 'b', ours: 'present', theirs: 'absent' },
    ]);
    const rejected = await oracleParse(hcl2json, 'x.tf', 'a = = 1\n');
    expect(compareOutcomes(ours, rejected).differences).toEqual([expect.objectContaining({ kind: 'acceptance', ours: 'accepted' })]);
  });
});
