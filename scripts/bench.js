#!/usr/bin/env node
// Speed benchmark (issue #12, DESIGN §10). Not a test: it prints a table to paste into the README.
//
//   npm run bench -- [corpus] [--runs N] [--cold-runs N] [--only floors,cold,scaling] [--corpus-runs arm,tf,tfplan]
//                    [--scale arm,tf] [--json]
//
// corpus: the real-code corpus (default ../shared/corpus beside the project). Parts:
// - floors: per corpus folder (arm + bicep-json as one run, tf, tfplan; --corpus-runs picks some), the floor (read
//   and JSON.parse every .json; for tf, tree-sitter parse of every .tf) against the full lint (`backup-lint
//   --format json` to /dev/null), floor and lint runs interleaved, medians of --runs (default 5);
// - cold: `backup-lint <one small template>` and `backup-lint --version` against `node -e 0`, medians of
//   --cold-runs (default 15), interleaved;
// - scaling: 1×, 2× and 4× hard-linked copies of the ARM+Bicep corpus (--scale arm,tf adds .tf) in a temporary
//   folder, removed at the end.
// Every floor and lint run is a child process preloaded with lib/bench-probe.js: the time columns are the child's
// whole life as it measures it (Node's start included, for floor and lint alike), CPU is user + system time of the
// child, RSS its peak. --json adds the time from after Node's start (workMs) and the wall time seen from here.
// Without the corpus the corpus parts are skipped with one line. Build first (npm run build).
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const { existsSync, linkSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'backup-lint.js');
const PROBE = path.join(__dirname, 'lib', 'bench-probe.js');
const FLOOR = path.join(__dirname, 'lib', 'bench-floor.js');
const SMALL_TEMPLATE = path.join(ROOT, 'fixtures', 'clean', 'vm.json');
const PARTS = ['floors', 'cold', 'scaling'];

/** The corpus runs: each is one lint of its folders together, against the floor of the same files. */
const CORPUS_RUNS = [
  { key: 'arm', name: 'ARM + Bicep (`arm`, `bicep-json`)', folders: ['arm', 'bicep-json'], floor: 'json', floorName: 'read + JSON.parse', target: 3 },
  { key: 'tf', name: 'Terraform (`tf`)', folders: ['tf'], floor: 'tf', floorName: 'tree-sitter parse of .tf', target: 1.3 },
  { key: 'tfplan', name: 'Terraform plans (`tfplan`)', folders: ['tfplan'], floor: 'json', floorName: 'read + JSON.parse' },
];

const TARGETS = { coldLint: 1.6, version: 1.2, scaleTime: 4.2, scaleRss: 1.3, rssAt1MiB: 400 };

function usage(message) {
  process.stderr.write(`bench: ${message}\nusage: npm run bench -- [corpus] [--runs N] [--cold-runs N] [--only ${PARTS.join(',')}] [--corpus-runs arm,tf,tfplan] [--scale arm,tf] [--json]\n`);
  process.exit(2);
}

function options() {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: {
        runs: { type: 'string' },
        'cold-runs': { type: 'string' },
        only: { type: 'string' },
        scale: { type: 'string' },
        'corpus-runs': { type: 'string' },
        json: { type: 'boolean' },
      },
    });
  } catch (error) {
    usage(error.message.split('\n')[0]);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) usage('give one corpus folder');
  const count = (name, fallback, min) => {
    const value = values[name] === undefined ? fallback : Number(values[name]);
    if (!Number.isInteger(value) || value < min) usage(`--${name} takes a whole number of at least ${min}`);
    return value;
  };
  const parts = values.only ? values.only.split(',').map((p) => p.trim()) : PARTS;
  for (const part of parts) if (!PARTS.includes(part)) usage(`--only takes ${PARTS.join(', ')} (got '${part}')`);
  const scale = (values.scale ?? 'arm').split(',').map((s) => s.trim());
  for (const key of scale) if (key !== 'arm' && key !== 'tf') usage(`--scale takes arm and/or tf (got '${key}')`);
  const corpusRuns = (values['corpus-runs'] ?? CORPUS_RUNS.map((r) => r.key).join(',')).split(',').map((s) => s.trim());
  for (const key of corpusRuns) if (!CORPUS_RUNS.some((r) => r.key === key)) usage(`--corpus-runs takes ${CORPUS_RUNS.map((r) => r.key).join(', ')} (got '${key}')`);
  return {
    corpusRuns,
    corpus: path.resolve(positionals[0] ?? path.join(ROOT, '..', 'shared', 'corpus')),
    runs: count('runs', 5, 1),
    coldRuns: count('cold-runs', 15, 1),
    parts,
    scale,
    json: values.json === true,
  };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const progress = (text) => process.stderr.write(`bench: ${text}\n`);

