import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { main } from '../../src/cli/main';
import { BIN, FIXTURES, spawnCli } from '../helpers/run-cli';

// The other CLI tests run main() in this process against src/. These run the built command (bin/ + dist/) as a
// separate process, for what only a real process shows: the bin script, the exit status, which stream gets what.

describe('the built command in its own process', () => {
  it('runs from bin/ and exits 0 with the version on stdout', () => {
    const run = spawnCli(['--version']);
    expect(run).toEqual({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/), stderr: '' });
  });

  it('exits 1 on an error finding, with exactly the JSON report on stdout and nothing on stderr', () => {
    const run = spawnCli(['--format', 'json', 'BL201/invalid/arm-linux-agent-off.json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as { findings: { ruleId: string; line: number }[] };
    expect(report.findings.map((f) => `${f.ruleId}:${f.line}`)).toEqual(['BL201:21']);
  });

  it('exits 2 on a bad flag with one line on stderr and nothing on stdout', () => {
    const run = spawnCli(['--no-such-flag', 'clean']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^backup-lint: .*--no-such-flag/)]);
  });

  (existsSync('/dev/full') ? it : it.skip)('exits 2 with one line when stdout cannot be written (bin/), even under DEBUG', () => {
    for (const env of ['', 'DEBUG=1']) {
      const run = spawnSync('sh', ['-c', `${env} "${process.execPath}" "${BIN}" --version > /dev/full`], { cwd: FIXTURES, encoding: 'utf8' });
      expect(run.status).toBe(2);
      expect(run.stderr).toBe('backup-lint: cannot write to standard output: ENOSPC: no space left on device, write\n');
    }
  });
});

describe('main(argv, io) in process', () => {
  const capture = (isTTY: boolean, env: NodeJS.ProcessEnv = {}) => {
    const out = { text: '', isTTY, write: (t: string) => (out.text += t) };
    const err = { text: '', write: (t: string) => (err.text += t) };
    return { out, err, io: { stdout: out, stderr: err, env, cwd: FIXTURES } };
  };

  it('returns the exit code instead of exiting, and colours only a terminal', async () => {
    const tty = capture(true);
    expect(await main(['BL202/invalid/arm-extensions-disabled.json'], tty.io)).toBe(1);
    expect(tty.out.text).toContain('\u001b[');
    const piped = capture(false);
    expect(await main(['BL202/invalid/arm-extensions-disabled.json'], piped.io)).toBe(1);
    expect(piped.out.text).not.toContain('\u001b[');
  });

  it('resolves paths against io.cwd, not the process directory', async () => {
    const run = capture(false);
    expect(await main(['--format', 'json', 'clean'], run.io)).toBe(0);
    expect(JSON.parse(run.out.text).files.length).toBeGreaterThan(0);
  });

  it('turns a failing stdout into an internal error (exit 2) with the stack only when io.env has DEBUG', async () => {
    const failing = (env: NodeJS.ProcessEnv) => {
      const err = { text: '', write: (t: string) => (err.text += t) };
      const io = { stdout: { write: () => { throw new Error('disk full'); } }, stderr: err, env, cwd: FIXTURES };
      return { err, io };
    };
    const plain = failing({});
    expect(await main(['--version'], plain.io)).toBe(2);
    expect(plain.err.text).toBe('backup-lint: internal error: disk full\n');
    const debug = failing({ DEBUG: '1' });
    expect(await main(['--version'], debug.io)).toBe(2);
    expect(debug.err.text).toMatch(/^backup-lint: internal error: disk full\nError: disk full\n\s+at /);
  });
});
