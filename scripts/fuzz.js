#!/usr/bin/env node
'use strict';
/**
 * Fuzzes the built command (issue #14): mutates the project's fixtures and a sample of ../shared/corpus with
 * fast-check for a fixed time, runs each mutated project through `bin/backup-lint.js --format json` in a child
 * process with a timeout, and reports crashes (exit other than 0/1, a stack trace, stdout that is not one JSON
 * document), hangs (the timeout) and leaks (output containing the planted secrets: SECRET_TOKEN in the child's
 * environment, a file beside the project that mutations reach with file(), templatefile(), ../ paths and
 * links, and /etc/passwd).
 *
 *   npm run build && npm run fuzz -- [--minutes 10] [--timeout 20] [--jobs 2] [--corpus 300] [--seed N]
 *
 * Not part of `npm test`. Failing inputs are kept under the printed folder to reproduce.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const fc = require('fast-check');

const REPO = path.resolve(__dirname, '..');
const BIN = path.join(REPO, 'bin', 'backup-lint.js');
const CORPUS = path.resolve(REPO, '..', 'shared', 'corpus');
const ENV_SECRET = 'fuzz-env-secret-7d41c2';
const FILE_SECRET = 'fuzz-file-secret-90ab3e';

function parseArgs(argv) {
  const options = { minutes: 10, timeout: 20, jobs: 2, corpus: 300, seed: Date.now() % 1_000_000 };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, '');
    if (!(name in options) || argv[i + 1] === undefined || Number.isNaN(Number(argv[i + 1]))) {
      console.error(`fuzz: unknown or incomplete option ${argv[i]} (options: --minutes, --timeout, --jobs, --corpus, --seed)`);
      process.exit(2);
    }
    options[name] = Number(argv[++i]);
  }
  return options;
}

// ---- seeds -----------------------------------------------------------------------------------------------------

function listFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (entry.isFile() && /\.(json|tf|tfvars)$/.test(entry.name)) out.push(full);
  }
  return out;
}

/** Seeds: every fixture file, and a deterministic sample of corpus templates, modules and plans. */
function loadSeeds(corpusSample, seed) {
  const seeds = listFiles(path.join(REPO, 'fixtures')).map((file) => ({ name: path.relative(REPO, file), text: fs.readFileSync(file, 'utf8') }));
  const fixtureCount = seeds.length;
  let corpusCount = 0;
  const index = path.join(CORPUS, 'INDEX.tsv');
  if (!fs.existsSync(index)) {
    console.log(`fuzz: no corpus at ${CORPUS}; mutating the fixtures only`);
  } else {
    const rows = fs.readFileSync(index, 'utf8').trim().split('\n').slice(1).map((line) => line.split('\t'));
    const usable = rows.filter(([, format, , , bytes]) => ['arm', 'bicep-json', 'tf', 'tfplan', 'arm-parameters'].includes(format) && Number(bytes) < 400_000);
    const picked = fc.sample(fc.constantFrom(...usable), { numRuns: corpusSample, seed });
    for (const [file] of picked) {
      try {
        seeds.push({ name: `corpus/${file}`, text: fs.readFileSync(path.join(CORPUS, file), 'utf8') });
        corpusCount++;
      } catch {
        // a corpus file listed but absent: skipped
      }
    }
  }
  return { seeds, fixtureCount, corpusCount };
}

// ---- mutations -------------------------------------------------------------------------------------------------

/** Values an attacker would put in an ARM template: budget breakers, paths out of the repository, control bytes. */
const ARM_VALUES = [
  "[padLeft('', 400000000)]",
  "[concat(variables('a'), variables('a'))]",
  "[string(range(0, 10000))]",
  "[replace(padLeft('', 1000000, 'a'), 'a', padLeft('', 1000, 'b'))]",
  "[json('{\"a\":1}')]",
  "[parameters('missing')]",
  "[copyIndex(100000)]",
  '../../../../etc/passwd',
  '../secret.json',
  '\u001b[2J\u001b[H no problems \r',
  '\u0000\u0007\u009b',
  '[[not an expression',
  "[if(true(), createArray(variables('a'), variables('a')), null())]",
  "[length(string(variables('a30')))]",
  "[string(ns.f0(1))]",
];

