/**
 * Comment suppressions: `# backup-lint-ignore BL201 <reason>` (also `//`, and `/* … *\/` on one line) on the lines
 * directly above a resource or attribute. Several rules may be listed, comma-separated: `BL201,BL202 <reason>`.
 */
export interface CommentDirective {
  /** Rule IDs or names, as written (upper-cased IDs, lower-cased names). */
  rules: string[];
  /** Empty when the comment gives none: such a directive is ignored with a warning. */
  reason: string;
  /** 1-based line of the comment. */
  line: number;
}

const DIRECTIVE = /^\s*(?:#|\/\/|\/\*)\s*backup-lint-ignore\b(.*?)(?:\*\/\s*)?$/;
const COMMENT = /^\s*(?:#|\/\/|\/\*.*\*\/\s*$)/;

/** The directive written on one line, if any. */
export function parseDirective(text: string, line: number): CommentDirective | undefined {
  const match = DIRECTIVE.exec(text);
  if (!match) return undefined;
  const rest = match[1]!.trim();
  const space = rest.search(/\s/);
  const list = space < 0 ? rest : rest.slice(0, space);
  const reason = space < 0 ? '' : rest.slice(space).trim();
  const rules = list
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '')
    .map((r) => (/^[a-z]{2}\d{3}$/i.test(r) ? r.toUpperCase() : r.toLowerCase()));
  return { rules, reason, line };
}

/**
 * The directives in the block of comment lines directly above `line` (1-based). Lines matching `skip` (Bicep
 * decorators such as `@batchSize(2)`) may sit between the comments and the declaration; a blank line or code ends
 * the block.
 */
export function directivesAbove(lines: readonly string[], line: number, skip?: RegExp): CommentDirective[] {
  const found: CommentDirective[] = [];
  for (let index = line - 2; index >= 0; index--) {
    const text = lines[index]!;
    if (skip?.test(text)) continue;
    if (!COMMENT.test(text)) break;
    const directive = parseDirective(text, index + 1);
    if (directive) found.push(directive);
  }
  return found;
}
