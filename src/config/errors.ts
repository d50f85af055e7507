/** A usage or configuration problem: the CLI prints it on one line and exits 2. */
export class UsageError extends Error {}

/** A problem in a configuration or policy file, with its position. */
export class FileConfigError extends UsageError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}:${column}: ${problem}`);
  }
}
