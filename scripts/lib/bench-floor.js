'use strict';
// The floor of a benchmark run (run in a child, under bench-probe.js): what any tool must do to read the files.
//   node -r ./bench-probe.js bench-floor.js json <folder>...   every *.json file: read, strip a BOM, JSON.parse
//   node -r ./bench-probe.js bench-floor.js tf <folder>...     every *.tf file: read, tree-sitter parse (the
//                                                               Terraform grammar backup-lint uses), free the tree
// Folders are walked here too (the lint walks them as well). Counts go to the probe's report.
const { readdirSync, readFileSync } = require('node:fs');
const path = require('node:path');

function listFiles(dir, suffix, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) listFiles(file, suffix, out);
    else if (entry.isFile() && entry.name.endsWith(suffix)) out.push(file);
  }
  return out;
}

const readText = (file) => {
  const text = readFileSync(file, 'utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
};

async function main() {
  const [kind, ...folders] = process.argv.slice(2);
  const stats = { files: 0, bytes: 0, failed: 0 };
  if (kind === 'json') {
    for (const file of folders.flatMap((folder) => listFiles(folder, '.json', []))) {
      const text = readText(file);
      stats.files++;
      stats.bytes += text.length;
      try {
        JSON.parse(text);
      } catch {
        stats.failed++; // comments or broken: read all the same
      }
    }
  } else if (kind === 'tf') {
    const root = path.resolve(__dirname, '..', '..');
    const treeSitter = require(require.resolve('web-tree-sitter', { paths: [root] }));
    await treeSitter.Parser.init();
    const wasm = require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm', { paths: [root] });
    const language = await treeSitter.Language.load(new Uint8Array(readFileSync(wasm)));
    const parser = new treeSitter.Parser();
    parser.setLanguage(language);
    for (const file of folders.flatMap((folder) => listFiles(folder, '.tf', []))) {
      const text = readText(file);
      stats.files++;
      stats.bytes += text.length;
      const tree = parser.parse(text);
      if (!tree) stats.failed++;
      else tree.delete();
    }
    parser.delete();
  } else {
    throw new Error(`bench-floor: unknown kind '${kind}' (json or tf)`);
  }
  globalThis.benchExtra = stats;
}

main().catch((error) => {
  process.stderr.write(`bench-floor: ${error.message}\n`);
  process.exitCode = 2;
});
