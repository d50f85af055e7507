/**
 * web-tree-sitter's WASM runtime, initialised once for every grammar of the process (Terraform, and the guest
 * analysis's bash and PowerShell): the runtime is a process-wide singleton, and whoever initialises it first decides
 * which module object it fills in.
 *
 * That module object is kept because it carries the runtime's exported functions: the HCL reader walks whole trees
 * with the tree-cursor functions directly (formats/terraform/hcl/flat-tree.ts), one call per step instead of the
 * dozen JS↔WASM marshalling calls each step of the public TreeCursor costs.
 */
export interface TreeCursorFunctions {
  /** Writes the tree's root node to the transfer buffer. */
  _ts_tree_root_node_wasm(tree: number): void;
  /** Reads a node from the transfer buffer and writes a new cursor on it there. */
  _ts_tree_cursor_new_wasm(tree: number): void;
  /** Deletes the cursor in the transfer buffer. */
  _ts_tree_cursor_delete_wasm(tree: number): void;
  /** Moves the cursor in the transfer buffer (written back there); 1 when it moved. */
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
  /** About the node under the cursor in the transfer buffer (which they leave as it is); offsets in UTF-16 units. */
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
}

export interface TreeSitterRuntime {
  treeSitter: typeof import('web-tree-sitter');
  cursor: TreeCursorFunctions;
}

const CURSOR_FUNCTIONS: readonly (keyof TreeCursorFunctions)[] = [
  '_ts_tree_root_node_wasm',
  '_ts_tree_cursor_new_wasm',
  '_ts_tree_cursor_delete_wasm',
  '_ts_tree_cursor_goto_first_child_wasm',
  '_ts_tree_cursor_goto_next_sibling_wasm',
  '_ts_tree_cursor_goto_parent_wasm',
  '_ts_tree_cursor_current_node_type_id_wasm',
  '_ts_tree_cursor_start_index_wasm',
  '_ts_tree_cursor_end_index_wasm',
];

let runtimePromise: Promise<TreeSitterRuntime> | undefined;
let loaded: TreeSitterRuntime | undefined;

/** The initialised runtime; the first call loads it (required lazily: runs without tree-sitter never load WASM). */
export function treeSitterRuntime(): Promise<TreeSitterRuntime> {
  runtimePromise ??= initialise();
  return runtimePromise;
}

async function initialise(): Promise<TreeSitterRuntime> {
  const treeSitter = require('web-tree-sitter') as typeof import('web-tree-sitter');
  // Emscripten fills the object it is given with the runtime (`var Module = moduleArg`), exports included.
  const module: Record<string, unknown> = {};
  await treeSitter.Parser.init(module as Parameters<typeof treeSitter.Parser.init>[0]);
  const missing = CURSOR_FUNCTIONS.filter((name) => typeof module[name] !== 'function');
  if (missing.length > 0) {
    // Another caller initialised the runtime without this module (or web-tree-sitter changed its exports).
    throw new Error(`the tree-sitter runtime does not expose ${missing.join(', ')}`);
  }
  loaded = { treeSitter, cursor: module as unknown as TreeCursorFunctions };
  return loaded;
}

/** The runtime's cursor functions, for code that holds a parser (so the runtime is initialised). */
export function loadedCursorFunctions(): TreeCursorFunctions {
  if (!loaded) throw new Error('the tree-sitter runtime is not initialised');
  return loaded.cursor;
}

/**
 * Compiles WebAssembly with V8's baseline compiler only: no optimising tier-up in the background, which a process
 * waits for before it can exit (the PowerShell grammar: ~7 s of CPU for scripts of a few lines; the Terraform grammar:
 * ~50 ms at the end of a one-module lint). The flag is set only while the modules compile, but it turns tier-up off
 * by implication (`--no-wasm-tier-up`, `--no-wasm-dynamic-tiering`), which `--no-liftoff-only` does not undo:
 * WebAssembly compiled later in the process stays on the baseline compiler too. A lint loads the Terraform grammar
 * before its guest analysis, so a large Terraform run keeps tiering up; only a process whose first Terraform run
 * comes after a guest analysis (the library linting twice, tests) reads Terraform with the baseline compiler.
 */
export async function baselineCompiled<T>(compile: () => Promise<T>): Promise<T> {
  const v8 = require('node:v8') as typeof import('node:v8'); // required here: most runs compile no WebAssembly
  v8.setFlagsFromString('--liftoff-only');
  try {
    return await compile();
  } finally {
    v8.setFlagsFromString('--no-liftoff-only');
  }
}
