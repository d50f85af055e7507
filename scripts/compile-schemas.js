#!/usr/bin/env node
// Build step (npm run build, after tsc): writes the validator of each schema the command validates files against
// (schemas/config.schema.json for .backup-lint.yaml, schemas/policy.schema.json for user policies) as ajv's standalone
// code, beside dist/config/validate.js, which loads it instead of compiling the schema with ajv at run time (about
// 90 ms of every run with a configuration file). Same options as at run time (AJV_OPTIONS, the RE2 pattern engine).
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const configDist = path.join(root, 'dist', 'config');
const SCHEMAS = ['config.schema.json', 'policy.schema.json'];

const Ajv = require('ajv').default;
const standaloneCode = require('ajv/dist/standalone').default;
const { AJV_OPTIONS, builtValidatorName } = require(path.join(configDist, 'validate.js'));
const { re2RegExp } = require(path.join(configDist, 're2-engine.js'));

for (const name of SCHEMAS) {
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { regExp: re2RegExp, source: true } });
  const validate = ajv.compile(JSON.parse(readFileSync(path.join(root, 'schemas', name), 'utf8')));
  const banner = `// Written by scripts/compile-schemas.js from schemas/${name} (ajv standalone code); do not edit.\n`;
  writeFileSync(path.join(configDist, builtValidatorName(name)), banner + standaloneCode(ajv, validate));
}
