import type { ExpressionOrigin } from './expression/ast';
import type { FilePosition } from './types';

/** Shifts an origin so that offset 0 is `base` of the original (a `{{ }}` placeholder inside a message). */
export function rebaseOrigin(origin: ExpressionOrigin, base: number, length: number): ExpressionOrigin {
  const segments: ExpressionOrigin['segments'] = [];
  for (const [offset, line, column] of origin.segments) {
    if (offset <= base) segments[0] = [0, line, column + (base - offset)];
    else if (offset < base + length) segments.push([offset - base, line, column]);
  }
  return { file: origin.file, segments };
}

/** The file position of an offset inside an expression. */
export function positionInOrigin(origin: ExpressionOrigin, offset: number): FilePosition {
  let found = origin.segments[0] ?? [0, 1, 1];
  for (const segment of origin.segments) {
    if (segment[0] > offset) break;
    found = segment;
  }
  return { line: found[1], column: found[2] + (offset - found[0]) };
}