/** Declarations the values above use: a doubling chain of variables and a fan-out of user functions. */
function armHelpers(document) {
  const variables = typeof document.variables === 'object' && document.variables ? document.variables : {};
  variables.a = ['x'];
  variables.a0 = ['x'];
  for (let i = 1; i <= 30; i++) variables[`a${i}`] = `[createArray(variables('a${i - 1}'), variables('a${i - 1}'))]`;
  document.variables = variables;
  const members = {};
  for (let i = 0; i < 30; i++) {
    const next = i < 29 ? `ns.f${i + 1}(parameters('x'))` : "parameters('x')";
    members[`f${i}`] = { parameters: [{ name: 'x', type: 'int' }], output: { type: 'int', value: `[add(${next}, ${next})]` } };
  }
  document.functions = [{ namespace: 'ns', members }];
}

/** Lines an attacker would put in a Terraform module. */
const HCL_LINES = [
  'locals { leak = file("../secret.txt") }',
  'locals { leak = file("../../../../etc/passwd") }',
  'locals { env = file("/proc/self/environ") }',
  'locals { t = templatefile("../secret.txt", {}) }',
  'locals { e = fileexists("../secret.txt") ? "yes" : "no" }',
  'resource "azurerm_resource_group" "many" {\n  count = 1000000000\n  name = "rg-${count.index}"\n}',
  'resource "azurerm_resource_group" "leaky" {\n  for_each = toset(split("\\n", file("../secret.txt")))\n  name = each.key\n}',
  'locals { big = format("%0300000000d", 1) }',
  'locals { re = regexall("(a+)+$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!") }',
  'locals { r = replace("x", "/(/", "y") }',
  'locals {\n  d0 = ["x"]\n  d1 = [local.d0, local.d0]\n  d2 = [local.d1, local.d1]\n  d3 = [local.d2, local.d2]\n}',
  'resource "azurerm_linux_virtual_machine" "evil\u001b[2J" {\n  name = "\u001b[31mvm\r"\n  provision_vm_agent = false\n}',
  'module "up" {\n  source = "../"\n}',
  'variable "x" {\n  default = "${file("../secret.txt")}"\n}',
];

const RANDOM_TEXT = fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom('{', '}', '[', ']', '"', ',', ':', '${', '%{', '\n', '\u0000', '\u001b[2J', '<<EOT\n'));

const textMutation = fc.oneof(
  fc.record({ kind: fc.constant('insert'), at: fc.double({ min: 0, max: 1, noNaN: true }), text: RANDOM_TEXT }),
  fc.record({ kind: fc.constant('delete'), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.nat(200) }),
  fc.record({ kind: fc.constant('duplicate'), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.nat(400), times: fc.integer({ min: 2, max: 50 }) }),
  fc.record({ kind: fc.constant('armValue'), pick: fc.nat(), value: fc.constantFrom(...ARM_VALUES) }),
  fc.record({ kind: fc.constant('armCopy'), pick: fc.nat(), count: fc.constantFrom(800, 801, 100000, -1, 'x') }),
  fc.record({ kind: fc.constant('hclLine'), line: fc.constantFrom(...HCL_LINES) }),
  fc.record({ kind: fc.constant('nest'), depth: fc.integer({ min: 100, max: 20000 }) }),
);

const projectArbitrary = (seedCount) =>
  fc.record({
    seed: fc.nat(seedCount - 1),
    mutations: fc.array(textMutation, { minLength: 1, maxLength: 4 }),
    link: fc.constantFrom('none', 'secret', 'passwd', 'dir'),
  });

/** The JSON string values of a document, for structural mutations. */
function stringPaths(value, base = [], out = []) {
  if (base.length > 100) return out;
  if (typeof value === 'string') out.push(base);
  else if (Array.isArray(value)) value.forEach((item, i) => stringPaths(item, [...base, i], out));
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) stringPaths(item, [...base, key], out);
  return out;
}

function setAt(root, segments, value) {
  let node = root;
  for (const segment of segments.slice(0, -1)) node = node[segment];
  node[segments[segments.length - 1]] = value;
}

