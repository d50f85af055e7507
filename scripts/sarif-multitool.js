#!/usr/bin/env node
// Validates backup-lint's SARIF with Microsoft's SARIF Multitool and GitHub's ingestion rules
// (`validate --rule-kind "Gh;Sarif"`). The Multitool is ~100 MB, so it is not a devDependency: this script installs
// it once into a cache folder outside the repository (BACKUP_LINT_MULTITOOL_DIR, default <tmp>/backup-lint-sarif-
// multitool) and is run by `npm run sarif:multitool` (after `npm run build`), or by .ci/run with SARIF_MULTITOOL=1.
// Fails (exit 1) on any Multitool error or warning; notes (suggestions such as code snippets) are listed only.
'use strict';
const { spawnSync } = require('node:child_process');
const { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const VERSION = '5.7.0';
const repo = path.join(__dirname, '..');
const cache = process.env.BACKUP_LINT_MULTITOOL_DIR || path.join(os.tmpdir(), 'backup-lint-sarif-multitool');
const platform = { linux: 'linux', darwin: 'darwin', win32: 'win32' }[process.platform];
if (!platform) fail(`no SARIF Multitool package for platform ${process.platform}`);
const binary = path.join(cache, 'node_modules', '@microsoft', `sarif-multitool-${platform}`, process.platform === 'win32' ? 'Sarif.Multitool.exe' : 'Sarif.Multitool');

/** The Multitool's own message: its text, or its rule's message template with the arguments filled in. */
function describe(result) {
  if (result.message?.text) return result.message.text;
  return `${result.message?.id ?? ''} ${JSON.stringify(result.message?.arguments ?? [])}`;
}

function fail(message) {
  process.stderr.write(`sarif-multitool: ${message}\n`);
  process.exit(1);
}

function install() {
  if (existsSync(binary)) return;
  mkdirSync(cache, { recursive: true });
  process.stderr.write(`installing @microsoft/sarif-multitool@${VERSION} into ${cache} (about 100 MB, once)\n`);
  const run = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', cache, `@microsoft/sarif-multitool@${VERSION}`], { stdio: 'inherit', shell: process.platform === 'win32' });
  if (run.status !== 0 || !existsSync(binary)) fail('could not install the SARIF Multitool');
  // Its postinstall only marks the binary executable; npm may skip install scripts.
  if (process.platform !== 'win32') chmodSync(binary, 0o755);
}

async function sarifLogs(dir) {
  const { main } = require(path.join(repo, 'dist', 'cli', 'main'));
  const { formatSarif } = require(path.join(repo, 'dist', 'report', 'sarif'));
  const { catalogue } = require(path.join(repo, 'dist', 'policy', 'catalogue'));
  const { loadBuiltinPolicies } = require(path.join(repo, 'dist', 'policy', 'load'));
  const { fingerprints } = require(path.join(repo, 'dist', 'findings', 'fingerprint'));
  // 1. A real run: findings of BL201/BL202, a BL001 parse error, and suppressed findings (inline).
  let stdout = '';
  const code = await main(['-f', 'sarif', 'BL201', 'BL202', 'BL001', 'suppress'], {
    stdout: { write: (t) => (stdout += t), isTTY: false },
    stderr: { write: () => undefined },
    env: {},
    cwd: path.join(repo, 'fixtures'),
  });
  if (code !== 1) fail(`the fixture run exited ${code}, expected 1 (findings)`);
  writeFileSync(path.join(dir, 'fixtures.sarif'), stdout);
  // 2. What the fixtures lack: related locations, config and baseline suppressions, paths that need encoding.
  const base = {
    ruleId: 'BL201', rule: 'vm-agent-not-provisioned', severity: 'error', cause: 2, errorCodes: ['UserErrorGuestAgentStatusUnavailable'],
    message: "VM 'web-01' is deployed without the Azure VM agent", file: 'infra/my templates/vm #1.json', line: 21, column: 13, endLine: 21, endColumn: 38,
    resource: { type: 'Microsoft.Compute/virtualMachines', name: 'web-01' }, fix: 'Set provisionVMAgent to true.',
    related: [{ file: 'infra/nsg.json', line: 88, column: 13, message: 'Deny_Internet, priority 1000' }],
  };
  const findings = [base, { ...base, severity: 'warning', line: 40, endLine: 40, resource: { type: 'Microsoft.Compute/virtualMachines', name: 'db-01' } }];
  const ids = fingerprints(findings);
  const withIds = findings.map((f, i) => ({ ...f, fingerprint: ids[i] }));
  const result = {
    files: [{ path: base.file, format: 'arm', status: 'ok', resources: 2 }],
    findings: [withIds[0]],
    suppressed: [
      { ...withIds[1], suppression: { kind: 'config', reason: 'legacy, see ADR-12', file: '.backup-lint.yaml', line: 3, expires: '2027-01-31' } },
      { ...withIds[1], line: 41, endLine: 41, fingerprint: `${ids[1]}:2`, suppression: { kind: 'baseline', reason: 'in the baseline baseline.json', file: 'baseline.json' } },
    ],
    skippedChecks: [], notes: [], policyErrors: ['house/ACME001.yaml:6:9: rule ACME001, `assert` on web-01: vm.size is not a list'], suppressionWarnings: ['infra/main.tf:12: suppression of BL201 has no reason, so it is ignored'], armNames: { resources: 0, literal: 0, symbolic: 0 },
    summary: { files: 1, resources: 2, errors: 1, warnings: 0, infos: 0, skippedChecks: 0, suppressed: 2, durationMs: 5 },
  };
  writeFileSync(path.join(dir, 'synthetic.sarif'), formatSarif(result, catalogue(loadBuiltinPolicies())));
  return ['fixtures.sarif', 'synthetic.sarif'];
}

(async () => {
  if (!existsSync(path.join(repo, 'dist', 'cli', 'main.js'))) fail('run npm run build first');
  install();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'backup-lint-sarif-'));
  let failed = false;
  try {
    for (const file of await sarifLogs(dir)) {
      const output = `${file}.validation.sarif`;
      const run = spawnSync(binary, ['validate', '--rule-kind', 'Gh;Sarif', '--level', 'Error;Warning;Note', file, '-o', output], { cwd: dir, encoding: 'utf8' });
      if (run.status !== 0 || !existsSync(path.join(dir, output))) fail(`the Multitool failed on ${file}:\n${run.stdout}${run.stderr}`);
      const results = JSON.parse(readFileSync(path.join(dir, output), 'utf8')).runs[0].results ?? [];
      const counts = {};
      for (const r of results) {
        const key = `${r.level ?? 'warning'} ${r.ruleId}`;
        counts[key] = (counts[key] ?? 0) + 1;
      }
      const serious = results.filter((r) => (r.level ?? 'warning') === 'error' || (r.level ?? 'warning') === 'warning');
      process.stdout.write(`${file}: ${serious.length} errors/warnings; ${Object.entries(counts).map(([k, n]) => `${k} ×${n}`).join(', ') || 'no notes'}\n`);
      for (const r of serious) process.stdout.write(`  ${r.level ?? 'warning'} ${r.ruleId}: ${describe(r)}\n`);
      if (serious.length > 0) failed = true;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (failed) fail('the SARIF Multitool reported errors or warnings');
  process.stdout.write('SARIF Multitool (Gh;Sarif): clean\n');
})().catch((error) => fail(error.stack || String(error)));