/** One child run under the probe: its report (fd 3) plus the wall time seen from here. */
function probed(args, cwd, okStatuses = [0]) {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['-r', PROBE, ...args], {
    cwd,
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const stderr = String(child.stderr ?? '').trim();
  if (child.error) throw child.error;
  if (!okStatuses.includes(child.status)) {
    throw new Error(`${path.basename(args[0])} ${args.slice(1).join(' ')} exited ${child.status ?? child.signal}: ${stderr.split('\n').slice(0, 3).join(' | ')}`);
  }
  const report = JSON.parse(String(child.output[3]).trim().split('\n').pop());
  return { ...report, wallMs, cpuMs: report.userMs + report.systemMs, stderr };
}

/** Medians of every numeric field over the runs. */
function medians(reports) {
  const out = {};
  for (const key of Object.keys(reports[0])) {
    if (typeof reports[0][key] === 'number') out[key] = median(reports.map((r) => r[key]));
  }
  return out;
}

const lintArgs = (folders) => [BIN, '--root', '.', ...folders, '--format', 'json'];
const floorArgs = (kind, folders) => [FLOOR, kind, ...folders];

function benchFloors(corpus, runs, keys) {
  const results = [];
  for (const run of CORPUS_RUNS.filter((r) => keys.includes(r.key))) {
    const folders = run.folders.filter((f) => existsSync(path.join(corpus, f)));
    if (folders.length < run.folders.length) {
      progress(`${run.name}: skipped, ${run.folders.filter((f) => !folders.includes(f)).join(', ')} not in ${corpus}`);
      continue;
    }
    probed(floorArgs(run.floor, folders), corpus); // warms the page cache: both then read from memory
    const floors = [];
    const lints = [];
    for (let i = 0; i < runs; i++) {
      progress(`${run.key}: floor and lint, run ${i + 1} of ${runs}`);
      floors.push(probed(floorArgs(run.floor, folders), corpus));
      lints.push(probed(lintArgs(folders), corpus, [0, 1]));
    }
    const floor = medians(floors);
    const lint = medians(lints);
    results.push({
      key: run.key,
      name: run.name,
      floorName: run.floorName,
      folders,
      files: floors[0].files,
      bytes: floors[0].bytes,
      floor,
      lint,
      ratio: lint.processMs / floor.processMs,
      cpuRatio: lint.cpuMs / floor.cpuMs,
      ...(run.target ? { target: run.target } : {}),
    });
  }
  return results;
}

function benchCold(runs) {
  const commands = [
    { key: 'node', name: '`node -e 0`', args: ['-e', '0'] },
    { key: 'version', name: '`backup-lint --version`', args: [BIN, '--version'], target: TARGETS.version },
    { key: 'lint', name: `\`backup-lint ${path.relative(ROOT, SMALL_TEMPLATE)}\``, args: [BIN, SMALL_TEMPLATE], target: TARGETS.coldLint },
  ];
  const walls = new Map(commands.map((c) => [c.key, []]));
  const probes = new Map(commands.map((c) => [c.key, []]));
  for (let i = 0; i < runs; i++) {
    if (i % 5 === 0) progress(`cold start, run ${i + 1} of ${runs}`);
    for (const command of commands) {
      // Wall time without the probe (it costs a little); CPU time and modules from a probed run right after.
      const started = process.hrtime.bigint();
      const child = spawnSync(process.execPath, command.args, { cwd: ROOT, stdio: 'ignore' });
      if (child.status !== 0) throw new Error(`${command.name} exited ${child.status ?? child.signal}`);
      walls.get(command.key).push(Number(process.hrtime.bigint() - started) / 1e6);
      probes.get(command.key).push(probed(command.args, ROOT));
    }
  }
  const node = { ...medians(probes.get('node')), wallMs: median(walls.get('node')) };
  return commands.map((command) => {
    const wallMs = median(walls.get(command.key));
    const probe = medians(probes.get(command.key));
    return {
      key: command.key,
      name: command.name,
      wallMs,
      ratio: wallMs / node.wallMs,
      cpuMs: probe.cpuMs,
      cpuRatio: probe.cpuMs / node.cpuMs,
      modules: probe.modules - 1, // the probe itself
      ...(command.target ? { target: command.target } : {}),
    };
  });
}

/** Hard links where the file system allows (no space used), copies otherwise; never symbolic links (refused). */
function copyTree(from, to) {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) copyTree(source, target);
    else if (entry.isFile()) {
      try {
        linkSync(source, target);
      } catch {
        copyFileSync(source, target);
      }
    }
  }
}

