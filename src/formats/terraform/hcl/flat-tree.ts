import type { Language, Tree } from 'web-tree-sitter';
import type { Range } from './ast';
import type { TreeCursorFunctions } from '../../tree-sitter-runtime';
import { detached } from './strings';

/** 0-based row and column (UTF-16 units), as tree-sitter reports positions. */
export interface Point {
  row: number;
  column: number;
}

/** What the converter reads of a syntax node: the part of web-tree-sitter's `Node` it used, read from a FlatTree. */
export interface SyntaxNode {
  readonly type: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly startPosition: Point;
  readonly endPosition: Point;
  readonly text: string;
  readonly childCount: number;
  readonly children: SyntaxNode[];
  readonly namedChildren: SyntaxNode[];
  /** The node's 1-based range (the AST's), end exclusive. */
  range(): Range;
}

/**
 * A syntax tree copied out of tree-sitter's WASM heap in one cursor walk: each node's type, offsets, parent and next
 * sibling, in preorder, in typed arrays. Reading a tree node by node through web-tree-sitter's `Node` objects costs a
 * JS↔WASM round trip (with marshalling) per property; converting every `.tf` file that way cost twice the parse.
 * Positions come from the text's line starts (tree-sitter counts rows at `\n` and columns in UTF-16 units from the
 * line start, as JavaScript indexes strings).
 */
export class FlatTree {
  private readonly nodes: (FlatNode | undefined)[];
  private lineStarts: number[] | undefined;

  constructor(
    private readonly names: LanguageNames,
    /** The text the tree was parsed from (node text is read from it). */
    readonly text: string,
    readonly types: Uint16Array,
    readonly starts: Uint32Array,
    readonly ends: Uint32Array,
    readonly parents: Int32Array,
    readonly nextSiblings: Int32Array,
  ) {
    this.nodes = new Array<FlatNode | undefined>(types.length);
  }

  get root(): SyntaxNode {
    return this.node(0);
  }

  get size(): number {
    return this.types.length;
  }

  node(index: number): FlatNode {
    return (this.nodes[index] ??= new FlatNode(this, index));
  }

  typeName(index: number): string {
    return this.names.types[this.types[index]!] ?? 'ERROR';
  }

  isNamed(index: number): boolean {
    return this.names.named[this.types[index]!] === true;
  }

  /** Nodes of the named type, in preorder (as web-tree-sitter's `descendantsOfType` on the root lists them). */
  ofType(type: string): SyntaxNode[] {
    const found: SyntaxNode[] = [];
    const ids = this.names.idsOf(type);
    for (let i = 0; i < this.types.length; i++) if (ids.has(this.types[i]!)) found.push(this.node(i));
    return found;
  }

  position(offset: number): Point {
    return pointAt((this.lineStarts ??= lineStartsOf(this.text)), offset);
  }

  /** 1-based range of a node: its start's line found by search, its end's by walking on a few lines, else by search. */
  range(index: number): Range {
    const starts = (this.lineStarts ??= lineStartsOf(this.text));
    const start = this.starts[index]!;
    const end = this.ends[index]!;
    const startRow = pointAt(starts, start).row;
    let endRow = startRow;
    while (endRow + 1 < starts.length && starts[endRow + 1]! <= end) {
      if (endRow - startRow === 4) {
        endRow = pointAt(starts, end).row;
        break;
      }
      endRow++;
    }
    return { line: startRow + 1, column: start - starts[startRow]! + 1, endLine: endRow + 1, endColumn: end - starts[endRow]! + 1 };
  }
}

class FlatNode implements SyntaxNode {
  private childList: FlatNode[] | undefined;
  private namedList: FlatNode[] | undefined;

  constructor(
    private readonly tree: FlatTree,
    private readonly index: number,
  ) {}

  get type(): string {
    return this.tree.typeName(this.index);
  }

  get startIndex(): number {
    return this.tree.starts[this.index]!;
  }

  get endIndex(): number {
    return this.tree.ends[this.index]!;
  }

  get startPosition(): Point {
    return this.tree.position(this.startIndex);
  }

  get endPosition(): Point {
    return this.tree.position(this.endIndex);
  }

  /** The node's text, not a view into the file's (see `detached`). */
  get text(): string {
    return detached(this.tree.text.slice(this.startIndex, this.endIndex));
  }

  range(): Range {
    return this.tree.range(this.index);
  }

  get childCount(): number {
    return this.children.length;
  }

  get children(): FlatNode[] {
    this.childList ??= this.childNodes(false);
    return this.childList;
  }

  get namedChildren(): FlatNode[] {
    this.namedList ??= this.childNodes(true);
    return this.namedList;
  }

  private childNodes(namedOnly: boolean): FlatNode[] {
    const list: FlatNode[] = [];
    const tree = this.tree;
    const first = this.index + 1;
    if (first >= tree.size || tree.parents[first] !== this.index) return list;
    for (let child = first; child >= 0; child = tree.nextSiblings[child]!) {
      if (!namedOnly || tree.isNamed(child)) list.push(tree.node(child));
    }
    return list;
  }
}

