#!/usr/bin/env node
// Speed benchmark (DESIGN §10): the floor is reading and JSON.parse-ing the same files; we report how many times
// that floor a full lint costs, and the cold start of the command on one small template.
// Usage: npm run bench -- [folder ...]   (default: ../shared/corpus/arm, skipped with a message if absent)
'use strict';
const { spawnSync } = require('node:child_process');
const { readdirSync, readFileSync, existsSync, statSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const folders = process.argv.slice(2);
if (folders.length === 0) folders.push(path.join(root, '..', 'shared', 'corpus', 'arm'));
const missing = folders.filter((f) => !existsSync(f));
if (missing.length > 0) {
  console.log(`bench: skipped, not found: ${missing.join(', ')} (the corpus lives in ../shared/corpus beside the project)`);
  process.exit(0);
}
if (!existsSync(path.join(root, 'dist', 'lint', 'index.js'))) {
  console.error('bench: build first (npm run build)');
  process.exit(2);
}

function listFiles(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) listFiles(p, out);
    else if (/\.(json|tf|tfvars)$/.test(entry.name)) out.push(p);
  }
  return out;
}

function floor(files) {
  const started = process.hrtime.bigint();
  let bytes = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    bytes += text.length;
    if (file.endsWith('.json')) {
      try {
        JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      } catch {
        /* comments or broken: the floor still read it */
      }
    }
  }
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, bytes };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main() {
  const files = folders.flatMap((f) => listFiles(path.resolve(f)));
  floor(files); // warm the page cache so both measurements read from memory
  const base = floor(files);
  const { lint } = require(path.join(root, 'dist', 'lint', 'index.js'));
  const { loadBuiltinPolicies } = require(path.join(root, 'dist', 'policy', 'index.js'));
  const started = process.hrtime.bigint();
  const result = await lint({
    cwd: process.cwd(),
    paths: folders,
    ignore: [],
    parameterPairs: new Map(),
    context: {},
    policies: loadBuiltinPolicies(),
    rules: {},
    quiet: false,
  });
  const lintMs = Number(process.hrtime.bigint() - started) / 1e6;

  const small = path.join(root, 'fixtures', 'clean', 'vm.json');
  const coldRuns = [];
  for (let i = 0; i < 7; i++) {
    const t = process.hrtime.bigint();
    spawnSync(process.execPath, [path.join(root, 'bin', 'backup-lint.js'), small], { stdio: 'ignore' });
    coldRuns.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const node = [];
  for (let i = 0; i < 7; i++) {
    const t = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    node.push(Number(process.hrtime.bigint() - t) / 1e6);
  }

  const mb = (base.bytes / 1024 / 1024).toFixed(1);
  console.log(`files: ${files.length} (${mb} MiB) in ${folders.join(', ')}`);
  console.log(`floor (read + JSON.parse): ${base.ms.toFixed(0)} ms`);
  console.log(`backup-lint (in process): ${lintMs.toFixed(0)} ms = ${(lintMs / base.ms).toFixed(1)}x the floor; ` +
    `${result.summary.files} files linted, ${result.summary.resources} resources, ${result.findings.length} findings`);
  console.log(`cold start on one small template: median ${median(coldRuns).toFixed(0)} ms (node -e 0: ${median(node).toFixed(0)} ms)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
