#!/usr/bin/env node
// npm `prepare`: builds dist/. pre-commit installs the hook with `npm install` (which runs prepare) and then
// `npm pack` (which runs it again, a second full tsc build of about 25 s); the second build is skipped when dist/ is
// newer than every source it is built from. Any other npm command always builds.
'use strict';
const { execSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const SOURCES = ['src', 'policies', 'schemas', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];

function newestMtime(target) {
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(target).reduce((newest, name) => Math.max(newest, newestMtime(path.join(target, name))), stat.mtimeMs);
}

const built = path.join(root, 'dist', 'builtin-policies.json');
const upToDate = existsSync(built) && statSync(built).mtimeMs >= Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
if (process.env['npm_command'] === 'pack' && upToDate) {
  process.stderr.write('prepare: dist/ is newer than its sources; not rebuilding for npm pack\n');
} else {
  execSync('npm run build', { cwd: root, stdio: 'inherit' });
}
