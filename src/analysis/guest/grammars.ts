import * as fs from 'node:fs';
import type { Parser } from 'web-tree-sitter';
import { baselineCompiled, treeSitterRuntime } from '../../formats/tree-sitter-runtime';

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
  // The runtime shared with the Terraform reader (whichever initialises it first, it is the same). Compiled here
  // with the baseline compiler too: optimised in the background, it made the process wait ~60 ms before it could
  // exit after a one-template lint, and the corpus's 683 texts read as fast without it (2.41 against 2.43 s).
  const { treeSitter } = await baselineCompiled(() => treeSitterRuntime());
  const load = async (name: string): Promise<Parser> => {
    // Bytes, not a path: given a path, web-tree-sitter reads it through a dynamic import(), which jest rejects.
    const wasm = fs.readFileSync(require.resolve(`@vscode/tree-sitter-wasm/wasm/tree-sitter-${name}.wasm`));
    const parser = new treeSitter.Parser();
    // V8 would otherwise also optimise the PowerShell grammar in the background: about 7 s of CPU that the process
    // waits for before it can exit, for scripts of a few lines.
    parser.setLanguage(await baselineCompiled(() => treeSitter.Language.load(new Uint8Array(wasm))));
    return parser;
  };
  return { bash: await load('bash'), powershell: await load('powershell') };
}
