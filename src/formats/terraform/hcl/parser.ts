import * as fs from 'node:fs';
import type { Language, Node, Parser, Tree } from 'web-tree-sitter';
import { baselineCompiled, loadedCursorFunctions, treeSitterRuntime } from '../../tree-sitter-runtime';
import type { HclFile } from './ast';
import { CstConverter, HclSyntaxError } from './convert';
import { flattenTree } from './flat-tree';

export interface SyntaxError {
  message: string;
  line: number;
  column: number;
}

export type ParseOutcome = { ok: true; file: HclFile } | { ok: false; error: SyntaxError };

export type TsParser = Parser;

let parserPromise: Promise<TsParser> | undefined;

/**
 * Below this many `.tf` files in a run the grammar is compiled with V8's baseline compiler only (baselineCompiled):
 * the optimised code V8 otherwise compiles in the background is ready too late to pay, and the process waits for it
 * before it can exit (~50 ms of a one-module lint). Measured on the corpus: with 4 files the baseline is ~25 % faster,
 * from about 30 files optimising pays (97 files: 1.0 s against 1.27 s).
 */
export const TIER_UP_MIN_FILES = 16;

let expectedFiles: number | undefined;

/** How many `.tf` files the run will parse, told before the grammar loads (it decides how it is compiled). */
export function expectTerraformFiles(files: number): void {
  expectedFiles = files;
}

/** The tree-sitter parser with the Terraform grammar, initialised once on first use. */
export function terraformParser(): Promise<TsParser> {
  parserPromise ??= createParser();
  return parserPromise;
}

async function createParser(): Promise<TsParser> {
  // Loaded lazily so that runs without .tf files never load the WASM runtime. A small run compiles the runtime (when
  // it is the first to load it) and the grammar with the baseline compiler only (TIER_UP_MIN_FILES).
  const baseline = expectedFiles !== undefined && expectedFiles < TIER_UP_MIN_FILES;
  const { treeSitter } = baseline ? await baselineCompiled(() => treeSitterRuntime()) : await treeSitterRuntime();
  // Bytes, not a path: given a path, web-tree-sitter reads it through a dynamic import(), which jest's CommonJS
  // runtime rejects.
  const wasmPath = require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm');
  const load = () => treeSitter.Language.load(new Uint8Array(fs.readFileSync(wasmPath)));
  const language: Language = baseline ? await baselineCompiled(load) : await load();
  const parser = new treeSitter.Parser();
  parser.setLanguage(language);
  return parser;
}

/** The parse error of a text the parser could not take at all (too large for its heap); the parser is then reset. */
export const PARSER_GAVE_UP = 'the parser returned no tree';

/** Parses HCL source. A file with any syntax error is rejected as a whole, with its first error. */
export function parseHcl(parser: TsParser, source: string): ParseOutcome {
  const text = source.charCodeAt(0) === 0xfeff ? ' ' + source.slice(1) : source;
  let tree: Tree | null | undefined;
  let parsed = text;
  try {
    ({ tree, parsed } = parseAsHcl(parser, text));
  } catch {
    tree = null;
  }
  if (!tree) return { ok: false, error: { message: PARSER_GAVE_UP, line: 1, column: 1 } };
  try {
    if (tree.rootNode.hasError) return { ok: false, error: firstSyntaxError(tree.rootNode) };
    const flattened = flattenTree(tree, parsed, loadedCursorFunctions(), MAX_SYNTAX_DEPTH);
    tree.delete();
    tree = undefined;
    if ('tooDeep' in flattened) {
      const { row, column } = flattened.tooDeep;
      return { ok: false, error: { message: `expressions nested deeper than ${MAX_SYNTAX_DEPTH} syntax levels are not read`, line: row + 1, column: column + 1 } };
    }
    const root = flattened.tree.root;
    // The converter reads literal text and numbers from the original text (same offsets as the parsed one).
    const converter = new CstConverter(text);
    const bodyNode = root.namedChildren.find((c) => c.type === 'body') ?? null;
    const body = converter.body(bodyNode, root);
    const comments = flattened.tree.ofType('comment').map((c) => ({ text: text.slice(c.startIndex, c.endIndex), range: converter.range(c) }));
    return { ok: true, file: { body, comments } };
  } catch (error) {
    if (error instanceof HclSyntaxError) return { ok: false, error: { message: error.message, line: error.at.line, column: error.at.column } };
    throw error;
  } finally {
    tree?.delete();
  }
}

