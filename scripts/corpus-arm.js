#!/usr/bin/env node
'use strict';
// Expands every ARM / Bicep-compiled template under the given folders and reports how well expansion works.
// Usage: npx tsc -p tsconfig.build.json && node scripts/corpus-arm.js ../shared/corpus/arm ../shared/corpus/bicep-json
const fs = require('node:fs');
const path = require('node:path');
const { expandTemplate, DEFAULT_DEPLOYMENT_CONTEXT } = require('../dist/formats/arm/expand/index.js');
// The loader's parser: BOM stripped, JSON.parse first, then tolerant (comments, trailing commas).
const { parseJson: parse } = require('../dist/formats/json/parse.js');
const { noteClass } = require('./lib/classes.js');
const { SymbolicText } = require('../dist/model/unknown.js');

function walk(dir, out) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.name.toLowerCase().endsWith('.json')) out.push(full);
  }
  return out;
}

// Linked templates (templateLink.relativePath) resolved as the CLI does: against the linking file's directory. The
// corpus stores each repository's files flat (`a/b/c.json` as `a__b__c.json`), so a path is also tried flattened.
function linkedTemplateReader(parsedByPath, texts) {
  const parsedByAbsolute = new Map([...parsedByPath].map(([file, value]) => [path.resolve(file), value]));
  const readable = new Set([...texts.keys()].map((file) => path.resolve(file)));
  const read = (file) => {
    const absolute = path.resolve(file);
    if (parsedByAbsolute.has(absolute)) return { file, value: parsedByAbsolute.get(absolute) };
    if (readable.has(absolute)) return { file, error: 'does not parse' };
    let text;
    try {
      text = fs.readFileSync(absolute, 'utf8');
    } catch {
      return undefined;
    }
    const parsed = parse(text);
    return parsed.ok ? { file, value: parsed.value } : { file, error: 'does not parse' };
  };
  return (fromFile, relativePath) => {
    const direct = read(path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), relativePath)));
    if (direct) return direct;
    const inRepository = path.posix.basename(fromFile).split('__').join('/');
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(inRepository), relativePath));
    if (target.startsWith('../')) return undefined;
    return read(path.posix.join(path.posix.dirname(fromFile), target.split('/').join('__')));
  };
}

function schemaOf(value) {
  return value && typeof value === 'object' && typeof value.$schema === 'string' ? value.$schema : '';
}

function parameterFileFor(file, parsedByPath) {
  const dir = path.dirname(file);
  const base = path.basename(file, '.json');
  for (const candidate of [path.join(dir, `${base}.parameters.json`), path.join(dir, 'azuredeploy.parameters.json'), path.join(dir, 'main.parameters.json')]) {
    const parsed = parsedByPath.get(candidate);
    if (parsed && /deploymentParameters/i.test(schemaOf(parsed)) && parsed.parameters && typeof parsed.parameters === 'object') {
      return { values: parsed.parameters, file: path.relative(process.cwd(), candidate).split(path.sep).join('/') };
    }
  }
  return undefined;
}

// Unknown kinds that come from what only the deployment knows (inputs, clock, runtime state, what other
// deployments or linked templates provide), not from evaluator gaps.
const DEPLOYMENT_TIME_KINDS = new Set(['deploy-time-input', 'not-in-run']);

function top(counts, n) {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .slice(0, n);
}

