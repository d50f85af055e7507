/**
 * `format_version` history: Terraform 1.0 wrote "0.1" (0.2 in some 0.x releases), 1.1–1.2 "1.0", 1.3–1.4 "1.1",
 * 1.5+ "1.2". The major version changes only when consumers must change, so every 0.x and 1.x is read.
 * Returns a problem description, or undefined when the version is readable.
 */
export function checkFormatVersion(version: unknown): string | undefined {
  if (typeof version !== 'string') return 'not a Terraform plan: "format_version" is missing';
  const major = /^(\d+)\.\d+$/.exec(version)?.[1];
  if (major === undefined) return `unrecognised Terraform plan format_version "${version}"`;
  if (major !== '0' && major !== '1') return `unsupported Terraform plan format_version "${version}" (this reader knows 0.x and 1.x)`;
  return undefined;
}
