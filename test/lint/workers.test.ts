import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FIXTURES } from '../helpers/run-cli';

// Issue #12: large runs load templates and read Terraform modules on worker threads too. The worker script exists
// only in the build, so this runs the built pipeline (npm test builds first). Whichever thread loads a template or
// reads a module, the report must be the same.

const DIST = path.resolve(__dirname, '..', '..', 'dist');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { lint } = require(path.join(DIST, 'lint', 'index.js')) as typeof import('../../src/lint');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadBuiltinPolicies } = require(path.join(DIST, 'policy', 'index.js')) as typeof import('../../src/policy');

async function lintWith(cwd: string, paths: string[], workers: number, mainThreadLoads = true, workerLimits?: { maxOldGenerationSizeMb: number }, settleEveryMs?: number) {
  const stats: { fromWorkers: number; terraformModulesFromWorkers?: number; settledWhileLoading?: number } = { fromWorkers: 0 };
  const result = await lint({
    cwd,
    paths,
    ignore: [],
    parameterPairs: new Map(),
    context: {},
    policies: loadBuiltinPolicies(),
    rules: {},
    quiet: false,
    explain: true,
    parallel: { workers, minFiles: 0, stats, mainThreadLoads, ...(workerLimits ? { workerLimits } : {}), ...(settleEveryMs !== undefined ? { settleEveryMs } : {}) },
  });
  return {
    report: { ...result, summary: { ...result.summary, durationMs: 0 } },
    fromWorkers: stats.fromWorkers,
    modulesFromWorkers: stats.terraformModulesFromWorkers ?? 0,
    settledWhileLoading: stats.settledWhileLoading ?? 0,
  };
}

