import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FIXTURES } from '../helpers/run-cli';

// Issue #12: large runs load templates on worker threads too. The worker script exists only in the build, so this
// runs the built pipeline (npm test builds first). Whichever thread loads a template, the report must be the same.

const DIST = path.resolve(__dirname, '..', '..', 'dist');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { lint } = require(path.join(DIST, 'lint', 'index.js')) as typeof import('../../src/lint');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadBuiltinPolicies } = require(path.join(DIST, 'policy', 'index.js')) as typeof import('../../src/policy');

async function lintWith(cwd: string, paths: string[], workers: number, mainThreadLoads = true) {
  const stats = { fromWorkers: 0 };
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
    parallel: { workers, minFiles: 0, stats, mainThreadLoads },
  });
  return { report: { ...result, summary: { ...result.summary, durationMs: 0 } }, fromWorkers: stats.fromWorkers };
}

describe('templates loaded on worker threads', () => {
  it('gives the same report as one thread on every fixture (findings, lines, notes, BL001/BL002, explanations)', async () => {
    const single = await lintWith(FIXTURES, ['.'], 0);
    const parallel = await lintWith(FIXTURES, ['.'], 2, false);
    expect(single.fromWorkers).toBe(0);
    expect(parallel.fromWorkers).toBe(parallel.report.files.filter((f) => f.format === 'arm' || f.format === 'bicep-json').length);
    expect(parallel.report.findings.length).toBeGreaterThan(100);
    expect(parallel.report).toEqual(single.report);
    expect(JSON.stringify(parallel.report)).toBe(JSON.stringify(single.report));
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
});
