/** URIs in reports. (Control characters are escaped before any format runs: findings/sanitize, through format().) */

/** A relative URI reference: each `/`-separated segment percent-encoded (spaces, `#`, `%`, non-ASCII). */
export function relativeUri(file: string): string {
  return file
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}
