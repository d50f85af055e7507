#!/usr/bin/env node
'use strict';
// Robustness sweep over real code: runs the ARM/Bicep, .tf and plan corpus scripts over the given folders.
// Usage: npm run corpus -- ../shared/corpus/arm ../shared/corpus/bicep-json ../shared/corpus/tf ../shared/corpus/tfplan
// Each part reports only the files of its kind; a folder that does not exist is skipped with a message
// (the corpus lives in ../shared beside the project and is not part of it).
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
let folders = process.argv.slice(2);
if (folders.length === 0) {
  const corpus = path.join(root, '..', 'shared', 'corpus');
  folders = ['arm', 'bicep-json', 'tf', 'tfplan'].map((name) => path.join(corpus, name));
}
const present = folders.filter((folder) => {
  if (existsSync(folder)) return true;
  console.log(`corpus: skipped ${folder}: not found (the corpus lives in ../shared/corpus beside the project)`);
  return false;
});
if (present.length === 0) process.exit(0);
if (!existsSync(path.join(root, 'dist', 'lint', 'index.js'))) {
  console.error('corpus: build first (npm run build)');
  process.exit(2);
}

function contains(dir, test) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() ? contains(path.join(dir, entry.name), test) : test(entry.name)) return true;
  }
  return false;
}

const parts = [
  { title: 'ARM and Bicep templates', script: 'corpus-arm.js', has: (name) => name.endsWith('.json') },
  { title: 'Terraform modules (.tf)', script: 'corpus-tf.js', has: (name) => name.endsWith('.tf') },
];
let failed = false;
for (const part of parts) {
  const targets = present.filter((folder) => contains(folder, part.has));
  if (targets.length === 0) continue;
  console.log(`\n== ${part.title}: ${targets.join(', ')}`);
  const run = spawnSync(process.execPath, [path.join(__dirname, part.script), ...targets], { stdio: 'inherit' });
  failed = failed || run.status !== 0;
}
for (const folder of present.filter((f) => contains(f, (name) => name.endsWith('.json')))) {
  console.log(`\n== Terraform plans: ${folder}`);
  const run = spawnSync(process.execPath, [path.join(__dirname, 'corpus-tfplan.js'), folder], { stdio: 'inherit' });
  failed = failed || run.status !== 0;
}
process.exit(failed ? 1 : 0);
