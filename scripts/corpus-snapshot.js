#!/usr/bin/env node
'use strict';
// Corpus snapshot (issue #15): lints each folder of ../shared/corpus (arm, bicep-json, tf, tfplan) and compares the
// findings and counts with test/corpus-snapshot/<folder>.txt, so that a change in behaviour on real code shows up
// as a reviewed diff. Usage: npm run corpus:snapshot [-- --update] [-- --corpus <dir>]
// Exit codes: 0 same (or rewritten with --update, or no corpus), 1 differs, 2 usage or internal error.
//
// One lint run per repository folder (`arm/<repository>/…`), as `backup-lint <repository>` from the corpus folder:
// that is what a user runs on their own repository. One run over a whole corpus folder would join files of
// different repositories into one model (ARM resource IDs under the same default subscription and resource group,
// the same NIC name in two unrelated templates), which no user would ever see.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const FOLDERS = ['arm', 'bicep-json', 'tf', 'tfplan'];
const SNAPSHOT_DIR = path.join(root, 'test', 'corpus-snapshot');

function usage(message) {
  console.error(`corpus:snapshot: ${message} (usage: npm run corpus:snapshot -- [--update] [--corpus <dir>])`);
  process.exit(2);
}

function parseArguments(argv) {
  const options = { update: false, corpus: path.join(root, '..', 'shared', 'corpus') };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--update') options.update = true;
    else if (argv[i] === '--corpus' && argv[i + 1]) options.corpus = path.resolve(argv[++i]);
    else usage(`unknown argument '${argv[i]}'`);
  }
  return options;
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds when dist/ is missing or older than src/ or policies/ (the built-in policies file is written last). */
function ensureBuilt() {
  const marker = path.join(root, 'dist', 'builtin-policies.json');
  const built = fs.existsSync(marker) ? fs.statSync(marker).mtimeMs : 0;
  if (built >= Math.max(newestMtime(path.join(root, 'src')), newestMtime(path.join(root, 'policies')))) return;
  console.log('corpus:snapshot: dist/ is older than the sources; building');
  const build = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(2);
}

/** The runs of one corpus folder: each repository folder alone, and any loose files together. */
function runsOf(folder) {
  const entries = fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const loose = entries.filter((e) => !e.isDirectory()).map((e) => e.name);
  return [...entries.filter((e) => e.isDirectory()).map((e) => [e.name]), ...(loose.length > 0 ? [loose] : [])];
}

async function snapshotOf(folder, name) {
  const { lint } = require('../dist/lint/index.js');
  const { lintOptions } = require('../dist/cli/main.js');
  const { parseCommandLine } = require('../dist/cli/args.js');
  const { summarise, formatSnapshot } = require('./lib/snapshot.js');
  const results = [];
  for (const paths of runsOf(folder)) {
    // The command line's own assembly of options and policies: `backup-lint -- <paths>` run in the corpus folder.
    // The snapshot's name statistics cover every resource, not only those the model reads.
    results.push(await lint({ ...lintOptions(parseCommandLine(['--', ...paths]), folder), countAllArmNames: true, notes: true }));
  }
  return formatSnapshot(name, summarise(results, folder));
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const present = FOLDERS.filter((name) => fs.existsSync(path.join(options.corpus, name)));
  if (present.length === 0) {
    console.log(`corpus:snapshot: skipped: ${path.relative(root, options.corpus).split(path.sep).join('/')} not found (the corpus sits beside the project and is not part of it)`);
    return 0;
  }
  ensureBuilt();
  // A configuration file above the corpus would change every finding on this machine only.
  const { loadConfig } = require('../dist/config/load.js');
  const { diffSnapshots, isEmptyDiff, formatDiff } = require('./lib/snapshot.js');
  const stray = loadConfig(path.join(options.corpus, present[0]), undefined).file;
  if (stray) usage(`a configuration file above the corpus (${stray}) would change the snapshot; remove it`);

  let differs = false;
  fs.mkdirSync(SNAPSHOT_DIR, { recursive: true });
  for (const name of FOLDERS) {
    const file = path.join(SNAPSHOT_DIR, `${name}.txt`);
    const shown = path.relative(root, file).split(path.sep).join('/');
    if (!present.includes(name)) {
      console.log(`corpus:snapshot: ${name}: skipped, not in the corpus`);
      continue;
    }
    const current = await snapshotOf(path.join(options.corpus, name), name);
    const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    if (committed === current) {
      console.log(`corpus:snapshot: ${name}: same as ${shown}`);
    } else if (options.update) {
      fs.writeFileSync(file, current);
      console.log(`corpus:snapshot: ${name}: ${committed === undefined ? 'wrote' : 'updated'} ${shown}`);
    } else if (committed === undefined) {
      differs = true;
      console.log(`corpus:snapshot: ${name}: ${shown} does not exist; create it with npm run corpus:snapshot -- --update`);
    } else {
      differs = true;
      const diff = diffSnapshots(committed, current);
      // Same findings and counts, other text (a header comment): still a difference to commit.
      const detail = isEmptyDiff(diff) ? '  (only the comment lines differ)\n' : formatDiff(diff);
      process.stdout.write(`corpus:snapshot: ${name}: differs from ${shown}\n${detail}`);
    }
  }
  if (differs) {
    console.log('corpus:snapshot: if the change is intended, run npm run corpus:snapshot -- --update and commit the snapshot with the code that caused it');
  }
  return differs ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`corpus:snapshot: internal error: ${error && error.stack ? error.stack : error}`);
    process.exit(2);
  },
);
