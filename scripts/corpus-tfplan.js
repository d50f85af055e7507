#!/usr/bin/env node
'use strict';
// Reads every Terraform plan of the shared corpus with the compiled plan reader and model builder
// (build first: npx tsc -p tsconfig.build.json) and prints resources, unknown attributes, nodes by kind,
// crashes and time. Values are never printed (plans hold secrets in clear text).
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const corpus = path.resolve(process.argv[2] || path.join(root, '..', 'shared', 'corpus', 'tfplan'));
const { readPlan } = require(path.join(root, 'dist/formats/terraform/plan/index.js'));
const { buildTerraformModel } = require(path.join(root, 'dist/model/builders/terraform.js'));

function plansUnder(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return plansUnder(full);
    return entry.name.endsWith('.json') ? [full] : [];
  });
}

const totals = { plans: 0, resources: 0, unknownAttributes: 0, fatal: 0, crashes: 0, unattached: 0, nodes: {} };
const started = process.hrtime.bigint();
for (const file of plansUnder(corpus).sort()) {
  const relative = path.relative(corpus, file).split(path.sep).join('/');
  totals.plans++;
  try {
    const plan = JSON.parse(fs.readFileSync(file, 'utf8'));
    const result = readPlan({ file: relative, plan });
    const { nodes, unattached } = buildTerraformModel(result.resources);
    const kinds = {};
    for (const node of nodes) {
      kinds[node.kind] = (kinds[node.kind] || 0) + 1;
      totals.nodes[node.kind] = (totals.nodes[node.kind] || 0) + 1;
    }
    totals.resources += result.stats.resources;
    totals.unknownAttributes += result.stats.unknownAttributes;
    totals.unattached += unattached.length;
    if (result.fatal) totals.fatal++;
    const kindText = Object.entries(kinds).map(([k, n]) => `${k}=${n}`).join(' ') || '-';
    const fatal = result.fatal ? `  FATAL ${result.fatal.message} at ${result.fatal.pointer}` : '';
    console.log(
      `${relative}\n  resources=${result.stats.resources} unknown=${result.stats.unknownAttributes} nodes: ${kindText}` +
        (unattached.length ? ` unattached=${unattached.map((u) => u.kind).join(',')}` : '') +
        fatal,
    );
  } catch (error) {
    totals.crashes++;
    console.log(`${relative}\n  CRASH ${error && error.stack ? error.stack.split('\n').slice(0, 3).join(' | ') : error}`);
  }
}
const ms = Number(process.hrtime.bigint() - started) / 1e6;
console.log('\nplans', totals.plans, 'resources', totals.resources, 'unknown attributes', totals.unknownAttributes);
console.log('nodes', JSON.stringify(totals.nodes), 'unattached', totals.unattached);
console.log('fatal', totals.fatal, 'crashes', totals.crashes, `time ${ms.toFixed(1)} ms`);
process.exitCode = totals.crashes > 0 ? 1 : 0;
