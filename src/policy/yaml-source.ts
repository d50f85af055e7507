import { isMap, isScalar, isSeq, type Scalar } from 'yaml';
import { YamlDocument } from '../config/yaml-document';
import type { ExpressionOrigin } from './expression/ast';
import type { FilePosition } from './types';

/** A policy file's YAML document, with its name, and positions of values and of the characters of expressions. */
export class YamlSource extends YamlDocument {
  constructor(
    readonly file: string,
    text: string,
  ) {
    super(text);
  }

  /**
   * Where a JSON-pointer-like path (ajv's instancePath, as segments) is in the document: the value when it is
   * a scalar or sequence item, the key when it is a map entry holding a collection, the innermost existing
   * collection when the path does not exist.
   */
  positionOfPath(segments: readonly string[]): FilePosition {
    const steps = this.walk(segments);
    const last = steps.at(-1);
    const node = last ? last.node : this.document.contents;
    const missing = steps.length < segments.length && (isMap(node) || isSeq(node));
    if (!missing && last?.key && !isScalar(node)) return this.startOf(last.key);
    return this.startOf(node);
  }

  /** Position of a key in the map at `segments` (e.g. an unknown property that ajv names by key). */
  positionOfKey(segments: readonly string[], key: string): FilePosition {
    const parent = segments.length === 0 ? this.document.contents : this.document.getIn(segments, true);
    if (isMap(parent)) {
      const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
      if (pair?.key) return this.startOf(pair.key);
    }
    return this.positionOfPath(segments);
  }

  /** The scalar at a path, if it is one (for mapping an expression inside it back to the file). */
  scalarAt(segments: readonly (string | number)[]): Scalar | undefined {
    const node = this.document.getIn(segments, true);
    return isScalar(node) ? node : undefined;
  }

  /** Maps every character of a scalar's value to its line and column in the file. */
  originOf(scalar: Scalar): ExpressionOrigin {
    const value = String(scalar.value);
    const [rangeStart, rangeEnd] = scalar.range ?? [0, 0];
    const block = scalar.type === 'BLOCK_LITERAL' || scalar.type === 'BLOCK_FOLDED';
    const quoted = scalar.type === 'QUOTE_DOUBLE' || scalar.type === 'QUOTE_SINGLE';
    let start = rangeStart;
    let end = rangeEnd;
    if (block) start = this.text.indexOf('\n', rangeStart) + 1;
    else if (quoted) [start, end] = [rangeStart + 1, rangeEnd - 1];
    const indent = block ? blockIndent(this.text, start, end) : 0;
    const segments: ExpressionOrigin['segments'] = [];
    let raw = block ? skipIndent(this.text, start, end, indent) : start;
    let previous = -2;
    for (let i = 0; i < value.length; i++) {
      const ch = value[i] as string;
      const match = findRaw(this.text, raw, end, ch);
      const offset = match ?? raw;
      if (offset !== previous + 1 || this.text[previous] === '\n') {
        const { line, column } = this.position(offset);
        segments.push([i, line, column]);
      }
      previous = offset;
      if (match === undefined) continue;
      raw = match + 1;
      if (this.text[match] === '\n') raw = block ? skipIndent(this.text, raw, end, indent) : skipIndent(this.text, raw, end, Infinity);
    }
    if (segments.length === 0) {
      const { line, column } = this.position(start);
      segments.push([0, line, column]);
    }
    return { file: this.file, segments };
  }
}

/** The next raw character that produced `ch`; a folded line break counts for a space. Stops at a line end. */
function findRaw(text: string, from: number, end: number, ch: string): number | undefined {
  for (let j = from; j < end; j++) {
    const c = text[j];
    if (c === ch || (ch === ' ' && c === '\n')) return j;
    if (c === '\n' && ch !== '\n') return undefined;
  }
  return undefined;
}

function skipIndent(text: string, from: number, end: number, max: number): number {
  let j = from;
  while (j < end && j - from < max && (text[j] === ' ' || text[j] === '\t')) j++;
  return j;
}

/** Indentation of a block scalar's content: that of its first non-empty line. */
function blockIndent(text: string, start: number, end: number): number {
  let lineStart = start;
  while (lineStart < end) {
    let j = lineStart;
    while (j < end && text[j] === ' ') j++;
    if (text[j] !== '\n') return j - lineStart;
    lineStart = j + 1;
  }
  return 0;
}