function benchScaling(corpus, runs, keys) {
  const results = [];
  const temp = mkdtempSync(path.join(os.tmpdir(), 'backup-lint-bench-'));
  const cleanUp = () => rmSync(temp, { recursive: true, force: true });
  const onSignal = () => {
    cleanUp();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    for (const key of keys) {
      const run = CORPUS_RUNS.find((r) => r.key === key);
      if (!run.folders.every((f) => existsSync(path.join(corpus, f)))) {
        progress(`scaling ${run.name}: skipped, not in ${corpus}`);
        continue;
      }
      progress(`scaling ${key}: making 4 copies in ${temp}`);
      for (let copy = 1; copy <= 4; copy++) for (const folder of run.folders) copyTree(path.join(corpus, folder), path.join(temp, key, `copy${copy}`, folder));
      const factors = [1, 2, 4];
      const foldersOf = (factor) => Array.from({ length: factor }, (_, i) => run.folders.map((f) => path.join(`copy${i + 1}`, f))).flat();
      const reports = new Map(factors.map((f) => [f, []]));
      for (let i = 0; i < runs; i++) {
        progress(`scaling ${key}: 1×, 2×, 4×, run ${i + 1} of ${runs}`);
        for (const factor of factors) reports.get(factor).push(probed(lintArgs(foldersOf(factor)), path.join(temp, key), [0, 1]));
      }
      const base = medians(reports.get(1));
      for (const factor of factors) {
        const lint = medians(reports.get(factor));
        results.push({
          key,
          name: run.name,
          factor,
          lint,
          timeRatio: lint.processMs / base.processMs,
          cpuRatio: lint.cpuMs / base.cpuMs,
          rssRatio: lint.maxRssKiB / base.maxRssKiB,
        });
      }
      rmSync(path.join(temp, key), { recursive: true, force: true });
    }
  } finally {
    cleanUp();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
  return results;
}

function machine() {
  const cpus = os.cpus();
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (dirty) commit += ' (with uncommitted changes)';
  } catch {
    // not a git checkout
  }
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus.length,
    memoryGiB: os.totalmem() / 1024 ** 3,
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    commit,
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    loadAverage: os.loadavg()[0],
  };
}

