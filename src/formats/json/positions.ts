import { lineColumnAt, lineStarts } from './lines';
import { collectSpans, stripBom, type ValueSpan } from './parse';
import { pointerOf, pointerSegments, type Location } from '../../model/location';

/**
 * Maps JSON pointers of one file to line/column ranges. Built on first use, once per file, only for files that
 * have findings.
 */
export class JsonPositionIndex {
  private readonly starts: number[];
  private readonly spans: Map<string, ValueSpan>;

  constructor(
    private readonly file: string,
    text: string,
  ) {
    const body = stripBom(text);
    this.starts = lineStarts(body);
    this.spans = collectSpans(body);
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
    const direct = this.spans.get(pointer);
    if (direct) return direct;
    const segments = pointerSegments(pointer);
    for (let length = segments.length - 1; length >= 0; length--) {
      const span = this.spans.get(pointerOf(segments.slice(0, length)));
      if (span) return span;
    }
    return undefined;
  }
}
