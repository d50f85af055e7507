#!/usr/bin/env node
'use strict';
// HCL differential: parses every .tf file under the given folders (default ../shared/corpus/tf) with our reader
// (dist, build first) and with HashiCorp's HCL (@cdktf/hcl2json, a devDependency), and compares acceptance,
// block structure, attribute names and literal values (see hcl-compare.js). Prints a summary and each
// difference; differences listed in EXPLAINED (and in the README, "Terraform fidelity") are counted apart.
// Exit code 1 when there is an unexplained difference.
const fs = require('node:fs');
const path = require('node:path');
const { compareOutcomes, oracleParse } = require('./hcl-compare');

const root = path.resolve(__dirname, '..');

/**
 * Differences we keep on purpose, by file path suffix and difference kind, each with its reason. Keep in step
 * with the README.
 */
const EXPLAINED = [];

function tfFiles(dir, out) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!['.git', 'node_modules', '.terraform'].includes(entry.name)) tfFiles(full, out);
    } else if (entry.name.endsWith('.tf')) out.push(full);
  }
  return out;
}

function explanationOf(file, difference) {
  const relative = file.split(path.sep).join('/');
  return EXPLAINED.find((e) => relative.endsWith(e.file) && e.kind === difference.kind && (!e.path || e.path === difference.path));
}

async function main() {
  const folders = process.argv.slice(2);
  if (folders.length === 0) folders.push(path.join(root, '..', 'shared', 'corpus', 'tf'));
  const present = folders.filter((folder) => {
    if (fs.existsSync(folder)) return true;
    console.log(`hcl:differential: skipped ${folder}: not found (the corpus lives in ../shared/corpus beside the project)`);
    return false;
  });
  if (present.length === 0) return 0;
  const parserModule = path.join(root, 'dist', 'formats', 'terraform', 'hcl', 'parser.js');
  if (!fs.existsSync(parserModule)) {
    console.error('hcl:differential: build first (npm run build)');
    return 2;
  }
  const { terraformParser, parseHcl } = require(parserModule);
  const hcl2json = require('@cdktf/hcl2json');
  const parser = await terraformParser();
  const files = present.flatMap((folder) => tfFiles(folder, [])).sort();
  const totals = { files: 0, bothAccepted: 0, bothRejected: 0, literals: 0, templates: 0, differences: 0, explained: 0, byKind: {} };
  const listed = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const ours = parseHcl(parser, text);
    const theirs = await oracleParse(hcl2json, path.basename(file), text);
    totals.files++;
    if (ours.ok && theirs.ok) totals.bothAccepted++;
    if (!ours.ok && !theirs.ok) totals.bothRejected++;
    const { literals, templates, differences } = compareOutcomes(ours, theirs);
    totals.literals += literals;
    totals.templates += templates;
    for (const difference of differences) {
      const explained = explanationOf(file, difference);
      if (explained) totals.explained++;
      else totals.differences++;
      const key = `${difference.kind}${explained ? ' (explained)' : ''}`;
      totals.byKind[key] = (totals.byKind[key] || 0) + 1;
      listed.push({ file: path.relative(process.cwd(), file), difference, explained });
    }
  }
  for (const { file, difference, explained } of listed) {
    const { kind, path: at, ours, theirs } = difference;
    console.log(`${file} ${kind} ${at}: ours ${JSON.stringify(ours)} / HCL ${JSON.stringify(theirs)}${explained ? ` [explained: ${explained.reason}]` : ''}`);
  }
  console.log(`files: ${totals.files} (both accept ${totals.bothAccepted}, both reject ${totals.bothRejected})`);
  console.log(`equal literals: ${totals.literals}`);
  console.log(`templates with equal literal text: ${totals.templates}`);
  console.log(`differences: ${totals.differences} unexplained, ${totals.explained} explained`);
  for (const [kind, count] of Object.entries(totals.byKind).sort()) console.log(`  ${kind}: ${count}`);
  return totals.differences > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error);
    process.exitCode = 2;
  },
);
