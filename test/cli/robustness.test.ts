import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES, REPO_ROOT, runCli, runJson } from '../helpers/run-cli';
import { tempProject } from '../helpers/temp-project';

/** Robustness: what a demanding user throws at the command line. */

const agentOff = readFileSync(path.join(FIXTURES, 'BL201/arm/linux-agent-off.json'), 'utf8');

function withProject(files: Record<string, string>, body: (dir: string) => void): void {
  const project = tempProject(files);
  try {
    body(project.dir);
  } finally {
    project.cleanup();
  }
}

/** Exit 2 with exactly one line on stderr and nothing on stdout. */
function expectUsageError(run: { code: number | null; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(run.stderr).toMatch(pattern);
  expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stdout).toBe('');
  expect(run.code).toBe(2);
}

describe('command-line options', () => {
  it('reports a bad option value on one line, never the parser\'s multi-line hint', () => {
    expectUsageError(runCli(['--max-warnings', '-1', 'clean']), /^backup-lint: .*--max-warnings/);
  });

  it('exits 2 when --config is given twice instead of silently using the last one', () => {
    withProject({ 'vm.json': agentOff, 'a.yaml': 'rules:\n  BL201: off\n', 'b.yaml': 'ignore: []\n' }, (dir) => {
      expectUsageError(runCli(['-c', 'a.yaml', '-c', 'b.yaml', 'vm.json'], { cwd: dir }), /^backup-lint: .*--config.*once/);
    });
  });

  it('exits 2 with a clear message when an --output-file cannot be written', () => {
    withProject({ 'vm.json': agentOff }, (dir) => {
      expectUsageError(runCli(['-f', 'json', '-o', '.', 'vm.json'], { cwd: dir }), /^backup-lint: cannot write .*'\.'/);
      expectUsageError(runCli(['-f', 'json', '-o', 'vm.json/report.json', 'vm.json'], { cwd: dir }), /^backup-lint: cannot write .*vm\.json\/report\.json/);
    });
  });

  it('stops quietly when the reader of stdout goes away (| head)', () => {
    const many = agentOff.replace('"name": "web-01"', '"name": "[concat(\'web-\', copyIndex())]", "copy": { "name": "vms", "count": 400 }');
    withProject({ 'vm.json': many }, (dir) => {
      const bin = path.join(REPO_ROOT, 'bin', 'backup-lint.js');
      const run = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" --format json vm.json | head -c 10 >/dev/null`], { cwd: dir, encoding: 'utf8' });
      expect(run.stderr).toBe('');
    });
  });
});
