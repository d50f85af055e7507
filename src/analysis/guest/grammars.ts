import * as fs from 'node:fs';
import type { Parser } from 'web-tree-sitter';
import { treeSitterRuntime } from '../../formats/tree-sitter-runtime';

/**
 * The bash and PowerShell grammars of `@vscode/tree-sitter-wasm`, loaded on first use only: a run without guest
 * text never loads them (nor the WASM runtime). Their ABIs (bash 15, PowerShell 14) load into web-tree-sitter 0.27.
 */
export interface GuestParsers {
  bash: Parser;
  powershell: Parser;
}

let parsersPromise: Promise<GuestParsers> | undefined;

export function guestParsers(): Promise<GuestParsers> {
  parsersPromise ??= createParsers();
  return parsersPromise;
}

/** Whether the grammars have been asked for in this process (for the lazy-loading test). */
export function guestParsersRequested(): boolean {
  return parsersPromise !== undefined;
}

async function createParsers(): Promise<GuestParsers> {
  // The runtime shared with the Terraform reader (whichever initialises it first, it is the same).
  const { treeSitter } = await treeSitterRuntime();
  const load = async (name: string): Promise<Parser> => {
    // Bytes, not a path: given a path, web-tree-sitter reads it through a dynamic import(), which jest rejects.
    const wasm = fs.readFileSync(require.resolve(`@vscode/tree-sitter-wasm/wasm/tree-sitter-${name}.wasm`));
    const parser = new treeSitter.Parser();
    parser.setLanguage(await baselineCompiled(() => treeSitter.Language.load(new Uint8Array(wasm))));
    return parser;
  };
  return { bash: await load('bash'), powershell: await load('powershell') };
}

/**
 * Compiles WebAssembly with V8's baseline compiler only. V8 otherwise also optimises the PowerShell grammar in the
 * background, about 7 s of CPU that the process waits for before it can exit, for scripts of a few lines. The flag
 * is set only while these modules compile, but it turns tier-up off by implication (`--no-wasm-tier-up`,
 * `--no-wasm-dynamic-tiering`), which `--no-liftoff-only` does not undo: WebAssembly compiled later in the process
 * stays on the baseline compiler too. The Terraform grammar, which parses whole repositories, loads before the
 * analyses run, so a lint's keeps tiering up; only a process whose first Terraform run comes after a guest analysis
 * (the library linting twice, tests) reads Terraform with the baseline compiler.
 */
async function baselineCompiled<T>(compile: () => Promise<T>): Promise<T> {
  const v8 = require('node:v8') as typeof import('node:v8'); // required here: most runs have no guest text
  v8.setFlagsFromString('--liftoff-only');
  try {
    return await compile();
  } finally {
    v8.setFlagsFromString('--no-liftoff-only');
  }
}
