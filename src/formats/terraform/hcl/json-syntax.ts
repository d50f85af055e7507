import type { Attribute, Block, Body, Expr, HclFile, Range } from './ast';
import type { ParseOutcome, TsParser } from './parser';
import { parseTemplateText } from './template-file';
import { parseJson } from '../../json/parse';
import { JsonPositionIndex } from '../../json/positions';
import { pointerOf } from '../../../model/location';

/**
 * Terraform's JSON configuration syntax (`.tf.json`) read into the same syntax tree as a `.tf` file, so the module
 * evaluator does not know which syntax a file was written in. The mapping (HCL's JSON specification):
 * - the root object's properties are top-level block types; each block type takes its labels as nested object
 *   levels (`resource.<type>.<name>`, `variable.<name>`, `locals` none), and any level may be an array of objects
 *   for repeated blocks;
 * - inside a body, `"//"` properties are comments; a string is a template (`"${var.x}"` is an expression), other
 *   JSON values are literals; an object, or an array of objects, is a nested block — the provider schema that
 *   tells a map attribute from a block is not available, so the map attributes Azure modules use (`tags`) and the
 *   bodies whose properties are all arguments (`locals`, `module`, `output`) are read as attributes;
 * - `variable.default` is a literal value, never a template; `module.source` and `version` are literal strings.
 */
const LABELS: Record<string, number> = { resource: 2, data: 2, module: 1, variable: 1, output: 1, provider: 1, locals: 0, terraform: 0 };
const NESTED_LABELS: Record<string, number> = { dynamic: 1, provisioner: 1 };
const MAP_ATTRIBUTES = new Set(['tags']);
/** Bodies with arguments only: an object value there is an object expression, not a block. */
const ARGUMENT_BODIES = new Set(['locals', 'module', 'output']);
const LITERAL_ARGUMENTS: Record<string, ReadonlySet<string>> = { variable: new Set(['default']), module: new Set(['source', 'version']) };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function parseTerraformJson(parser: TsParser, text: string, file: string): ParseOutcome {
  const parsed = parseJson(text);
  if (!parsed.ok) return { ok: false, error: { message: parsed.message, line: parsed.line, column: parsed.column } };
  if (!isObject(parsed.value as Json)) return { ok: false, error: { message: 'a .tf.json file must hold a JSON object', line: 1, column: 1 } };
  return new JsonSyntaxReader(parser, new JsonPositionIndex(file, text)).file(parsed.value as { [key: string]: Json });
}

class JsonSyntaxReader {
  constructor(
    private readonly parser: TsParser,
    private readonly positions: JsonPositionIndex,
  ) {}

  file(root: { [key: string]: Json }): ParseOutcome {
    const body: Body = { attributes: [], blocks: [], range: this.range([]) };
    try {
      for (const [type, value] of Object.entries(root)) {
        if (type === '//') continue;
        body.blocks.push(...this.blocks(type, value, LABELS[type] ?? 0, [type], [], true));
      }
    } catch (error) {
      if (error instanceof TemplateError) return { ok: false, error: { message: error.message, ...error.at } };
      throw error;
    }
    return { ok: true, file: { body, comments: [] } satisfies HclFile };
  }

  /** The blocks of one type: `labels` more object levels to descend, each level an object or array of objects. */
  private blocks(type: string, value: Json, labels: number, path: (string | number)[], found: string[], top: boolean): Block[] {
    if (Array.isArray(value)) return value.flatMap((item, index) => this.blocks(type, item, labels, [...path, index], found, top));
    if (!isObject(value)) return [];
    if (labels > 0) {
      return Object.entries(value)
        .filter(([key]) => key !== '//')
        .flatMap(([label, inner]) => this.blocks(type, inner, labels - 1, [...path, label], [...found, label], top));
    }
    return [{ type, labels: found, body: this.body(value, path, top ? type : undefined), range: this.range(path) }];
  }

  /** A block's body; `topType` is the block type of a top-level block (`variable`, `module`…), else undefined. */
  private body(object: { [key: string]: Json }, path: (string | number)[], topType: string | undefined): Body {
    const body: Body = { attributes: [], blocks: [], range: this.range(path) };
    const literal = topType ? LITERAL_ARGUMENTS[topType] : undefined;
    for (const [name, value] of Object.entries(object)) {
      if (name === '//') continue;
      const at = [...path, name];
      const nestedBlock = !(topType && ARGUMENT_BODIES.has(topType)) && !MAP_ATTRIBUTES.has(name) && isBlockValue(value);
      if (nestedBlock) {
        body.blocks.push(...this.blocks(name, value, NESTED_LABELS[name] ?? 0, at, [], false));
        continue;
      }
      const attribute: Attribute = { name, expr: this.expr(value, at, literal?.has(name) ?? false), range: this.range(at) };
      body.attributes.push(attribute);
    }
    return body;
  }

  private expr(value: Json, path: (string | number)[], literal: boolean): Expr {
    const range = this.range(path);
    if (value === null || typeof value === 'boolean' || typeof value === 'number') return { kind: 'literal', value, range };
    if (typeof value === 'string') return literal || !/[$%]\{/.test(value) ? { kind: 'literal', value, range } : this.template(value, range);
    if (Array.isArray(value)) return { kind: 'tuple', items: value.map((item, i) => this.expr(item, [...path, i], literal)), range };
    return {
      kind: 'object',
      items: Object.entries(value).map(([key, item]) => ({
        key: { kind: 'literal', value: key, range } as Expr,
        value: this.expr(item, [...path, key], literal),
        range: this.range([...path, key]),
      })),
      range,
    };
  }

  /** A JSON string holding `${…}` or `%{…}`: a template (HCL's JSON mapping), placed at the string. */
  private template(text: string, range: Range): Expr {
    const parsed = parseTemplateText(text, this.parser);
    if ('error' in parsed) throw new TemplateError(`invalid template ${JSON.stringify(text.slice(0, 60))}: ${parsed.error}`, range);
    const { expr } = parsed;
    // "${expr}" alone is the expression's value, not converted to a string (`"${var.names}"` stays a list).
    const only = expr.kind === 'template' && expr.parts.length === 1 ? expr.parts[0] : undefined;
    return placed(only?.kind === 'interpolation' ? only.expr : expr, range);
  }

  private range(path: (string | number)[]): Range {
    const { line, column, endLine, endColumn } = this.positions.locate(pointerOf(path));
    return { line, column, endLine, endColumn };
  }
}

class TemplateError extends Error {
  constructor(
    message: string,
    readonly at: { line: number; column: number },
  ) {
    super(message);
  }
}

/** Every range inside a parsed template becomes the JSON string's own: positions inside it are not in the file. */
function placed<T>(node: T, range: Range): T {
  if (Array.isArray(node)) return node.map((item) => placed(item, range)) as T;
  if (typeof node !== 'object' || node === null) return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) copy[key] = key === 'range' ? range : placed(value, range);
  return copy as T;
}

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isBlockValue(value: Json): boolean {
  return isObject(value) || (Array.isArray(value) && value.length > 0 && value.every(isObject));
}
