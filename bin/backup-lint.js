#!/usr/bin/env node
'use strict';
// Node 22.1+: V8 keeps the compiled code of our modules (in the OS temp folder), so later runs start faster.
const { enableCompileCache } = require('node:module');
if (typeof enableCompileCache === 'function') enableCompileCache();
// A reader that goes away (`backup-lint | head`) is not an error worth a stack trace: further output is dropped and
// the run ends with its own exit code.
process.stdout.on('error', (error) => {
  if (error && error.code === 'EPIPE') return;
  process.stderr.write(`backup-lint: cannot write to standard output: ${error && error.message}\n`);
  process.exit(2);
});
require('../dist/cli/main.js').main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
