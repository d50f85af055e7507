#!/usr/bin/env node
'use strict';
// Report identity check (issue #12): lints each corpus folder as one run and each of its repository folders as its
// own run, in JSON with --explain, and saves the reports without their timing field; with --against, compares them
// with reports saved before a change and lists every run whose report differs. Speed work must leave them identical.
// Usage: node scripts/compare-reports.js --save <dir> [--against <dir>] [--corpus <dir>] [--only <run name prefix>]
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const FOLDERS = ['arm', 'bicep-json', 'tf', 'tfplan'];

function parseArguments(argv) {
  const options = { corpus: path.join(root, '..', 'shared', 'corpus') };
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1];
    if (argv[i] === '--save' && next) options.save = path.resolve(argv[++i]);
    else if (argv[i] === '--against' && next) options.against = path.resolve(argv[++i]);
    else if (argv[i] === '--corpus' && next) options.corpus = path.resolve(argv[++i]);
    else if (argv[i] === '--only' && next) options.only = argv[++i];
    else {
      console.error(`compare-reports: unknown argument '${argv[i]}' (usage: --save <dir> [--against <dir>] [--corpus <dir>] [--only <run name prefix>])`);
      process.exit(2);
    }
  }
  if (!options.save) {
    console.error('compare-reports: --save <dir> is required');
    process.exit(2);
  }
  return options;
}

/** The runs: each corpus folder whole, then each of its repository folders. */
function runs(corpus) {
  const list = [];
  for (const folder of FOLDERS) {
    const dir = path.join(corpus, folder);
    if (!fs.existsSync(dir)) continue;
    list.push({ name: folder, paths: [dir] });
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory()) list.push({ name: `${folder}__${entry.name}`, paths: [path.join(dir, entry.name)] });
    }
  }
  return list;
}

function lintJson(corpus, paths) {
  const result = spawnSync(process.execPath, [path.join(root, 'bin', 'backup-lint.js'), '--root', corpus, '--format', 'json', '--explain', ...paths], {
    cwd: corpus,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, CI: 'true' },
  });
  if (result.status !== 0 && result.status !== 1) throw new Error(`exit ${result.status}: ${result.stderr.slice(0, 500)}`);
  const report = JSON.parse(result.stdout);
  delete report.summary.durationMs;
  return JSON.stringify(report, null, 1) + '\n';
}

function main() {
  const options = parseArguments(process.argv.slice(2));
  if (!fs.existsSync(options.corpus)) {
    console.log(`compare-reports: skipped, no corpus at ${options.corpus}`);
    return 0;
  }
  // Real paths: reports name files relative to the working directory, so two runs compare only when they reach the
  // corpus by the same path, whichever link it was given through.
  options.corpus = fs.realpathSync(options.corpus);
  fs.mkdirSync(options.save, { recursive: true });
  let differing = 0;
  let compared = 0;
  for (const run of runs(options.corpus).filter((r) => !options.only || r.name.startsWith(options.only))) {
    const text = lintJson(options.corpus, run.paths);
    fs.writeFileSync(path.join(options.save, `${run.name}.json`), text);
    if (!options.against) continue;
    compared++;
    const before = path.join(options.against, `${run.name}.json`);
    if (!fs.existsSync(before)) {
      console.log(`new run (no report before): ${run.name}`);
      differing++;
    } else if (fs.readFileSync(before, 'utf8') !== text) {
      console.log(`differs: ${run.name} (diff ${before} ${path.join(options.save, `${run.name}.json`)})`);
      differing++;
    }
  }
  if (options.against) console.log(`${compared - differing} of ${compared} reports identical`);
  return differing > 0 ? 1 : 0;
}

process.exitCode = main();
