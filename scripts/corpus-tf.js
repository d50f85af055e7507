#!/usr/bin/env node
// Reads every folder with .tf files under the given paths as a Terraform module and prints figures:
// modules, files, syntax errors (each listed), crashes, resources, top unknown reasons, time per file.
// Needs the compiled reader: npx tsc -p tsconfig.build.json
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { readTerraformModule } = require('../dist/formats/terraform/hcl');

function moduleFolders(root, out) {
  let entries;
  try {
    entries = fs.readdirSync(root, { withFileTypes: true });
  } catch {
    return out;
  }
  const files = entries.filter((e) => e.isFile()).map((e) => e.name);
  if (files.some((f) => f.endsWith('.tf'))) out.push({ dir: root, files: files.map((f) => `${root}/${f}`) });
  for (const entry of entries) {
    if (entry.isDirectory() && !['.git', 'node_modules', '.terraform'].includes(entry.name)) moduleFolders(`${root}/${entry.name}`, out);
  }
  return out;
}

function readFile(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

async function main() {
  const roots = process.argv.slice(2).map((p) => path.relative(process.cwd(), p).split(path.sep).join('/') || '.');
  if (roots.length === 0) {
    console.error('usage: node scripts/corpus-tf.js <path>...');
    process.exit(2);
  }
  const modules = roots.flatMap((root) => moduleFolders(root, []));
  let files = 0;
  let resources = 0;
  const errors = [];
  const crashes = [];
  const reasons = {};
  const started = process.hrtime.bigint();
  for (const module of modules) {
    try {
      const result = await readTerraformModule({ ...module, readFile });
      files += result.stats.files;
      resources += result.resources.length;
      for (const error of result.fileErrors) {
        (error.message.startsWith('internal error') ? crashes : errors).push(error);
      }
      for (const [reason, count] of Object.entries(result.stats.unknownReasons)) reasons[reason] = (reasons[reason] ?? 0) + count;
    } catch (error) {
      crashes.push({ file: module.dir, message: String(error && error.stack) });
    }
  }
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(`modules: ${modules.length}`);
  console.log(`files read: ${files}`);
  console.log(`files with syntax errors: ${errors.length}`);
  for (const e of errors) console.log(`  ${e.file}:${e.line}:${e.column} ${e.message}`);
  console.log(`crashes: ${crashes.length}`);
  for (const c of crashes) console.log(`  ${c.file}: ${c.message}`);
  console.log(`resources: ${resources}`);
  console.log('unknown reasons (top 25):');
  for (const [reason, count] of Object.entries(reasons).sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${String(count).padStart(6)}  ${reason}`);
  console.log(`time: ${elapsedMs.toFixed(0)} ms total, ${(elapsedMs / Math.max(1, files)).toFixed(2)} ms per file`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
