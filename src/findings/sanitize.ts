import type { Finding, LintResult } from './finding';

/**
 * Characters a terminal, a log viewer or a PR annotation would act on rather than show: C0 controls (ESC, CR, NUL…),
 * DEL, C1 controls, the line and paragraph separators, zero-width and byte-order marks, and the bidirectional
 * overrides and isolates that reorder what is displayed (CVE-2021-42574, "Trojan Source").
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;
const UNSAFE_EXCEPT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Longest texts printed whole; longer ones are cut, saying how much was left out. */
export const MAX_TEXT = 1000;
export const MAX_NAME = 200;

function escapeCharacter(character: string): string {
  const named = NAMED[character];
  if (named) return named;
  const code = character.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` cut to `max` characters, with how many more there were: `abc… (1234 more characters)`. */
export function elide(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/**
 * A one-line text from the repository (a resource name, a file name, a message) made safe to print: every control,
 * separator or bidi character written as a visible escape (`\x1b`, `\r`, `\u202e`), and cut at `max` characters.
 * Every report format prints text through here, so the same bytes look the same in stylish, JSON and the rest.
 */
export function sanitizeText(text: string, max: number = MAX_TEXT): string {
  return elide(text, max).replace(UNSAFE, escapeCharacter);
}

/** Like sanitizeText for a text that may span lines (a fix): newlines and tabs are kept, the rest escaped. */
export function sanitizeBlock(text: string, max: number = MAX_TEXT * 4): string {
  return elide(text, max).replace(UNSAFE_EXCEPT_LINES, escapeCharacter);
}

function sanitizeFinding<F extends Finding>(f: F): F {
  return {
    ...f,
    message: sanitizeText(f.message),
    file: sanitizeText(f.file, MAX_TEXT),
    ...(f.resource ? { resource: { type: sanitizeText(f.resource.type, MAX_NAME), name: sanitizeText(f.resource.name, MAX_NAME) } } : {}),
    related: f.related.map((r) => ({ ...r, file: sanitizeText(r.file, MAX_TEXT), message: sanitizeText(r.message) })),
    fix: sanitizeBlock(f.fix),
  };
}

/**
 * The result with every text that came from the files (or the configuration) sanitised: what every formatter
 * prints. Numbers and rule metadata pass unchanged.
 */
export function sanitizeResult(result: LintResult): LintResult {
  const path = (file: string) => sanitizeText(file, MAX_TEXT);
  return {
    ...result,
    files: result.files.map((f) => ({ ...f, path: path(f.path) })),
    findings: result.findings.map(sanitizeFinding),
    suppressed: result.suppressed.map((f) => ({
      ...sanitizeFinding(f),
      suppression: { ...f.suppression, reason: sanitizeText(f.suppression.reason), file: path(f.suppression.file) },
    })),
    skippedChecks: result.skippedChecks.map((s) => ({
      ...s,
      resource: sanitizeText(s.resource, MAX_NAME),
      file: path(s.file),
      reason: sanitizeText(s.reason),
    })),
    notes: result.notes.map((n) => ({ ...n, file: path(n.file), message: sanitizeText(n.message) })),
    policyErrors: result.policyErrors.map((e) => sanitizeText(e)),
    suppressionWarnings: result.suppressionWarnings.map((w) => sanitizeText(w)),
    ...(result.schedules ? { schedules: result.schedules.map((s) => ({ ...s, label: sanitizeText(s.label, MAX_NAME), file: path(s.file) })) } : {}),
    ...(result.explanations
      ? { explanations: result.explanations.map((e) => ({ title: sanitizeText(e.title), lines: e.lines.map((line) => sanitizeText(line)) })) }
      : {}),
  };
}
