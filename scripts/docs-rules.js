#!/usr/bin/env node
// Writes docs/rules/<id>.md for every built-in rule from the compiled policies (run `npm run docs:rules`, which
// builds first). `--check` writes nothing and exits 1 listing the docs that are missing, stale or extra.
'use strict';
const { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { ruleDocFiles } = require('../dist/report/rule-docs');

const dir = path.join(__dirname, '..', 'docs', 'rules');
const check = process.argv.includes('--check');
const wanted = ruleDocFiles();
const present = existsSync(dir) ? readdirSync(dir).filter((f) => /^[A-Z]{2}\d{3}\.md$/.test(f)) : [];
const problems = [];
for (const [name, text] of wanted) {
  const file = path.join(dir, name);
  const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (current === text) continue;
  problems.push(`${current === undefined ? 'missing' : 'out of date'}: docs/rules/${name}`);
  if (!check) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, text);
  }
}
for (const name of present.filter((f) => !wanted.has(f))) {
  problems.push(`no such rule: docs/rules/${name}`);
  if (!check) unlinkSync(path.join(dir, name));
}
if (check && problems.length > 0) {
  process.stderr.write(`${problems.join('\n')}\nRun npm run docs:rules to regenerate.\n`);
  process.exit(1);
}
process.stdout.write(check ? 'docs/rules is up to date\n' : `${wanted.size} rule docs, ${problems.length} written or removed\n`);
