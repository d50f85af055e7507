/** Decoding of HCL template literal text: escape sequences and `<<-` heredoc indentation. */

const QUOTED_ESCAPE = /\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|(.))|\$\$\{|%%\{/gs;
const TEMPLATE_ESCAPE = /\$\$\{|%%\{/g;

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** Literal text of a quoted string: backslash escapes and `$${` / `%%{` (which stand for `${` / `%{`). */
export function decodeQuotedText(raw: string): string {
  if (!raw.includes('\\') && !raw.includes('$${') && !raw.includes('%%{')) return raw;
  return raw.replace(QUOTED_ESCAPE, (match, u4: string | undefined, u8: string | undefined, single: string | undefined) => {
    if (match === '$${') return '${';
    if (match === '%%{') return '%{';
    if (u4 !== undefined) return String.fromCharCode(parseInt(u4, 16));
    if (u8 !== undefined) return String.fromCodePoint(parseInt(u8, 16));
    return SIMPLE_ESCAPES[single ?? ''] ?? match;
  });
}

/** Literal text of a heredoc or template file: only `$${` / `%%{` are escapes there. */
export function decodeTemplateText(raw: string): string {
  return raw.replace(TEMPLATE_ESCAPE, (match) => (match === '$${' ? '${' : '%{'));
}

/**
 * `<<-` heredocs lose the smallest indentation found on their lines. Lines that hold only whitespace do not
 * count; a line that starts with an interpolation has indentation zero.
 */
export interface IndentSegment {
  text: string;
  /** The segment begins at the start of a line. */
  atLineStart: boolean;
  /** An interpolation or directive follows the segment on its last line. */
  followedByPart: boolean;
}

export function smallestIndent(segments: IndentSegment[]): number {
  let smallest = Infinity;
  for (const segment of segments) {
    const lines = segment.text.split('\n');
    lines.forEach((line, i) => {
      const startsLine = i > 0 || segment.atLineStart;
      if (!startsLine) return;
      const isLastPiece = i === lines.length - 1;
      const indent = line.length - line.trimStart().length;
      if (line.trim() === '') {
        // A whitespace-only piece that is followed by an interpolation is real indentation.
        if (isLastPiece && segment.followedByPart) smallest = Math.min(smallest, indent);
        return;
      }
      smallest = Math.min(smallest, indent);
    });
  }
  return smallest === Infinity ? 0 : smallest;
}

/** Removes up to `indent` leading whitespace characters from each line start in `text`. */
export function stripIndent(text: string, indent: number, atLineStart: boolean): string {
  if (indent === 0) return text;
  const lines = text.split('\n');
  return lines
    .map((line, i) => {
      if (i === 0 && !atLineStart) return line;
      let cut = 0;
      while (cut < indent && cut < line.length && (line[cut] === ' ' || line[cut] === '\t')) cut++;
      return line.slice(cut);
    })
    .join('\n');
}
