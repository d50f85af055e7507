import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES, REPO_ROOT, spawnCli } from '../helpers/run-cli';
import { tempProject } from '../helpers/temp-project';

// Cold start (issue #12): each command loads only what it needs. These run the built dist/ in a child process and
// list what Node loaded (require.cache), relative to the project.

const DIST = path.join(REPO_ROOT, 'dist');

/**
 * Runs `script` (a promise of an exit code or a lint result) in a fresh Node (cwd: fixtures/) and returns the
 * project files it loaded, sorted; an exit code other than 0 fails.
 */
function loadedBy(script: string, cwd = FIXTURES): string[] {
  const report = `(outcome) => { if (typeof outcome === 'number' && outcome !== 0) throw new Error('exit code ' + outcome); process.stdout.write(JSON.stringify(Object.keys(require.cache))); }`;
  const run = spawnSync(process.execPath, ['-e', `${script}.then(${report})`], {
    cwd,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`child exited ${run.status}: ${run.stderr}`);
  const lastLine = run.stdout.trim().split('\n').pop()!;
  return (JSON.parse(lastLine) as string[]).map((file) => path.relative(REPO_ROOT, file).split(path.sep).join('/')).sort();
}

/** main(argv) of the built command, with an io that writes nowhere. */
const runMain = (argv: string[]) =>
  `require(${JSON.stringify(path.join(DIST, 'cli', 'main.js'))}).main(${JSON.stringify(argv)}, ` +
  `{ stdout: { write() {} }, stderr: { write(text) { process.stderr.write(text); } }, env: {}, cwd: process.cwd() })`;

/** What main.js loads by itself: the argument parser and what any error message needs. */
const MAIN_MODULES = ['dist/cli/args.js', 'dist/cli/main.js', 'dist/config/errors.js', 'dist/findings/sanitize.js', 'dist/report/format-names.js', 'dist/version.js'];

/** Pipeline modules and heavy packages, none of which rules, explain, --help or --version may load. */
const PIPELINE = /^dist\/(lint|discover|formats|model|analysis|suppress)\/|^dist\/policy\/(engine|compile-policy|expression|schema-validation|yaml-source)|^dist\/report\/(index|stylish|json|sarif)\.js|^dist\/cli\/lint-command\.js|node_modules\/(yaml|ajv|@typescript-eslint|typescript|picomatch|web-tree-sitter|re2js|ipaddr\.js|windows-iana)\//;

describe('lazy loading of the built command', () => {
  it('--version and --help load main and its argument parser only, no package', () => {
    expect(loadedBy(runMain(['--version']))).toEqual(MAIN_MODULES);
    expect(loadedBy(runMain(['--help']))).toEqual(MAIN_MODULES);
  });

  it('rules and explain read the compiled catalogue without the pipeline or the policy compiler', () => {
    const catalogueModules = ['dist/cli/catalogue.js', 'dist/policy/catalogue.js', 'dist/policy/load.js', 'dist/report/rule-doc.js'];
    const rules = loadedBy(runMain(['rules']));
    expect(rules).toEqual(expect.arrayContaining([...MAIN_MODULES, ...catalogueModules, 'dist/cli/terminal.js']));
    expect(rules.filter((file) => PIPELINE.test(file))).toEqual([]);
    const explain = loadedBy(runMain(['explain', 'BL201']));
    expect(explain).toEqual(expect.arrayContaining([...MAIN_MODULES, ...catalogueModules]));
    expect(explain.filter((file) => PIPELINE.test(file))).toEqual([]);
  });

  it('a one-template ARM lint runs the bundled lint command and loads no Terraform, YAML, schema or glob package', () => {
    const loaded = loadedBy(runMain(['clean/vm.json']));
    expect(loaded).toContain('dist/cli/lint-command.js');
    expect(loaded.filter((file) => file.includes('node_modules/'))).toEqual(['node_modules/ipaddr.js/lib/ipaddr.js', 'node_modules/picocolors/picocolors.js']);
  });

  it('a lint with a configuration file checks it with the validator the build wrote (no ajv) and YAML from one file', () => {
    // ajv took ~90 ms to start and compile the configuration schema, and YAML's ~60 files 22–30 ms to load: a
    // one-template lint with a .backup-lint.yaml took about twice as long as one without.
    const project = tempProject({ '.backup-lint.yaml': 'rules:\n  BL201: warning\n', 'vm.json': readFileSync(path.join(FIXTURES, 'clean', 'vm.json'), 'utf8') });
    try {
      const loaded = loadedBy(runMain(['vm.json']), project.dir);
      expect(loaded).toEqual(expect.arrayContaining(['dist/cli/lint-command.js', 'dist/config/config.schema.validate.js', 'dist/vendor/yaml.js']));
      expect(loaded.filter((file) => /node_modules\/(yaml|ajv)\//.test(file))).toEqual(['node_modules/ajv/dist/runtime/ucs2length.js']);
    } finally {
      project.cleanup();
    }
  });

  it('a lint with a user policy compiles its expressions without the TypeScript compiler (~250 ms to load)', () => {
    const policy = ['id: ACME001', 'name: acme-vm-size', 'title: VM size is set', 'severity: warning', 'rationale: Every VM names its size.', 'subject: vm', 'assert: vm.size !== null && [vm.name].every((n) => n !== "")', 'message: VM {{ vm.label }} has no size', ''].join('\n');
    const project = tempProject({
      '.backup-lint.yaml': 'policies:\n  - house/\n',
      'house/ACME001.yaml': policy,
      'vm.json': readFileSync(path.join(FIXTURES, 'clean', 'vm.json'), 'utf8'),
    });
    try {
      const loaded = loadedBy(runMain(['vm.json']), project.dir);
      expect(loaded).toEqual(expect.arrayContaining(['dist/cli/lint-command.js', 'dist/config/policy.schema.validate.js']));
      expect(loaded.filter((file) => /node_modules\/(typescript|@typescript-eslint)\//.test(file))).toEqual([]);
    } finally {
      project.cleanup();
    }
  });

  it('a small Terraform run compiles tree-sitter with the baseline compiler only; a larger one lets V8 optimise it', () => {
    // Optimised in the background, the grammar and the runtime made a one-module lint wait ~60 ms before it could exit.
    const flagsSetBy = (argv: string[], cwd = FIXTURES) => {
      const record = `const v8 = require('node:v8'); const set = v8.setFlagsFromString; globalThis.flagsSet = []; v8.setFlagsFromString = (flags) => { globalThis.flagsSet.push(flags); return set(flags); };`;
      const report = `(outcome) => { if (outcome !== 0 && outcome !== 1) throw new Error('exit code ' + outcome); process.stdout.write(JSON.stringify(globalThis.flagsSet)); }`;
      const run = spawnSync(process.execPath, ['-e', `${record} ${runMain(argv)}.then(${report})`], { cwd, encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`child exited ${run.status}: ${run.stderr}`);
      return JSON.parse(run.stdout.trim().split('\n').pop()!) as string[];
    };
    expect(flagsSetBy(['BL101/invalid/tf-deny-from-nic-asg'])).toContain('--liftoff-only');
    // 20 .tf files (TIER_UP_MIN_FILES is 16), no guest text.
    const files: Record<string, string> = {};
    for (let i = 0; i < 20; i++) files[`rg${i}.tf`] = `resource "azurerm_resource_group" "rg${i}" {\n  name     = "rg${i}"\n  location = "westeurope"\n}\n`;
    const project = tempProject(files);
    try {
      expect(flagsSetBy(['.'], project.dir)).not.toContain('--liftoff-only');
    } finally {
      project.cleanup();
    }
  });

  it('a run too small for worker threads does not load node:worker_threads (~3 ms of a cold start)', () => {
    const builtins = `(outcome) => { if (outcome !== 0) throw new Error('exit code ' + outcome); process.stdout.write(JSON.stringify(process.moduleLoadList)); }`;
    const run = spawnSync(process.execPath, ['-e', `${runMain(['clean/vm.json'])}.then(${builtins})`], { cwd: FIXTURES, encoding: 'utf8' });
    expect(run.status).toBe(0);
    const modules = JSON.parse(run.stdout.trim().split('\n').pop()!) as string[];
    expect(modules).toContain('NativeModule fs');
    expect(modules).not.toContain('NativeModule worker_threads');
  });

  it('the pipeline (unbundled dist/) reads an ARM template without the Terraform readers or the guest readers', () => {
    const lint =
      `require(${JSON.stringify(path.join(DIST, 'lint', 'index.js'))}).lint({ cwd: process.cwd(), paths: ['clean/vm.json'], ignore: [], ` +
      `parameterPairs: new Map(), context: {}, rules: {}, quiet: false, ` +
      `policies: require(${JSON.stringify(path.join(DIST, 'policy', 'load.js'))}).loadBuiltinPolicies() })`;
    const loaded = loadedBy(lint);
    expect(loaded).toEqual(expect.arrayContaining(['dist/formats/arm/expand/index.js', 'dist/analysis/guest/index.js']));
    const unexpected = /^dist\/formats\/terraform\/|^dist\/analysis\/guest\/(read|cloud-config|files|shell|powershell|cmd)\.js|node_modules\/(yaml|ajv|picomatch|web-tree-sitter|re2js|windows-iana|@vscode)\//;
    expect(loaded.filter((file) => unexpected.test(file))).toEqual([]);
  });

  it('dist/cli/lint-command.js is the bundle, sharing main.js’s modules instead of copying them', () => {
    const bundle = readFileSync(path.join(DIST, 'cli', 'lint-command.js'), 'utf8');
    expect(bundle.startsWith('// Bundled by scripts/bundle-cli.js')).toBe(true);
    expect(bundle).toContain('require("../config/errors.js")');
    expect(bundle).not.toContain('// dist/config/errors.js');
  });

  it('the bundle loads with the V8 code cache the build wrote for it, accepted by this Node under the flags a lint sets', () => {
    const bundle = path.join(DIST, 'cli', 'lint-command.js');
    const load = `require(${JSON.stringify(path.join(DIST, 'cli', 'code-cache.js'))}).loadWithCodeCache(${JSON.stringify(bundle)})`;
    const tune = `require(${JSON.stringify(path.join(DIST, 'cli', 'main.js'))}).tuneEngineForLint();`;
    const state = (script: string) => spawnSync(process.execPath, ['-e', `const r = ${script}; process.stdout.write(String(r && r.state))`], { encoding: 'utf8' }).stdout;
    // As main() loads it for a lint: the flags first (tuneEngineForLint in src/cli/main.ts), then the bundle.
    expect(state(`(() => { ${tune} return ${load}; })()`)).toBe('accepted');
    // V8 checks the flags: without them the cache does not fit, and the bundle is compiled as usual.
    expect(state(load)).toBe('rejected');
  });

  it('a code cache belongs to one build of the bundle: its name carries the build ID from the bundle text', () => {
    const { codeCachePath } = require('../../src/cli/code-cache') as typeof import('../../src/cli/code-cache');
    expect(codeCachePath('/d/lint-command.js', '// banner\n// build 0123456789abcdef\n"use strict";')).toBe('/d/lint-command.0123456789abcdef.cache');
    expect(codeCachePath('/d/lint-command.js', '// banner\n"use strict";')).toBeUndefined();
    expect(codeCachePath('/d/lint-command.js', '// banner\n// build 0123\n')).toBeUndefined();
  });

  it('a configuration error raised inside the bundle is still one line and exit 2 (one UsageError class)', () => {
    const run = spawnCli(['--config', 'no-such-config.yaml', 'clean/vm.json']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^backup-lint: [^\n]*no-such-config\.yaml[^\n]*\n$/);
  });
});
