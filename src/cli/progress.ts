import type { FormatName } from '../report/format-names';

/**
 * `files done / total` on stderr while a long run loads its files: one line rewritten with `\r`, shown only once
 * the run has taken `delayMs` (short runs print nothing), at most one update per `intervalMs`, and blanked out
 * before the report is written. Only for a person at a terminal: none in CI, none when stderr is not a terminal,
 * none when stdout carries a report for a program (json, sarif, junit, github workflow commands).
 */
export interface ProgressIo {
  /** Read only when the other conditions hold: Node creates process.stderr on first use. */
  readonly stderr: { write(text: string): unknown; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export interface ProgressTiming {
  /** Milliseconds; injected by tests. */
  now: () => number;
  delayMs: number;
  intervalMs: number;
}

export interface Progress {
  /** Called as each file is loaded. */
  update(done: number, total: number): void;
  /** Blanks the line out, if one was shown. */
  finish(): void;
}

const MACHINE_FORMATS: ReadonlySet<FormatName> = new Set(['json', 'sarif', 'junit', 'github']);

const DEFAULT_TIMING: ProgressTiming = { now: () => Date.now(), delayMs: 2000, intervalMs: 100 };

/** Whether this run may show progress at all. `stdoutFormats`: the formats written to stdout (no output file). */
export function progressWanted(io: ProgressIo, stdoutFormats: readonly FormatName[]): boolean {
  const ci = io.env['CI'];
  if (ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false') return false;
  if (stdoutFormats.some((name) => MACHINE_FORMATS.has(name))) return false;
  return io.stderr.isTTY === true;
}

/** A progress line, or undefined when this run shows none. */
export function createProgress(io: ProgressIo, stdoutFormats: readonly FormatName[], timing: Partial<ProgressTiming> = {}): Progress | undefined {
  if (!progressWanted(io, stdoutFormats)) return undefined;
  const { now, delayMs, intervalMs } = { ...DEFAULT_TIMING, ...timing };
  const stderr = io.stderr;
  const started = now();
  let lastWrite = -Infinity;
  let shown = -1;
  let shownWidth = 0;
  return {
    update(done, total) {
      if (done === shown) return; // the pool reports again as its threads finish
      const at = now();
      if (at - started < delayMs) return;
      // The last file is always shown: the line then stays right while the analyses and rules run.
      if (at - lastWrite < intervalMs && done < total) return;
      lastWrite = at;
      shown = done;
      const line = `backup-lint: ${done} / ${total} files`;
      stderr.write(`\r${line.padEnd(shownWidth)}`);
      shownWidth = Math.max(shownWidth, line.length);
    },
    finish() {
      if (shownWidth > 0) stderr.write(`\r${' '.repeat(shownWidth)}\r`);
      shownWidth = 0;
    },
  };
}