const seconds = (ms) => (ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const size = (bytes) => (bytes >= 10 * 1024 ** 2 ? `${Math.round(bytes / 1024 ** 2)} MiB` : `${(bytes / 1024 ** 2).toFixed(1)} MiB`);
const mib = (kib) => `${Math.round(kib / 1024)} MiB`;
const times = (ratio) => `${ratio.toFixed(ratio >= 10 ? 0 : ratio >= 2 ? 1 : 2)}×`;
const verdict = (value, target) => (target === undefined ? '' : `${value <= target ? '✓' : '✗'} ≤ ${target}×`);

function markdown(result) {
  const m = result.machine;
  const out = [
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB.toFixed(1)} GiB RAM, ${m.platform}, Node ${m.node}; commit ${m.commit}; ` +
      `${m.date}, load average ${m.loadAverage.toFixed(2)} at the start.`,
    '',
  ];
  if (result.floors) {
    out.push(
      `Corpus runs (medians of ${result.runs}, floor and lint interleaved; time is the child's whole life, Node's start included, as the child measures it):`,
      '',
      '| run | files | floor | lint | lint ÷ floor | CPU lint (÷ floor) | peak RSS lint (floor) | target |',
      '|---|---|---|---|---|---|---|---|',
    );
    for (const r of result.floors) {
      out.push(
        `| ${r.name} | ${r.files.toLocaleString('en')} (${size(r.bytes)}) | ${seconds(r.floor.processMs)} (${r.floorName}) | ${seconds(r.lint.processMs)} | ` +
          `${times(r.ratio)} | ${seconds(r.lint.cpuMs)} (${times(r.cpuRatio)}) | ${mib(r.lint.maxRssKiB)} (${mib(r.floor.maxRssKiB)}) | ${verdict(r.ratio, r.target)} |`,
      );
    }
    out.push('');
  }
  if (result.scaling) {
    out.push(
      `Scaling (copies of the corpus linted as one run, medians of ${result.runs}):`,
      '',
      '| run | copies | lint | ÷ 1× | CPU (÷ 1×) | peak RSS (÷ 1×) | target |',
      '|---|---|---|---|---|---|---|',
    );
    for (const r of result.scaling) {
      const targets =
        r.factor === 4
          ? `time ${verdict(r.timeRatio, TARGETS.scaleTime)}, RSS ${verdict(r.rssRatio, TARGETS.scaleRss)}`
          : r.factor === 1 && r.key === 'arm'
            ? `RSS ${r.lint.maxRssKiB / 1024 <= TARGETS.rssAt1MiB ? '✓' : '✗'} ≤ ${TARGETS.rssAt1MiB} MiB`
            : '';
      out.push(
        `| ${r.name} | ${r.factor}× | ${seconds(r.lint.processMs)} | ${times(r.timeRatio)} | ${seconds(r.lint.cpuMs)} (${times(r.cpuRatio)}) | ` +
          `${mib(r.lint.maxRssKiB)} (${times(r.rssRatio)}) | ${targets} |`,
      );
    }
    out.push('');
  }
  if (result.cold) {
    out.push(
      `Cold start (wall time from spawn to exit, and CPU time, medians of ${result.coldRuns}, interleaved):`,
      '',
      '| command | time | ÷ `node -e 0` | CPU | ÷ `node -e 0` | modules loaded | target |',
      '|---|---|---|---|---|---|---|',
    );
    for (const c of result.cold) {
      out.push(`| ${c.name} | ${seconds(c.wallMs)} | ${times(c.ratio)} | ${seconds(c.cpuMs)} | ${times(c.cpuRatio)} | ${c.modules} | ${verdict(c.ratio, c.target)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

function main() {
  const opts = options();
  if (!existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) {
    process.stderr.write('bench: build first (npm run build)\n');
    process.exit(2);
  }
  const result = { machine: machine(), runs: opts.runs, coldRuns: opts.coldRuns };
  const corpusParts = opts.parts.filter((p) => p !== 'cold');
  if (corpusParts.length > 0 && !existsSync(opts.corpus)) {
    process.stdout.write(`bench: no corpus at ${opts.corpus}; skipping ${corpusParts.join(' and ')} (give the corpus folder as the first argument)\n`);
  } else {
    if (opts.parts.includes('floors')) result.floors = benchFloors(opts.corpus, opts.runs, opts.corpusRuns);
    if (opts.parts.includes('scaling')) result.scaling = benchScaling(opts.corpus, opts.runs, opts.scale);
  }
  if (opts.parts.includes('cold')) result.cold = benchCold(opts.coldRuns);
  if (!result.floors && !result.scaling && !result.cold) return; // nothing measured: the line above said why
  process.stdout.write(opts.json ? JSON.stringify(result, null, 2) + '\n' : markdown(result));
}

try {
  main();
} catch (error) {
  process.stderr.write(`bench: ${error.message}\n`);
  process.exit(2);
}
