/**
 * Control characters other than tab, line feed and carriage return (ANSI escapes, NUL, C1 codes) a template may carry in a name or a
 * message, made visible (`\u001b`) so no output format passes them to a terminal, a log or a renderer.
 * (A shared sanitiser for all formats is planned in src/report/; this is its interim, format-neutral core.)
 */
export function showControls(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A relative URI reference: each `/`-separated segment percent-encoded (spaces, `#`, `%`, non-ASCII). */
export function relativeUri(file: string): string {
  return file
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}
