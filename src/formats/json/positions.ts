import { lineColumnAt, lineStarts } from './lines';
import { collectSpans, stripBom, type ValueSpan } from './parse';
import { pointerOf, pointerSegments, type Location } from '../../model/location';

/**
 * How many times its own length a file's containers may be scanned lazily before the index parses it whole instead:
 * a lookup deep in nested containers scans each level again, which hostile nesting would make quadratic.
 */
const LAZY_SCANS = 4;

/**
 * Maps JSON pointers of one file to line/column ranges. Built on first use, once per file, only for files that
 * have findings; and lazily: a lookup scans only the objects and arrays on its pointer's path, each once, skipping
 * over the values it does not enter (a note at `/resources/3` costs two passes over the text, not a parse of it).
 * Once those scans add up to a few times the text, the file is parsed whole into a span per value (`collectSpans`),
 * which gives the same answers. The text is read as the tolerant parser reads it (comments, trailing commas, raw
 * newlines in strings).
 */
export class JsonPositionIndex {
  private readonly text: string;
  private readonly starts: number[];
  private root: ValueSpan | undefined | null = null;
  /** The members of each object or array entered so far, by its start: name or index → span. */
  private readonly members = new Map<number, Map<string, ValueSpan>>();
  /** Characters scanned by lazy lookups so far. */
  private scanned = 0;
  /** Every value's span by pointer, once lazy scanning has cost too much. */
  private spans: Map<string, ValueSpan> | undefined;

  constructor(
    private readonly file: string,
    text: string,
  ) {
    this.text = stripBom(text);
    this.starts = lineStarts(this.text);
  }