function main() {
  const roots = process.argv.slice(2);
  if (roots.length === 0) {
    console.error('usage: node scripts/corpus-arm.js <folder>...');
    process.exit(2);
  }
  const files = roots.flatMap((root) => walk(root, []));
  const parsedByPath = new Map();
  let notJson = 0;
  let parseMs = 0;
  const texts = new Map();
  const parseTimes = new Map();
  for (const file of files) texts.set(file, fs.readFileSync(file, 'utf8'));
  for (const file of files) {
    const started = performance.now();
    const parsed = parse(texts.get(file));
    const elapsed = performance.now() - started;
    parseMs += elapsed;
    parseTimes.set(file, elapsed);
    if (parsed.ok) parsedByPath.set(file, parsed.value);
    else notJson++;
  }

  let templates = 0;
  let resources = 0;
  let namesResolved = 0;
  let namesSymbolic = 0;
  let expandMs = 0;
  let templateParseMs = 0;
  let withParameters = 0;
  let namesNeedingInput = 0;
  const evaluatorGaps = [];
  const fatal = {};
  const crashes = [];
  const reasons = {};
  const slowest = [];
  const notes = {};
  let linkedFollowed = 0;
  let localCopiesFollowed = 0;
  const readTemplate = linkedTemplateReader(parsedByPath, texts);
  for (const [file, value] of parsedByPath) {
    if (!/deploymentTemplate/i.test(schemaOf(value))) continue;
    templates++;
    templateParseMs += parseTimes.get(file);
    const parameterValues = parameterFileFor(file, parsedByPath);
    if (parameterValues) withParameters++;
    const relative = path.relative(process.cwd(), file).split(path.sep).join('/');
    const isBicep = value.metadata && value.metadata._generator && value.metadata._generator.name === 'bicep';
    const started = performance.now();
    let result;
    try {
      result = expandTemplate({ file: relative, format: isBicep ? 'bicep-json' : 'arm', template: value, parameterValues, context: DEFAULT_DEPLOYMENT_CONTEXT, readTemplate });
    } catch (error) {
      crashes.push(`${relative}: ${error && error.stack ? error.stack.split('\n').slice(0, 3).join(' | ') : error}`);
      continue;
    } finally {
      const elapsed = performance.now() - started;
      expandMs += elapsed;
      slowest.push([elapsed, relative]);
    }
    if (result.fatal) {
      if (result.fatal.message.startsWith('internal error')) crashes.push(`${relative}: ${result.fatal.message}`);
      fatal[result.fatal.message] = (fatal[result.fatal.message] || 0) + 1;
    }
    linkedFollowed += result.stats.linkedTemplatesFollowed || 0;
    localCopiesFollowed += result.stats.localCopiesFollowed || 0;
    for (const note of result.notes || []) {
      const key = noteClass(note.message);
      notes[key] = (notes[key] || 0) + 1;
    }
    resources += result.stats.resources;
    namesResolved += result.stats.namesResolved;
    namesSymbolic += result.stats.namesSymbolic;
    for (const resource of result.resources) {
      if (typeof resource.name === 'string' || resource.name instanceof SymbolicText) continue;
      if (DEPLOYMENT_TIME_KINDS.has(resource.name.kind)) namesNeedingInput++;
      else evaluatorGaps.push(`${relative}${resource.at.pointer}: ${resource.name.reason}`);
    }
    for (const [reason, n] of Object.entries(result.stats.unknownReasons)) reasons[reason] = (reasons[reason] || 0) + n;
  }

  const fatalCount = Object.values(fatal).reduce((a, b) => a + b, 0);
  console.log(`files read:               ${files.length} (${notJson} not JSON)`);
  console.log(`templates read:           ${templates} (${withParameters} with a parameter file)`);
  console.log(`templates with fatal:     ${fatalCount}`);
  for (const [message, n] of top(fatal, 20)) console.log(`  ${String(n).padStart(6)}  ${message}`);
  console.log(`crashes:                  ${crashes.length}`);
  for (const crash of crashes.slice(0, 30)) console.log(`  ${crash}`);
  console.log(`resources:                ${resources}`);
  const pct = (n) => (resources ? ((100 * n) / resources).toFixed(2) : '0');
  // A symbolic name (`{vmName}-nic`: literal up to deployment-time inputs) is resolved: findings name their resource
  // by it and joins on it are exact (#13). Unresolved names are split into those waiting only for deployment-time
  // input and evaluator gaps.
  const resolved = namesResolved + namesSymbolic;
  console.log(`names resolved:           ${resolved} (${pct(resolved)}%): ${namesResolved} literal, ${namesSymbolic} symbolic`);
  console.log(`  unresolved, waiting only for deployment-time input (parameter without value, utcNow, runtime state…): ${namesNeedingInput} (${pct(namesNeedingInput)}%)`);
  console.log(`  evaluator gaps (unresolved for other reasons): ${evaluatorGaps.length} (${pct(evaluatorGaps.length)}%)`);
  if (process.env.SHOW_GAPS) for (const gap of evaluatorGaps.slice(0, Number(process.env.SHOW_GAPS))) console.log(`    ${gap}`);
  console.log(`linked templates followed: ${linkedFollowed} (relativePath ${linkedFollowed - localCopiesFollowed}, local copy of a templateLink.uri ${localCopiesFollowed})`);
  console.log('evaluation notes:');
  for (const [message, n] of top(notes, 15)) console.log(`  ${String(n).padStart(6)}  ${message}`);
  console.log('top unknown reasons (unresolved names and notes):');
  for (const [reason, n] of top(reasons, 25)) console.log(`  ${String(n).padStart(6)}  ${reason}`);
  console.log(`time: expansion ${expandMs.toFixed(0)} ms vs JSON.parse of the same templates ${templateParseMs.toFixed(0)} ms (${(expandMs / Math.max(templateParseMs, 1)).toFixed(2)}x); all files parsed in ${parseMs.toFixed(0)} ms`);
  console.log('slowest expansions:');
  for (const [ms, file] of slowest.sort((a, b) => b[0] - a[0]).slice(0, 5)) console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${file}`);
  process.exitCode = crashes.length > 0 ? 1 : 0;
}

main();