function mutate(text, mutation, isJson) {
  const position = (at) => Math.floor(at * text.length);
  switch (mutation.kind) {
    case 'insert':
      return text.slice(0, position(mutation.at)) + mutation.text + text.slice(position(mutation.at));
    case 'delete':
      return text.slice(0, position(mutation.at)) + text.slice(position(mutation.at) + mutation.length);
    case 'duplicate': {
      const start = position(mutation.at);
      const piece = text.slice(start, start + mutation.length);
      return text.slice(0, start) + piece.repeat(mutation.times) + text.slice(start);
    }
    case 'armValue':
    case 'armCopy': {
      if (!isJson) return text;
      let document;
      try {
        document = JSON.parse(text);
      } catch {
        return text;
      }
      if (mutation.kind === 'armCopy') {
        const resources = Array.isArray(document.resources) ? document.resources : [];
        const target = resources[mutation.pick % Math.max(1, resources.length)];
        if (target && typeof target === 'object') target.copy = { name: 'fuzz', count: mutation.count };
        return JSON.stringify(document, null, 2);
      }
      const paths = stringPaths(document);
      if (paths.length === 0) return text;
      setAt(document, paths[mutation.pick % paths.length], mutation.value);
      if (document && typeof document === 'object' && !Array.isArray(document)) armHelpers(document);
      return JSON.stringify(document, null, 2);
    }
    case 'hclLine':
      return isJson ? text : `${text}\n${mutation.line}\n`;
    case 'nest': {
      if (isJson) return text.replace(/"name"\s*:/, `"deep": ${'['.repeat(mutation.depth)}1${']'.repeat(mutation.depth)}, "name":`);
      return `${text}\nlocals { deep = ${'['.repeat(mutation.depth)}1${']'.repeat(mutation.depth)} }\n`;
    }
    default:
      return text;
  }
}

/** Writes one mutated project: `<work>/project/<file>` plus the planted secrets beside it, outside its root. */
function writeProject(work, seed, project) {
  const dir = path.join(work, 'project');
  fs.mkdirSync(path.join(dir, '.git'), { recursive: true });
  fs.writeFileSync(path.join(work, 'secret.txt'), `${FILE_SECRET}\n`);
  fs.writeFileSync(path.join(work, 'secret.json'), JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', resources: [{ type: 'Microsoft.Compute/virtualMachines', name: FILE_SECRET }] }));
  const isJson = seed.name.endsWith('.json');
  let text = seed.text;
  for (const mutation of project.mutations) {
    try {
      text = mutate(text, mutation, isJson);
    } catch {
      // a mutation that cannot apply (a document too deep to re-serialise) leaves the text as it is
    }
  }
  const base = path.basename(seed.name).replace(/[^\w.-]/g, '_');
  const file = path.join(dir, 'infra', isJson ? base : base.endsWith('.tf') ? base : `${base}.tf`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  // Links out of the repository, which the run must neither follow nor echo.
  try {
    // Relative, so that a kept failing input still reproduces after its folder is moved.
    if (project.link === 'secret') fs.symlinkSync('../../secret.txt', path.join(dir, 'infra', 'linked.tf'));
    if (project.link === 'passwd') fs.symlinkSync('/etc/passwd', path.join(dir, 'infra', 'passwd.json'));
    if (project.link === 'dir') fs.symlinkSync('../..', path.join(dir, 'infra', 'up'));
  } catch {
    // links unsupported here: the input runs without them
  }
  return dir;
}

// ---- running ---------------------------------------------------------------------------------------------------

function runOne(dir, timeoutSeconds) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [BIN, '--format', 'json', '.'], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, SECRET_TOKEN: ENV_SECRET, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout = [];
    const stderr = [];
    let outBytes = 0;
    const collect = (chunks) => (chunk) => {
      outBytes += chunk.length;
      if (outBytes < 64 * 1024 * 1024) chunks.push(chunk);
    };
    child.stdout.on('data', collect(stdout));
    child.stderr.on('data', collect(stderr));
    let hung = false;
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, timeoutSeconds * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, hung, seconds: (Date.now() - started) / 1000, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
    });
  });
}

const PASSWD_LINE = /^root:[^:\n]*:0:0:/m;

