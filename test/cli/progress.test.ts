import { createProgress, progressWanted } from '../../src/cli/progress';
import { lint } from '../../src/lint';
import { loadBuiltinPolicies } from '../../src/policy';
import { FIXTURES } from '../helpers/run-cli';

/** A stderr that records what is written, and a clock the test moves. */
function fakeTerminal(isTTY: boolean) {
  const stderr = { text: '', isTTY, write: (t: string) => (stderr.text += t) };
  const clock = { ms: 0 };
  return { stderr, clock, now: () => clock.ms };
}

describe('progress on stderr', () => {
  it('is shown only on a terminal, outside CI, when stdout carries no report for a program', () => {
    const tty = { isTTY: true, write: () => true };
    expect(progressWanted({ stderr: tty, env: {} }, ['stylish'])).toBe(true);
    expect(progressWanted({ stderr: tty, env: {} }, ['markdown'])).toBe(true);
    expect(progressWanted({ stderr: tty, env: { CI: 'false' } }, ['stylish'])).toBe(true);
    expect(progressWanted({ stderr: { write: () => true }, env: {} }, ['stylish'])).toBe(false);
    expect(progressWanted({ stderr: { isTTY: false, write: () => true }, env: {} }, ['stylish'])).toBe(false);
    expect(progressWanted({ stderr: tty, env: { CI: 'true' } }, ['stylish'])).toBe(false);
    expect(progressWanted({ stderr: tty, env: { CI: '1' } }, ['stylish'])).toBe(false);
    for (const format of ['json', 'sarif', 'junit', 'github'] as const) expect(progressWanted({ stderr: tty, env: {} }, [format])).toBe(false);
    // The JSON report written to a file leaves stdout to the person.
    expect(progressWanted({ stderr: tty, env: {} }, [])).toBe(true);
  });

  it('writes nothing when not wanted, however long the run', () => {
    for (const [isTTY, env, formats] of [
      [false, {}, ['stylish']],
      [true, { CI: 'true' }, ['stylish']],
      [true, {}, ['json']],
    ] as const) {
      const { stderr, clock, now } = fakeTerminal(isTTY);
      expect(createProgress({ stderr, env }, formats, { now })).toBeUndefined();
      clock.ms = 10_000;
      expect(stderr.text).toBe('');
    }
  });

  it('on a terminal: nothing in the first 2 s, then one \\r-line at most every 100 ms, the last file always, blanked at the end', () => {
    const { stderr, clock, now } = fakeTerminal(true);
    const progress = createProgress({ stderr, env: {} }, ['stylish'], { now })!;
    clock.ms = 1999;
    progress.update(1, 200);
    expect(stderr.text).toBe('');
    clock.ms = 2000;
    progress.update(9, 200);
    clock.ms = 2050;
    progress.update(10, 200); // within 100 ms of the last line: skipped
    clock.ms = 2100;
    progress.update(100, 200);
    clock.ms = 2101;
    progress.update(200, 200); // the last file: shown at once
    expect(stderr.text).toBe('\rbackup-lint: 9 / 200 files\rbackup-lint: 100 / 200 files\rbackup-lint: 200 / 200 files');
    stderr.text = '';
    progress.finish();
    expect(stderr.text).toBe(`\r${' '.repeat('backup-lint: 200 / 200 files'.length)}\r`);
    stderr.text = '';
    progress.finish();
    expect(stderr.text).toBe('');
  });

  it('writes a count once, however often it is reported (the template pool reports the total again as threads end)', () => {
    const { stderr, clock, now } = fakeTerminal(true);
    const progress = createProgress({ stderr, env: {} }, ['stylish'], { now })!;
    clock.ms = 3000;
    progress.update(50, 50);
    clock.ms = 3500;
    progress.update(50, 50);
    progress.update(50, 50);
    expect(stderr.text).toBe('\rbackup-lint: 50 / 50 files');
  });

  it('a run faster than the delay leaves stderr untouched, even at finish', () => {
    const { stderr, clock, now } = fakeTerminal(true);
    const progress = createProgress({ stderr, env: {} }, ['stylish'], { now })!;
    clock.ms = 500;
    progress.update(3, 3);
    progress.finish();
    expect(stderr.text).toBe('');
  });
});

describe('LintOptions.onProgress', () => {
  it('is called once per template and parameter file, then once per Terraform module with its files, up to the total', async () => {
    const calls: [number, number][] = [];
    const result = await lint({
      cwd: FIXTURES,
      paths: ['mixed'],
      ignore: [],
      parameterPairs: new Map(),
      context: {},
      policies: loadBuiltinPolicies(),
      rules: {},
      quiet: false,
      onProgress: (done, total) => calls.push([done, total]),
    });
    const total = result.files.length;
    expect(total).toBeGreaterThan(1);
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.every(([, t]) => t === total)).toBe(true);
    expect(calls.map(([done]) => done)).toEqual([...calls.map(([done]) => done)].sort((a, b) => a - b));
    expect(calls.at(-1)).toEqual([total, total]);
  });
});
