#!/usr/bin/env node
// Build step (npm run build, after tsc): replaces dist/cli/lint-command.js, the lint command, by one file holding it
// and every dist/ module it loads. Node resolves, reads and compiles a file per module; for the ~150 modules of a
// one-template lint that cost more than the lint itself (issue #12: cold start ≤ 1.6× `node -e 0`).
// - The modules main.js loads itself (args, errors, sanitize, version) stay files the bundle requires: one copy of
//   each, so that `instanceof UsageError` in main still holds for errors thrown in the bundle.
// - Packages (node_modules) stay external, required as before, but for those in VENDORED_PACKAGES.
// - Each bundled module keeps its own __dirname and __filename (its place in dist/), so paths built from them
//   (the compiled policies, the schemas, a worker script) resolve as they do unbundled.
// - Lazy requires stay lazy: esbuild runs a bundled module's body on its first require().
// Every other dist/ file stays as tsc wrote it (scripts and tests load them directly).
// Then it writes the bundle's V8 code cache (src/cli/code-cache.ts), after linting the fixtures with it so that the
// functions a lint runs are compiled into the cache too; the cache's name carries the bundle's build ID. It is made
// under the V8 flags a lint sets (tuneEngineForLint in src/cli/main.ts), which V8 checks.
'use strict';
const { createHash } = require('node:crypto');
const { existsSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');
const cliDir = path.join(dist, 'cli');
const entry = path.join(cliDir, 'lint-command.js');
const BANNER = '// Bundled by scripts/bundle-cli.js from dist/ (sources: src/): the lint command and the modules it loads.';
/**
 * Lint runs (in fixtures/) whose compiled functions go into the code cache: ARM (both common formats), Terraform, a
 * plan. None with guest text: loading the guest grammars changes V8 flags, and V8 rejects a cache made under other
 * flags (test/cli/lazy-loading.test.ts checks that the cache is accepted).
 */
const WARM_UP = [['clean'], ['--format', 'json', 'clean'], ['tf-eval/modules'], ['tfplan-eval']];

const toPosix = (file) => file.split(path.sep).join('/');

/** The dist/ modules main.js loads when it is required: shared with the bundle, not copied into it. */
function mainModules() {
  require(path.join(cliDir, 'main.js'));
  return new Set(Object.keys(require.cache).filter((file) => file.startsWith(dist + path.sep)));
}

/**
 * Packages the lint command loads from one bundled file of their own (dist/vendor/<name>.js) rather than from
 * node_modules: `yaml` is about 60 module files, which take 22–30 ms to find and load, and 7 ms as one file; every
 * run with a configuration file loads it (and every run whose guest scripts include cloud-config). A file of its own,
 * not part of the command's bundle: a larger bundle made every run start ~10 ms later, with or without YAML.
 */
const VENDORED_PACKAGES = ['yaml'];
const vendorDir = path.join(dist, 'vendor');
const vendoredFile = (name) => path.join(vendorDir, `${name}.js`);

const packageName = (request) => request.split('/')[0];

function plugin(shared) {
  return {
    name: 'dist-modules',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path !== packageName(args.path) || !VENDORED_PACKAGES.includes(args.path)) return { path: args.path, external: true };
        return { path: toPosix(path.relative(cliDir, vendoredFile(args.path))), external: true };
      });
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        const file = require.resolve(args.path, { paths: [args.resolveDir] });
        if (!shared.has(file)) return { path: file };
        const relative = toPosix(path.relative(cliDir, file));
        return { path: relative.startsWith('.') ? relative : `./${relative}`, external: true };
      });
      build.onLoad({ filter: /\.js$/ }, (args) => {
        let contents = readFileSync(args.path, 'utf8');
        if (/\b__(dirname|filename)\b/.test(contents)) {
          const dir = JSON.stringify(toPosix(path.relative(cliDir, path.dirname(args.path))) || '.');
          const own =
            `var __moduleDirname = require("node:path").join(__dirname, ${dir}); ` +
            `var __moduleFilename = require("node:path").join(__moduleDirname, ${JSON.stringify(path.basename(args.path))});\n`;
          contents = contents.replace(/\b__dirname\b/g, '__moduleDirname').replace(/\b__filename\b/g, '__moduleFilename');
          // After the "use strict" directive, which must stay first.
          const strict = /^"use strict";\n/.exec(contents);
          contents = strict ? strict[0] + own + contents.slice(strict[0].length) : own + contents;
        }
        return { contents, loader: 'js' };
      });
    },
  };
}

async function main() {
  let esbuild;
  try {
    esbuild = require('esbuild');
  } catch {
    // An install without devDependencies: the command works unbundled, only its start-up is slower.
    process.stderr.write('bundle-cli: esbuild is not installed; the lint command stays unbundled (slower start-up)\n');
    return;
  }
  if (readFileSync(entry, 'utf8').startsWith(BANNER)) throw new Error(`${path.relative(root, entry)} is bundled already; run npm run build`);
  for (const name of VENDORED_PACKAGES) {
    await esbuild.build({ entryPoints: [require.resolve(name)], outfile: vendoredFile(name), bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'silent' });
  }
  const shared = mainModules();
  const outfile = `${entry}.tmp`;
  const result = await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    banner: { js: BANNER },
    plugins: [plugin(shared)],
    logLevel: 'silent',
  });
  // A require esbuild cannot follow (a computed path) would resolve from dist/cli/ in the bundle: refuse it.
  if (result.warnings.length > 0) {
    const messages = await esbuild.formatMessages(result.warnings, { kind: 'warning' });
    throw new Error(`esbuild warnings:\n${messages.join('\n')}`);
  }
  // The build ID (second line) names the code cache of exactly this bundle.
  const bundled = readFileSync(outfile, 'utf8');
  const id = createHash('sha256').update(bundled).digest('hex').slice(0, 16);
  const firstLineEnd = bundled.indexOf('\n') + 1;
  writeFileSync(outfile, `${bundled.slice(0, firstLineEnd)}// build ${id}\n${bundled.slice(firstLineEnd)}`);
  renameSync(outfile, entry);
  await writeCodeCache();
}

async function writeCodeCache() {
  const { codeCachePath, compileBundle } = require(path.join(cliDir, 'code-cache.js'));
  const { parseCommandLine } = require(path.join(cliDir, 'args.js'));
  // The V8 flags a lint sets before it loads the bundle (tuneEngineForLint in main.ts): V8 rejects a cache made under other flags.
  require(path.join(cliDir, 'main.js')).tuneEngineForLint();
  const source = readFileSync(entry, 'utf8');
  const { exports: command, script } = compileBundle(entry, source);
  const fixtures = path.join(root, 'fixtures');
  const io = { stdout: { write() {} }, stderr: { write() {} }, env: {}, cwd: fixtures };
  for (const argv of WARM_UP) {
    if (existsSync(path.join(fixtures, argv[argv.length - 1]))) await command.runLint(parseCommandLine(argv), io);
  }
  // A small Terraform warm-up compiles the grammar with --liftoff-only (baselineCompiled, src/formats/tree-sitter-runtime.ts),
  // which turns WebAssembly tier-up off by implication, and --no-liftoff-only does not turn it back on: V8 would
  // reject a cache made under those flags in a lint, which starts with V8's defaults. Restored here, in the build only.
  const v8 = require('node:v8');
  v8.setFlagsFromString('--wasm-tier-up');
  v8.setFlagsFromString('--wasm-dynamic-tiering');
  writeFileSync(codeCachePath(entry, source), script.createCachedData());
}

main().catch((error) => {
  process.stderr.write(`bundle-cli: ${error.message}\n`);
  process.exit(1);
});
