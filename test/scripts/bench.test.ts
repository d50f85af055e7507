import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/run-cli';

// npm run bench is not a timed test; these keep the script working (it runs the built command, like a user).

const BENCH = path.join(REPO_ROOT, 'scripts', 'bench.js');
const bench = (args: string[]) => spawnSync(process.execPath, [BENCH, ...args], { cwd: REPO_ROOT, encoding: 'utf8' });

interface ColdRow {
  key: string;
  wallMs: number;
  ratio: number;
  cpuMs: number;
  modules: number;
}

describe('scripts/bench.js', () => {
  it('without the corpus, says so in one line and measures nothing else it was asked for', () => {
    const run = bench(['/no/such/corpus', '--only', 'floors,scaling']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('bench: no corpus at /no/such/corpus; skipping floors and scaling (give the corpus folder as the first argument)\n');
  });

  it('measures cold start against node -e 0 through child processes, with the modules each command loads', () => {
    const run = bench(['--only', 'cold', '--cold-runs', '1', '--json']);
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as { machine: { cores: number; node: string }; cold: ColdRow[] };
    expect(result.machine.node).toBe(process.version);
    expect(result.cold.map((row) => row.key)).toEqual(['node', 'version', 'lint']);
    const [node, version, lint] = result.cold as [ColdRow, ColdRow, ColdRow];
    expect(node).toMatchObject({ ratio: 1, modules: 0 });
    // bin, main.js and its five modules; the lint adds the code-cache loader, the bundle and two packages.
    expect(version.modules).toBe(7);
    expect(lint.modules).toBe(11);
    for (const row of result.cold) expect(row.wallMs).toBeGreaterThan(0);
  });

  it('refuses an unknown part with exit 2 and the usage', () => {
    const run = bench(['--only', 'everything']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("bench: --only takes floors, cold, scaling (got 'everything')");
  });
});
