#!/usr/bin/env node
// Integration test of the pre-commit hook with the real pre-commit (npm run test:pre-commit; .ci/run calls it).
// In a throw-away git repository it checks, with the hook installed the way pre-commit installs it (a clone of this
// repository, `npm install` with devDependencies, `npm pack`, `npm install -g` of the tarball; needs the npm registry):
//   1. `pre-commit try-repo <this repo> backup-lint --files bad.json` fails and names BL201 at bad.json:21;
//   2. with a .pre-commit-config.yaml pointing at this repository's HEAD, `pre-commit run backup-lint --files clean.json`
//      passes although bad.json sits beside it (only the given files are reported), and `--files tf/variables.tf`
//      fails on tf/main.tf (the module's other files are read for context).
// It prints how long the hook's install took and how much disk it uses. Skips (exit 0) when pre-commit is absent.
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
const fixtures = path.join(root, 'fixtures');

function main() {
  const version = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
  if (version.status !== 0) {
    console.log('test:pre-commit: SKIPPED, pre-commit is not installed (apt-get install pre-commit, or pip install pre-commit)');
    return 0;
  }
  console.log(`test:pre-commit: ${version.stdout.trim()}`);
  const sandbox = mkdtempSync(path.join(os.tmpdir(), 'backup-lint-pre-commit-'));
  const failures = [];
  try {
    const repo = path.join(sandbox, 'repo');
    const home = path.join(sandbox, 'pre-commit-home');
    mkdirSync(path.join(repo, 'tf'), { recursive: true });
    cpSync(path.join(fixtures, 'BL201/invalid/arm-linux-agent-off.json'), path.join(repo, 'bad.json'));
    cpSync(path.join(fixtures, 'clean/vm.json'), path.join(repo, 'clean.json'));
    cpSync(path.join(fixtures, 'BL201/invalid/tf-variable-default/main.tf'), path.join(repo, 'tf/main.tf'));
    cpSync(path.join(fixtures, 'BL201/invalid/tf-variable-default/variables.tf'), path.join(repo, 'tf/variables.tf'));
    const rev = execFileSync('git', ['-C', root, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    writeFileSync(path.join(repo, '.pre-commit-config.yaml'), `repos:\n-   repo: ${root}\n    rev: ${rev}\n    hooks:\n    -   id: backup-lint\n`);
    const git = (...args) => execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { stdio: 'ignore' });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'fixtures');

    const env = { ...process.env, PRE_COMMIT_HOME: home, NO_COLOR: '1', PRE_COMMIT_COLOR: 'never' };
    const preCommit = (...args) => {
      const started = Date.now();
      const run = spawnSync('pre-commit', args, { cwd: repo, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      return { code: run.status, output: `${run.stdout}${run.stderr}`, seconds: (Date.now() - started) / 1000 };
    };
    const check = (name, run, code, pattern) => {
      const ok = run.code === code && pattern.test(run.output);
      console.log(`${ok ? 'ok  ' : 'FAIL'} ${name} (exit ${run.code}, ${run.seconds.toFixed(1)} s)`);
      if (!ok) failures.push(`${name}\n${run.output}`);
    };

    // try-repo installs into a temporary store each time: one run, the failing one.
    check('try-repo --files bad.json fails on BL201 at bad.json:21', preCommit('try-repo', root, 'backup-lint', '--files', 'bad.json'), 1,
      /backup-lint\.+Failed[\s\S]*bad\.json\n\s+21:13\s+error\s+BL201/);
    const install = preCommit('install-hooks');
    check('install-hooks (the hook installed from this repository\'s HEAD)', install, 0, /installed|^$/);
    const size = execFileSync('du', ['-sm', home], { encoding: 'utf8' }).split('\t')[0];
    console.log(`     install: ${install.seconds.toFixed(0)} s, ${size} MB in PRE_COMMIT_HOME`);
    check('run --files clean.json passes (bad.json beside it is not reported)', preCommit('run', 'backup-lint', '--files', 'clean.json'), 0, /backup-lint\.+Passed/);
    check('run --files tf/variables.tf fails on tf/main.tf, read for context', preCommit('run', 'backup-lint', '--files', 'tf/variables.tf'), 1,
      /tf\/main\.tf\n\s+8:3\s+error\s+BL201/);
  } finally {
    rmSync(sandbox, { recursive: true, force: true });
  }
  for (const failure of failures) console.error(`\n--- ${failure}`);
  return failures.length > 0 ? 1 : 0;
}

process.exitCode = main();