/** A language's node type names and which are named, by type id (read once per language). */
class LanguageNames {
  readonly types: string[];
  readonly named: boolean[];
  private readonly byName = new Map<string, Set<number>>();

  constructor(language: Language) {
    this.types = [];
    this.named = [];
    for (let id = 0; id < language.nodeTypeCount; id++) {
      this.types.push(language.types[id] || 'ERROR');
      this.named.push(language.nodeTypeIsNamed(id));
    }
  }

  idsOf(type: string): ReadonlySet<number> {
    let ids = this.byName.get(type);
    if (!ids) {
      ids = new Set(this.types.flatMap((name, id) => (name === type ? [id] : [])));
      this.byName.set(type, ids);
    }
    return ids;
  }
}

const namesByLanguage = new WeakMap<Language, LanguageNames>();

function namesOf(language: Language): LanguageNames {
  let names = namesByLanguage.get(language);
  if (!names) namesByLanguage.set(language, (names = new LanguageNames(language)));
  return names;
}

function pointAt(lineStarts: readonly number[], offset: number): Point {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (lineStarts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return { row: low, column: offset - lineStarts[low]! };
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * The walk's growable buffers, shared by every walk (a walk runs to its end synchronously). Grown for a huge file,
 * they go back to their usual size after it (real files have up to about 100,000 nodes).
 */
const USUAL_CAPACITY = 1 << 17;
let capacity = USUAL_CAPACITY;
let scratchTypes = new Uint16Array(capacity);
let scratchStarts = new Uint32Array(capacity);
let scratchEnds = new Uint32Array(capacity);
let scratchParents = new Int32Array(capacity);
let scratchNext = new Int32Array(capacity);

function shrink(): void {
  capacity = USUAL_CAPACITY;
  scratchTypes = new Uint16Array(capacity);
  scratchStarts = new Uint32Array(capacity);
  scratchEnds = new Uint32Array(capacity);
  scratchParents = new Int32Array(capacity);
  scratchNext = new Int32Array(capacity);
}

function grow(): void {
  capacity *= 2;
  const widen = <T extends Uint16Array | Uint32Array | Int32Array>(old: T, make: (size: number) => T): T => {
    const wider = make(capacity);
    wider.set(old);
    return wider;
  };
  scratchTypes = widen(scratchTypes, (size) => new Uint16Array(size));
  scratchStarts = widen(scratchStarts, (size) => new Uint32Array(size));
  scratchEnds = widen(scratchEnds, (size) => new Uint32Array(size));
  scratchParents = widen(scratchParents, (size) => new Int32Array(size));
  scratchNext = widen(scratchNext, (size) => new Int32Array(size));
}

/** A flattened tree, or the first node (in preorder) nested deeper than the limit, which stops the walk. */
export type Flattened = { tree: FlatTree } | { tooDeep: Point };

/**
 * Copies `tree` (parsed from `text`) out of WASM with one cursor kept in the runtime's transfer buffer: each step
 * is one call that moves it, and three read the node under it. Nothing else may call the runtime meanwhile.
 */
export function flattenTree(tree: Tree, text: string, wasm: TreeCursorFunctions, maxDepth: number): Flattened {
  const names = namesOf(tree.language);
  const handle = (tree as unknown as { 0: number })[0];
  wasm._ts_tree_root_node_wasm(handle);
  wasm._ts_tree_cursor_new_wasm(handle);
  let count = 0;
  const record = (parent: number): number => {
    if (count === capacity) grow();
    scratchTypes[count] = wasm._ts_tree_cursor_current_node_type_id_wasm(handle);
    scratchStarts[count] = wasm._ts_tree_cursor_start_index_wasm(handle);
    scratchEnds[count] = wasm._ts_tree_cursor_end_index_wasm(handle);
    scratchParents[count] = parent;
    scratchNext[count] = -1;
    return count++;
  };
  try {
    let current = record(-1);
    let depth = 0;
    for (;;) {
      if (wasm._ts_tree_cursor_goto_first_child_wasm(handle)) {
        depth++;
        current = record(current);
        if (depth > maxDepth) {
          const tooDeep = pointAt(lineStartsOf(text), scratchStarts[current]!);
          if (capacity > USUAL_CAPACITY) shrink();
          return { tooDeep };
        }
        continue;
      }
      let done = false;
      while (!wasm._ts_tree_cursor_goto_next_sibling_wasm(handle)) {
        if (!wasm._ts_tree_cursor_goto_parent_wasm(handle)) {
          done = true;
          break;
        }
        depth--;
        current = scratchParents[current]!;
      }
      if (done) break;
      const previous = current;
      current = record(scratchParents[previous]!);
      scratchNext[previous] = current;
    }
  } finally {
    wasm._ts_tree_cursor_delete_wasm(handle);
  }
  const flat = new FlatTree(
    names,
    text,
    scratchTypes.slice(0, count),
    scratchStarts.slice(0, count),
    scratchEnds.slice(0, count),
    scratchParents.slice(0, count),
    scratchNext.slice(0, count),
  );
  if (capacity > USUAL_CAPACITY) shrink();
  return { tree: flat };
}