/**
 * Grammar gaps, bridged by parsing a copy of the text of the same length:
 * - HCL reads `${` after a `$` (and `%{` after a `%`) as literal text: `$$${x}` is the text `$${x}`; the grammar
 *   pairs the dollars from the left and sees an interpolation (or, for `%%%{`, an error). Extra leading `$`/`%`
 *   are parsed as `_`.
 * - HCL numbers may have an exponent without a fraction (`1e3`); the grammar stops at `1`. Such numbers are
 *   parsed as digits (a numeric literal either way).
 */
function parseAsHcl(parser: TsParser, text: string): { tree: Tree | null; parsed: string } {
  let parsed = text.replace(/([$%])\1{2,}(?=\{)/g, (run: string) => '_'.repeat(run.length - 2) + run.slice(-2));
  for (let attempt = 0; ; attempt++) {
    const tree = parser.parse(parsed);
    if (!tree || !tree.rootNode.hasError || attempt === 3) return { tree, parsed };
    const exponents = numbersWithExponent(tree.rootNode, parsed);
    if (exponents.length === 0) return { tree, parsed };
    tree.delete();
    for (const [start, end] of exponents) parsed = parsed.slice(0, start) + '0'.repeat(end - start) + parsed.slice(end);
  }
}

/** Offsets of `1e3`-style numbers the grammar cut short: a numeric literal directly followed by an exponent. */
function numbersWithExponent(root: Node, text: string): [number, number][] {
  const found: [number, number][] = [];
  for (const number of root.descendantsOfType('numeric_lit')) {
    if (!number || !/^[0-9]+$/.test(number.text)) continue;
    const exponent = /^[eE][+-]?[0-9]+(?![\w.])/.exec(text.slice(number.endIndex, number.endIndex + 40));
    if (exponent) found.push([number.startIndex, number.endIndex + exponent[0].length]);
  }
  return found;
}

/**
 * Syntax nodes nested deeper than this are not converted (an HCL expression nests three to four nodes a level:
 * about 250 levels of brackets, or a chain of 1,000 operators). Real files stay under 100; much deeper trees would
 * exhaust the stack of the recursive conversion and evaluation. Checked while the tree is copied out of WASM.
 */
const MAX_SYNTAX_DEPTH = 1000;

function firstSyntaxError(root: Node): SyntaxError {
  const found = findErrorNode(root);
  if (!found) return { message: 'syntax error', line: 1, column: 1 };
  const position = found.startPosition;
  const at = { line: position.row + 1, column: position.column + 1 };
  if (found.isMissing) return { message: `syntax error: missing ${describeToken(found.type)}`, ...at };
  if (found.text.startsWith('\\')) return { message: 'invalid escape sequence', ...at };
  // Binary junk would print as a wall of escapes: show control characters as '?'.
  const snippet = found.text.split('\n')[0]!.trim().slice(0, 40).replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, '?');
  return { message: snippet ? `syntax error: unexpected ${JSON.stringify(snippet)}` : 'syntax error', ...at };
}

/** First ERROR or MISSING node in document order. */
function findErrorNode(node: Node): Node | undefined {
  if (node.isMissing || node.isError) return node;
  if (!node.hasError) return undefined;
  for (const child of node.children) {
    const found = findErrorNode(child);
    if (found) return found;
  }
  return undefined;
}

function describeToken(type: string): string {
  return /^[a-z_]+$/.test(type) ? type.replace(/_/g, ' ') : `"${type}"`;
}

/**
 * Drops the shared parser after a failure inside it (an out-of-memory parse leaves tree-sitter's WASM heap in an
 * unknown state): the next module gets a fresh one instead of failing too.
 */
export function resetTerraformParser(): void {
  const previous = parserPromise;
  parserPromise = undefined;
  void previous?.then((parser) => parser.delete()).catch(() => undefined);
}