describe('templates and Terraform modules loaded on worker threads', () => {
  it('loads on the main thread what workers that run out of memory could not return, with the same report', async () => {
    const single = await lintWith(FIXTURES, ['BL101', 'BL201'], 0);
    const starved = await lintWith(FIXTURES, ['BL101', 'BL201'], 2, false, { maxOldGenerationSizeMb: 1 });
    expect(starved.fromWorkers + starved.modulesFromWorkers).toBe(0);
    expect(starved.report.findings.length).toBeGreaterThan(10);
    expect(JSON.stringify(starved.report)).toBe(JSON.stringify(single.report));
  }, 60_000);

  it('settles what the worker sends while the main thread still loads, with the same report as one thread', async () => {
    // Enough templates that the main thread is still at its own when the worker's first outcomes arrive.
    const dir = mkdtempSync(path.join(tmpdir(), 'backup-lint-settle-'));
    try {
      const vm = readFileSync(path.join(FIXTURES, 'clean', 'vm.json'), 'utf8');
      for (let i = 0; i < 1500; i++) writeFileSync(path.join(dir, `vm${i}.json`), vm);
      const single = await lintWith(dir, ['.'], 0);
      const parallel = await lintWith(dir, ['.'], 1, true, undefined, 0);
      expect(parallel.fromWorkers).toBeGreaterThan(0);
      expect(parallel.settledWhileLoading).toBeGreaterThan(0);
      expect(JSON.stringify(parallel.report)).toBe(JSON.stringify(single.report));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('gives the same report as one thread on every fixture (findings, lines, notes, BL001/BL002, explanations)', async () => {
    const single = await lintWith(FIXTURES, ['.'], 0);
    const parallel = await lintWith(FIXTURES, ['.'], 2, false);
    expect(single.fromWorkers).toBe(0);
    expect(single.modulesFromWorkers).toBe(0);
    expect(parallel.fromWorkers).toBe(parallel.report.files.filter((f) => f.format === 'arm' || f.format === 'bicep-json').length);
    // Every module folder (each folder of .tf files is one task, child modules included) came from a worker.
    const moduleDirs = new Set(parallel.report.files.filter((f) => f.format === 'tf').map((f) => path.posix.dirname(f.path)));
    expect(moduleDirs.size).toBeGreaterThan(50);
    expect(parallel.modulesFromWorkers).toBe(moduleDirs.size);
    expect(parallel.report.findings.length).toBeGreaterThan(100);
    expect(parallel.report).toEqual(single.report);
    expect(JSON.stringify(parallel.report)).toBe(JSON.stringify(single.report));
  }, 60_000);

  it('gives Terraform findings the attribute lines read on the worker (locate() rebuilt on the main thread)', async () => {
    const single = await lintWith(FIXTURES, ['tf-eval', 'BL101', 'BL104'], 0);
    const parallel = await lintWith(FIXTURES, ['tf-eval', 'BL101', 'BL104'], 1, false);
    expect(parallel.modulesFromWorkers).toBeGreaterThan(10);
    // Findings placed on an attribute inside a resource block, not on its `resource "…" "…" {` line: only locate() knows them.
    const lineOf = (file: string, line: number) => readFileSync(path.join(FIXTURES, file), 'utf8').split('\n')[line - 1] ?? '';
    const onAttributes = parallel.report.findings.filter((f) => f.file.endsWith('.tf') && !/^\s*resource\s/.test(lineOf(f.file, f.line)));
    expect(onAttributes.length).toBeGreaterThan(5);
    expect(parallel.report).toEqual(single.report);
  }, 60_000);

  it('keeps confinement in the worker: a template linked from outside the root is refused there too', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'bl-outside-'));
    const root = mkdtempSync(path.join(tmpdir(), 'bl-root-'));
    try {
      writeFileSync(path.join(outside, 'secret.json'), '{"$schema":"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#","resources":[]}');
      symlinkSync(path.join(outside, 'secret.json'), path.join(root, 'linked.txt'));
      const main = {
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
        contentVersion: '1.0.0.0',
        resources: [
          {
            type: 'Microsoft.Resources/deployments',
            apiVersion: '2022-09-01',
            name: 'inner',
            properties: { mode: 'Incremental', templateLink: { relativePath: 'linked.txt' } },
          },
        ],
      };
      writeFileSync(path.join(root, 'main.json'), JSON.stringify(main, null, 2));
      const single = await lintWith(root, ['main.json'], 0);
      const parallel = await lintWith(root, ['main.json'], 1, false);
      expect(parallel.fromWorkers).toBe(1);
      expect(parallel.report).toEqual(single.report);
      expect(JSON.stringify(parallel.report)).not.toContain('secret');
      expect(parallel.report.notes.map((n) => `${n.file}:${n.line} ${n.message}`)).toEqual([expect.stringMatching(/^main\.json:\d+ .*linked\.txt/)]);
    } finally {
      rmSync(outside, { recursive: true, force: true });
      rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);

  it('keeps confinement in the worker for Terraform: a module file linked from outside is a BL001 with the fix', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'bl-outside-'));
    const root = mkdtempSync(path.join(tmpdir(), 'bl-root-'));
    try {
      const group = (name: string) => `resource "azurerm_resource_group" "${name}" {\n  name     = "${name}"\n  location = "westeurope"\n}\n`;
      writeFileSync(path.join(outside, 'secret.tf'), group('secret'));
      mkdirSync(path.join(root, 'mod'));
      symlinkSync(path.join(outside, 'secret.tf'), path.join(root, 'mod', 'linked.tf'));
      writeFileSync(path.join(root, 'mod', 'main.tf'), group('inside'));
      const single = await lintWith(root, ['.'], 0);
      const parallel = await lintWith(root, ['.'], 1, false);
      expect(parallel.modulesFromWorkers).toBe(1);
      expect(parallel.report).toEqual(single.report);
      expect(JSON.stringify(parallel.report)).not.toContain('secret');
      expect(parallel.report.findings.map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.message}`)).toEqual(['BL001 mod/linked.tf:1 mod/linked.tf could not be read: outside the repository']);
      expect(parallel.report.findings[0]!.fix).toMatch(/^backup-lint reads only regular files inside the repository/);
      expect(parallel.report.files.map((f) => `${f.path} ${f.status} ${f.resources}`)).toEqual(['mod/linked.tf error 0', 'mod/main.tf ok 1']);
    } finally {
      rmSync(outside, { recursive: true, force: true });
      rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);
});
