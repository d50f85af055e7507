#!/usr/bin/env node
// Builds the GitHub Action (action.yml `runs.main`): one CommonJS bundle of src/action/index.ts and the files it
// reads at run time, in one folder that works alone (the runner runs it from the repository checkout, without
// npm install): action/index.js, action/load-worker.js (the worker thread of large runs), the WASM runtime and the Terraform, bash and PowerShell grammars (the last two for
// the guest analysis), the compiled built-in policies, the JSON schemas, and action/typescript-estree.js, the policy
// expression parser (4 MB of TypeScript, loaded only for user policies; a file of its own so the bundle that changes
// with every source change stays small). Deterministic: the same sources give the same bytes
// (test/action/bundle.test.ts rebuilds into a temporary folder and compares).
// Usage: node scripts/build-action.js [outDir] (after npm run build).
'use strict';
const { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
const outDir = path.resolve(process.argv[2] ?? path.join(root, 'action'));

/**
 * Modules that find package files relative to their own place in dist/ (or node_modules): in the bundle every
 * module's __dirname is the bundle's folder, so each such place is pointed at the copy beside the bundle. Each
 * pattern must match exactly once, so that a changed source fails the build instead of a run.
 */
const REWRITES = {
  'src/policy/load.ts': [["join(__dirname, '..', 'builtin-policies.json')", "join(__dirname, 'builtin-policies.json')"]],
  'src/config/validate.ts': [["path.join(__dirname, '..', '..', 'schemas', name)", "path.join(__dirname, 'schemas', name)"]],
  'src/formats/terraform/hcl/parser.ts': [
    [
      "require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm')",
      "require('node:path').join(__dirname, 'tree-sitter-terraform.wasm')",
    ],
  ],
  'src/analysis/guest/grammars.ts': [
    [
      "require.resolve(`@vscode/tree-sitter-wasm/wasm/tree-sitter-${name}.wasm`)",
      "require('node:path').join(__dirname, `tree-sitter-${name}.wasm`)",
    ],
  ],
};

/** The guest analysis's grammars (src/analysis/guest/grammars.ts loads them by these names). */
const GUEST_GRAMMARS = ['bash', 'powershell'];

const packageFiles = {
  name: 'package-files',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
      const relative = path.relative(root, args.path).split(path.sep).join('/');
      let contents = readFileSync(args.path, 'utf8');
      for (const [from, to] of REWRITES[relative] ?? []) {
        const count = contents.split(from).length - 1;
        if (count !== 1) throw new Error(`${relative}: expected '${from}' once, found it ${count} times; update scripts/build-action.js`);
        contents = contents.replace(from, to);
      }
      return { contents, loader: 'ts' };
    });
  },
};

/** The policy expression parser, required by the main bundle from the file beside it. */
const PARSER = '@typescript-eslint/typescript-estree';
const separateParser = {
  name: 'separate-parser',
  setup(build) {
    build.onResolve({ filter: /^@typescript-eslint\/typescript-estree$/ }, () => ({ path: './typescript-estree.js', external: true }));
  },
};

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true, legalComments: 'eof', logLevel: 'warning' };

async function main() {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(path.join(outDir, 'schemas'), { recursive: true });
  await esbuild.build({
    entryPoints: [path.join(root, 'src/action/index.ts')],
    outfile: path.join(outDir, 'index.js'),
    plugins: [packageFiles, separateParser],
    ...common,
  });
  // The worker pool's thread (src/lint/worker-pool.ts starts the load-worker.js beside it).
  await esbuild.build({
    entryPoints: [path.join(root, 'src/lint/load-worker.ts')],
    outfile: path.join(outDir, 'load-worker.js'),
    plugins: [packageFiles],
    ...common,
  });
  await esbuild.build({ entryPoints: [require.resolve(PARSER)], outfile: path.join(outDir, 'typescript-estree.js'), ...common });
  copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), path.join(outDir, 'web-tree-sitter.wasm'));
  copyFileSync(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'), path.join(outDir, 'tree-sitter-terraform.wasm'));
  for (const name of GUEST_GRAMMARS) {
    const target = path.join(outDir, `tree-sitter-${name}.wasm`);
    copyFileSync(require.resolve(`@vscode/tree-sitter-wasm/wasm/tree-sitter-${name}.wasm`), target);
    chmodSync(target, 0o644); // the package ships them executable; the bundle's files are plain data
  }
  copyFileSync(path.join(root, 'schemas/config.schema.json'), path.join(outDir, 'schemas/config.schema.json'));
  copyFileSync(path.join(root, 'schemas/policy.schema.json'), path.join(outDir, 'schemas/policy.schema.json'));
  const { compileBuiltins } = require(path.join(root, 'dist/policy/compile-builtins.js'));
  const errors = compileBuiltins(path.join(root, 'policies'), path.join(outDir, 'builtin-policies.json'));
  if (errors.length > 0) throw new Error(`built-in policies: ${errors.length} errors (npm run build shows them)`);
}

main().catch((error) => {
  process.stderr.write(`build-action: ${error.message}\n`);
  process.exitCode = 1;
});