  /**
   * The location of the value at `pointer` (from its property name to the end of the value). A pointer that does
   * not exist in the file (a value made by evaluation) falls back to its deepest existing ancestor.
   */
  locate(pointer: string): Location {
    const span = this.deepestSpan(pointer);
    if (!span) return { file: this.file, line: 1, column: 1, endLine: 1, endColumn: 1 };
    const start = lineColumnAt(this.starts, span.keyStart ?? span.start);
    const end = lineColumnAt(this.starts, span.end);
    return { file: this.file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }

  private deepestSpan(pointer: string): ValueSpan | undefined {
    if (this.spans) return deepestOf(this.spans, pointer);
    let span = this.rootSpan();
    if (!span) return undefined;
    for (const segment of pointerSegments(pointer)) {
      if (!this.members.has(span.start)) {
        this.scanned += span.end - span.start;
        if (this.scanned > LAZY_SCANS * this.text.length) {
          this.spans = collectSpans(this.text);
          return deepestOf(this.spans, pointer);
        }
      }
      const member = this.membersOf(span).get(segment);
      if (!member) break;
      span = member;
    }
    return span;
  }

  private rootSpan(): ValueSpan | undefined {
    if (this.root === null) {
      const start = skipTrivia(this.text, 0);
      const end = start < this.text.length ? skipValue(this.text, start) : undefined;
      this.root = end === undefined ? undefined : { start, end };
    }
    return this.root;
  }

  private membersOf(span: ValueSpan): Map<string, ValueSpan> {
    let members = this.members.get(span.start);
    if (!members) this.members.set(span.start, (members = scanMembers(this.text, span.start)));
    return members;
  }
}

/** The span at `pointer` in a full index, else at its deepest ancestor there. */
function deepestOf(spans: Map<string, ValueSpan>, pointer: string): ValueSpan | undefined {
  const direct = spans.get(pointer);
  if (direct) return direct;
  const segments = pointerSegments(pointer);
  for (let length = segments.length - 1; length >= 0; length--) {
    const span = spans.get(pointerOf(segments.slice(0, length)));
    if (span) return span;
  }
  return undefined;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SLASH = 0x2f;

/** The members of the object or array starting at `start`, as far as the text is well formed; none for a scalar. */
function scanMembers(text: string, start: number): Map<string, ValueSpan> {
  const members = new Map<string, ValueSpan>();
  const open = text[start];
  if (open !== '{' && open !== '[') return members;
  const close = open === '{' ? '}' : ']';
  let pos = skipTrivia(text, start + 1);
  for (let index = 0; pos < text.length && text[pos] !== close; index++) {
    let name = String(index);
    let keyStart: number | undefined;
    if (open === '{') {
      if (text.charCodeAt(pos) !== QUOTE) break;
      keyStart = pos;
      const end = skipString(text, pos);
      if (end === undefined) break;
      name = decodeString(text.slice(pos + 1, end - 1));
      pos = skipTrivia(text, end);
      if (text[pos] !== ':') break;
      pos = skipTrivia(text, pos + 1);
    }
    const end = skipValue(text, pos);
    if (end === undefined) break;
    // A name given twice is the last one's, as parsing keeps it.
    members.set(name, keyStart === undefined ? { start: pos, end } : { keyStart, start: pos, end });
    pos = skipTrivia(text, end);
    if (text[pos] === ',') pos = skipTrivia(text, pos + 1);
    else if (text[pos] !== close) break;
  }
  return members;
}

/** The end of the value starting at `pos` (just after it), or undefined when the text breaks off first. */
function skipValue(text: string, pos: number): number | undefined {
  const first = text.charCodeAt(pos);
  if (first === QUOTE) return skipString(text, pos);
  if (first !== 0x7b /* { */ && first !== 0x5b /* [ */) {
    // A number or keyword: up to the next separator.
    let end = pos;
    while (end < text.length && !/[\s,:\]}/[{"]/.test(text[end]!)) end++;
    return end > pos ? end : undefined;
  }
  let depth = 0;
  for (let i = pos; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      const end = skipString(text, i);
      if (end === undefined) return undefined;
      i = end - 1;
    } else if (code === SLASH && (text[i + 1] === '/' || text[i + 1] === '*')) {
      i = skipTrivia(text, i) - 1;
    } else if (code === 0x7b || code === 0x5b) {
      depth++;
    } else if (code === 0x7d || code === 0x5d) {
      if (--depth === 0) return i + 1;
    }
  }
  return undefined;
}

/** Just after the string whose opening quote is at `pos`; undefined when it is not closed. */
function skipString(text: string, pos: number): number | undefined {
  for (let quote = text.indexOf('"', pos + 1); quote >= 0; quote = text.indexOf('"', quote + 1)) {
    // Escaped when an odd number of backslashes comes right before it.
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
  }
  return undefined;
}

/** Whitespace and comments, as the tolerant parser skips them. */
function skipTrivia(text: string, from: number): number {
  let pos = from;
  for (;;) {
    const code = text.charCodeAt(pos);
    if (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09 || code === 0xfeff) {
      pos++;
    } else if (code === SLASH && text[pos + 1] === '/') {
      const newline = text.indexOf('\n', pos);
      pos = newline < 0 ? text.length : newline + 1;
    } else if (code === SLASH && text[pos + 1] === '*') {
      const close = text.indexOf('*/', pos + 2);
      pos = close < 0 ? text.length : close + 2;
    } else {
      return pos;
    }
  }
}

/** A property name's text between its quotes, its escapes resolved as JSON's. */
function decodeString(inner: string): string {
  if (!inner.includes('\\')) return inner;
  try {
    return JSON.parse(`"${inner}"`) as string;
  } catch {
    // Raw control characters (which the tolerant parser keeps) make JSON.parse refuse: resolve the escapes by hand.
    return inner.replace(/\\(u[0-9a-fA-F]{4}|.)/gs, (_, escape: string) => {
      if (escape.length === 5) return String.fromCharCode(parseInt(escape.slice(1), 16));
      return ({ b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' } as Record<string, string>)[escape] ?? escape;
    });
  }
}