/** What is wrong with one run, if anything. */
function verdict(run) {
  if (run.hung) return { kind: 'hang', detail: `no exit within the timeout` };
  const output = run.stdout + run.stderr;
  if (output.includes(ENV_SECRET)) return { kind: 'leak', detail: 'SECRET_TOKEN printed' };
  if (output.includes(FILE_SECRET)) return { kind: 'leak', detail: 'a file outside the repository printed' };
  if (PASSWD_LINE.test(output)) return { kind: 'leak', detail: '/etc/passwd printed' };
  if (run.code !== 0 && run.code !== 1) return { kind: 'crash', detail: `exit ${run.code ?? run.signal}: ${run.stderr.split('\n')[0]}` };
  if (/\n\s+at .+:\d+:\d+\)?\n/.test(run.stderr)) return { kind: 'crash', detail: `stack trace: ${run.stderr.split('\n')[0]}` };
  try {
    const report = JSON.parse(run.stdout);
    if (report.version !== 1 || !Array.isArray(report.findings)) return { kind: 'crash', detail: 'stdout is JSON but not a report' };
    return { kind: 'ok', report };
  } catch {
    return { kind: 'crash', detail: `stdout is not one JSON document: ${JSON.stringify(run.stdout.slice(0, 80))}` };
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(REPO, 'dist', 'cli', 'main.js'))) {
    console.error('fuzz: run `npm run build` first');
    process.exit(2);
  }
  const { seeds, fixtureCount, corpusCount } = loadSeeds(options.corpus, options.seed);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'backup-lint-fuzz-'));
  const kept = path.join(root, 'failures');
  console.log(`fuzz: ${seeds.length} seeds (${fixtureCount} fixtures, ${corpusCount} corpus files), seed ${options.seed}, ${options.minutes} min, timeout ${options.timeout} s, ${options.jobs} jobs`);

  const deadline = Date.now() + options.minutes * 60_000;
  const totals = { inputs: 0, ok: 0, crash: 0, hang: 0, leak: 0, bl001: 0, bl002: 0, exit0: 0, exit1: 0, slowest: 0 };
  const failures = [];
  const arbitrary = projectArbitrary(seeds.length);
  let batch = 0;
  let next = 0;

  const worker = async () => {
    let queue = [];
    while (Date.now() < deadline) {
      if (queue.length === 0) queue = fc.sample(arbitrary, { numRuns: 20, seed: options.seed + batch++ });
      const project = queue.shift();
      const id = next++;
      const work = path.join(root, `input-${id}`);
      const dir = writeProject(work, seeds[project.seed], project);
      const run = await runOne(dir, options.timeout);
      const result = verdict(run);
      totals.inputs++;
      totals[result.kind]++;
      totals.slowest = Math.max(totals.slowest, run.seconds);
      if (run.code === 0) totals.exit0++;
      if (run.code === 1) totals.exit1++;
      if (result.report) {
        totals.bl001 += result.report.findings.filter((f) => f.ruleId === 'BL001').length;
        totals.bl002 += result.report.findings.filter((f) => f.ruleId === 'BL002').length;
      }
      if (result.kind === 'ok') {
        fs.rmSync(work, { recursive: true, force: true });
      } else {
        const target = path.join(kept, `${result.kind}-${id}`);
        fs.mkdirSync(kept, { recursive: true });
        fs.renameSync(work, target);
        fs.writeFileSync(path.join(target, 'RESULT.txt'), `${result.kind}: ${result.detail}\nseed file: ${seeds[project.seed].name}\nmutations: ${JSON.stringify(project, null, 1)}\n--- stderr\n${run.stderr.slice(0, 4000)}\n`);
        failures.push(`${result.kind} ${seeds[project.seed].name}: ${result.detail} (${target})`);
        console.log(`  ${failures[failures.length - 1]}`);
      }
      if (totals.inputs % 50 === 0) console.log(`  … ${totals.inputs} inputs, ${totals.crash} crashes, ${totals.hang} hangs, ${totals.leak} leaks`);
    }
  };
  await Promise.all(Array.from({ length: options.jobs }, worker));

  console.log(
    `fuzz: ${totals.inputs} inputs in ${options.minutes} min: ${totals.crash} crashes, ${totals.hang} hangs, ${totals.leak} leaks; ` +
      `exit 0: ${totals.exit0}, exit 1: ${totals.exit1}; ${totals.bl001} BL001 and ${totals.bl002} BL002 findings; slowest input ${totals.slowest.toFixed(1)} s`,
  );
  if (failures.length > 0) console.log(`fuzz: failing inputs kept in ${kept}`);
  else fs.rmSync(root, { recursive: true, force: true });
  process.exit(failures.length > 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(`fuzz: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(2);
});
