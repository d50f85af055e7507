import type { Node, Tree } from 'web-tree-sitter';
import { execEndsIn, shChildrenRun } from './sh-syntax';

/**
 * What the variables of a shell script stand for, read conservatively: a variable whose every assignment in the
 * script is the same plain literal (`NAME=value`, `NAME='value'`, `NAME="value"` without expansions, `readonly`,
 * `export`, `declare` or `local NAME=value`) stands for that literal where an assignment before it, in its own or an
 * enclosing scope, gives it. The scopes are the function, subshell, command substitution or pipeline stage an
 * assignment sits in (one inside a function is not taken to reach the rest of the script). A variable also written
 * any other way (from an expansion or command, `+=`, `read`, `for`, arithmetic, `unset`, an attribute such as
 * `declare -i`, a prefix `NAME=x cmd`) stands for nothing, nor does any variable of a script that sources another
 * file (`source f`, `. f`), uses `eval` or a nameref (`declare -n`): the reader stays silent on them. The variable of
 * one `for NAME in a b c` over literals, written nowhere else, stands for each literal in turn in the loop's body.
 * An assignment may build its literal from other variables (`CONF="$DIR/waagent.conf"`, `CONF=${DIR}/waagent.conf`)
 * when each one it reads stands for a literal there by the same rules; any part that does not (a command
 * substitution, `${DIR:-x}`, a loop's variable) leaves it standing for nothing. Code that never runs (after an
 * unconditional `exit`, as the reader skips it: sh-syntax.ts) writes nothing.
 */
export interface ShVariables {
  /**
   * The literal an expansion (`$NAME`, `${NAME}`) stands for where it is read, or undefined. Unquoted (`quoted`
   * false), only a value that the shell passes as one word as it is: not empty, no blank nor glob character, and
   * the script never sets IFS.
   */
  valueAt(expansion: Node, quoted: boolean, pinned?: ReadonlyMap<string, string>): string | undefined;
  /** The literals a `for NAME in …` loop gives its variable in turn (the reader unrolls it), or undefined. */
  loopValues(loop: Node): { name: string; values: readonly string[] } | undefined;
}

interface Entry {
  /** What each plain assignment gives: a literal, or a word to read with the variables it expands (settled after the pass). */
  assignments: (string | Node)[];
  /** The one literal every assignment gives, once settled; undefined if none does. */
  value: string | undefined;
  settled: boolean;
  /** Written some other way, or given different literals: stands for nothing. */
  opaque: boolean;
  /** Reads up to this character index (and after an assignment) see an assignment: the end of its scope. */
  visibleUntil: number;
  /** The `for` loops over literals that write it, and the last one's literals. */
  loops: number;
  loopValues: readonly string[] | undefined;
}

interface Table {
  entries: Map<string, Entry>;
  /** The expansions (by node id) read after an assignment that reaches them. */
  visibleReads: Set<number>;
  /** Set or read by name somewhere the reader cannot follow: no variable stands for anything. */
  unknownWrite: boolean;
}

interface Context {
  /** The end of the innermost scope: an assignment there is seen up to it. */
  scopeEnd: number;
  /** The declaration (`local`, `declare -r` …) around an assignment: whether its attributes keep values as written. */
  declaration: { plain: boolean } | undefined;
  /** Whether an assignment here lasts past its statement (not a command's prefix `NAME=x cmd`). */
  statement: boolean;
  /** Inside text that does not parse: what an assignment there does is not known. */
  broken: boolean;
  /** Inside a function's body, where `return` ends a sequence (sh-syntax.ts). */
  inFunction: boolean;
}

/** Builtins that write the variables they name: each literal word handed to them names one. */
const NAME_WRITERS = /^(read|mapfile|readarray|getopts|let|unset|wait|printf)$/;
/** Builtins that run text the reader does not see, which may assign anything. */
const UNKNOWN_WRITERS = /^(eval|source|\.|declare|typeset|local|export|readonly)$/;
/** Nodes whose assignments are not seen after them: they run in a subshell, or are a function's body. */
const SCOPES = new Set(['function_definition', 'subshell', 'command_substitution', 'process_substitution']);
const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/g;
/** What follows a command sent to the background: `&`, not `&&` nor `&>`. */
const BACKGROUND = /^[ \t]*&(?![&>])/;
/** A loop over more literals is not unrolled. */
const MAX_LOOP_VALUES = 16;
/** Values that word splitting or globbing would change when read unquoted. */
const SPLIT_OR_GLOB = /[\s*?[]/;
/** Variables built from variables built from … deeper than this stand for nothing (hostile chains). */
const MAX_DERIVATION_DEPTH = 16;
/** A literal built from variables longer than this stands for nothing (hostile doubling: `B="$A$A"; C="$B$B"` …). */
const MAX_VALUE_LENGTH = 4096;

const tables = new WeakMap<Tree, Table>();

export function shVariables(tree: Tree): ShVariables {
  let table = tables.get(tree);
  if (!table) {
    table = buildTable(tree.rootNode);
    tables.set(tree, table);
  }
  const { entries, visibleReads, unknownWrite } = table;
  const ifs = entries.get('IFS');
  const ifsWritten = ifs !== undefined && (ifs.opaque || ifs.assignments.length > 0 || ifs.loops > 0);
  return {
    valueAt(expansion, quoted, pinned) {
      const name = plainName(expansion);
      if (name === undefined || unknownWrite) return undefined;
      const entry = entries.get(name);
      const visible = entry && !entry.opaque && entry.loops === 0 && visibleReads.has(expansion.id) ? entry.value : undefined;
      const value = pinned?.get(name) ?? visible;
      if (value === undefined || (!quoted && (ifsWritten || value === '' || SPLIT_OR_GLOB.test(value)))) return undefined;
      return value;
    },
    loopValues(loop) {
      const name = loop.childForFieldName('variable')?.text;
      const entry = name === undefined ? undefined : entries.get(name);
      // The loop's variable is written by it alone: one loop over literals, no assignment anywhere.
      if (unknownWrite || !entry || entry.opaque || entry.loops !== 1 || entry.assignments.length > 0 || !entry.loopValues) return undefined;
      return { name: name!, values: entry.loopValues };
    },
  };
}

/** The name a `$NAME` or `${NAME}` reads (not a special or positional parameter), or undefined. */
export function plainName(expansion: Node): string | undefined {
  if (expansion.type !== 'simple_expansion' && expansion.type !== 'expansion') return undefined;
  const named = expansion.namedChildren;
  if (named.length !== 1 || named[0]!.type !== 'variable_name') return undefined;
  const name = named[0]!.text;
  const text = expansion.text;
  return text === `$${name}` || text === `\${${name}}` ? name : undefined;
}

function buildTable(root: Node): Table {
  const table: Table = { entries: new Map(), visibleReads: new Set(), unknownWrite: false };
  // No `$`, no expansion: nothing to resolve.
  // Read from the source rather than from each node (node.text copies it, and nested loops would copy it again and again).
  const source = root.text;
  if (!source.includes('$')) return table;
  const entry = (name: string) => {
    let e = table.entries.get(name);
    if (!e) table.entries.set(name, (e = { assignments: [], value: undefined, settled: false, opaque: false, visibleUntil: -1, loops: 0, loopValues: undefined }));
    return e;
  };
  const named = new Set<string>();
  // Variables run as a command name (`$cmd …`).
  const called = new Set<string>();
  const execEnds = execEndsIn(source);
  const stack: [Node, Context][] = [[root, { scopeEnd: root.endIndex, declaration: undefined, statement: true, broken: false, inFunction: false }]];
  while (stack.length > 0) {
    const [node, ctx] = stack.pop()!;
    const type = node.type;
    if (type === 'comment') continue;
    const scopeEnd = SCOPES.has(type) ? node.endIndex : ctx.scopeEnd;
    const broken = ctx.broken || node.isError;
    const inFunction = ctx.inFunction || type === 'function_definition';
    const children: [Node, Context][] = [];
    const inherit = (child: Node, end = scopeEnd, declaration: Context['declaration'] = undefined, statement = true) =>
      children.push([child, { scopeEnd: end, declaration, statement, broken, inFunction }]);
    switch (type) {
      case 'variable_name':
        // Anywhere else than an assignment's name or a read: arithmetic, a subscript, `for NAME in`, `unset NAME` …
        entry(node.text).opaque = true;
        continue;
      case 'simple_expansion':
      case 'expansion': {
        const name = plainName(node);
        if (name !== undefined) {
          if (node.endIndex <= entry(name).visibleUntil) table.visibleReads.add(node.id);
          continue;
        }
        // `${NAME:=x}` assigns; `${NAME:-x}`, `${#NAME}` only read (unresolved). The rest is read as usual.
        const variable = node.namedChildren.find((c) => c.type === 'variable_name');
        if (variable && /^\$\{[A-Za-z_][A-Za-z0-9_]*:?=/.test(node.text)) entry(variable.text).opaque = true;
        for (const child of node.namedChildren) if (child.id !== variable?.id) inherit(child);
        break;
      }
      case 'variable_assignment': {
        const name = node.childForFieldName('name');
        const value = node.childForFieldName('value');
        if (name?.type === 'variable_name') {
          const e = entry(name.text);
          const assigned = ctx.statement && !ctx.broken && (!ctx.declaration || ctx.declaration.plain) && source[name.endIndex] === '=' ? assignedWord(value) : undefined;
          if (assigned === undefined) e.opaque = true;
          else {
            // Seen from here on if it settles to the literal every other assignment gives; otherwise none is.
            e.assignments.push(assigned);
            e.visibleUntil = Math.max(e.visibleUntil, ctx.scopeEnd);
          }
        } else if (name) inherit(name);
        if (value) inherit(value);
        break;
      }
      case 'for_statement': {
        const variable = node.childForFieldName('variable');
        const values = source.startsWith('for', node.startIndex) ? loopLiterals(node) : undefined;
        if (variable?.type === 'variable_name' && values) {
          const e = entry(variable.text);
          e.loops++;
          e.loopValues = values;
        } else if (variable) inherit(variable);
        for (const child of node.namedChildren) if (child.id !== variable?.id) inherit(child);
        break;
      }
      case 'declaration_command': {
        const keyword = /^\w*/.exec(source.slice(node.startIndex, node.startIndex + 10))![0];
        const flags = node.namedChildren.filter((c) => c.type === 'word' && /^[-+]/.test(c.text)).map((c) => c.text);
        // `declare -n ref=NAME` writes NAME through ref; `declare -i`, `-l`, `-u`, `-a` change what is stored.
        if (flags.some((f) => f.includes('n'))) table.unknownWrite = true;
        const plain = flags.every((f) => /^[-+][rxg]+$/.test(f));
        for (const child of node.namedChildren) {
          if (child.type === 'variable_assignment') inherit(child, scopeEnd, { plain });
          else if (child.type === 'variable_name') {
            // `local NAME` makes an empty local; `export NAME`, `readonly NAME` keep the value.
            if (!plain || !/^(export|readonly)$/.test(keyword)) entry(child.text).opaque = true;
          } else if (!(child.type === 'word' && /^[-+]/.test(child.text))) table.unknownWrite = true; // `declare "$n=x"`
        }
        break;
      }
      case 'command': {
        const words = node.namedChildren.filter((c) => c.type !== 'variable_assignment' && c.type !== 'comment' && !/redirect$/.test(c.type));
        let at = 0;
        while (at < words.length - 1 && /^(builtin|command)$/.test(words[at]!.text)) at++;
        const nameWord = words[at]?.type === 'command_name' ? words[at]!.namedChildren[0] : words[at];
        if (nameWord?.type === 'simple_expansion' || nameWord?.type === 'expansion') {
          const calledName = plainName(nameWord);
          if (calledName === undefined) table.unknownWrite = true; // `${cmd:-eval} …`
          else called.add(calledName);
        }
        const commandName = words[at] ? (shWord(words[at]!, () => undefined) ?? '') : '';
        if (UNKNOWN_WRITERS.test(commandName)) table.unknownWrite = true;
        else if (NAME_WRITERS.test(commandName)) {
          const args = words.slice(at + 1);
          args.forEach((word, i) => {
            // `printf -v NAME …`, `printf -vNAME …`: the other words are its format and values.
            if (commandName === 'printf' && !/^-v/.test(word.text) && !/^-v$/.test(args[i - 1]?.text ?? '')) return;
            // `read "$name"`: a variable named by a value.
            if (word.text.includes('$')) table.unknownWrite = true;
            for (const identifier of word.text.match(IDENTIFIER) ?? []) named.add(identifier);
          });
        }
        for (const child of node.namedChildren) inherit(child, scopeEnd, undefined, child.type !== 'variable_assignment');
        break;
      }
      default: {
        // What never runs (after an `exit` …) assigns nothing.
        const all = shChildrenRun(node, { inFunction, execEnds });
        for (let i = 0; i < all.length; i++) {
          const child = all[i]!;
          // A pipeline's stages and a command sent to the background (`… &`) run in subshells.
          const subshell = SCOPES.has(child.type) || type === 'pipeline' || BACKGROUND.test(source.slice(child.endIndex, all[i + 1]?.startIndex ?? node.endIndex));
          inherit(child, subshell ? child.endIndex : scopeEnd);
        }
      }
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  for (const name of named) entry(name).opaque = true;
  for (const e of table.entries.values()) settle(e, table, 0);
  // `cmd=eval; $cmd …`: a variable run as a command that names a builtin writing variables.
  for (const name of called) {
    const e = table.entries.get(name);
    const values = [...(e?.value !== undefined ? [e.value] : []), ...(e?.loopValues ?? [])];
    if (values.some((value) => UNKNOWN_WRITERS.test(value) || NAME_WRITERS.test(value))) table.unknownWrite = true;
  }
  return table;
}

/**
 * The literals a `for NAME in …` loop takes in turn, when each is a plain word (no glob, brace or tilde to expand)
 * or a quoted string without expansions; undefined for anything else, and for `for NAME` (the positional parameters).
 */
function loopLiterals(loop: Node): string[] | undefined {
  const items = loop.childrenForFieldName('value');
  if (items.length === 0 || items.length > MAX_LOOP_VALUES) return undefined;
  const values: string[] = [];
  for (const item of items) {
    if (item.type === 'word' && /[*?[{~\\]/.test(item.text)) return undefined;
    if (item.type !== 'word' && item.type !== 'raw_string' && item.type !== 'string') return undefined;
    const value = shWord(item, () => undefined);
    if (value === undefined) return undefined;
    values.push(value);
  }
  return values;
}

/**
 * What an assignment gives: `NAME=` gives '', a word without expansions its literal (a word, a number, `'…'`, `"…"`,
 * or a concatenation of them), any other its node, settled once the pass has seen every variable. A tilde (expanded
 * in assignments) or `$'…'`: undefined.
 */
function assignedWord(value: Node | null): string | Node | undefined {
  if (!value) return '';
  if (value.text.includes('~') || value.text.includes("$'")) return undefined;
  return shWord(value, () => undefined) ?? value;
}

/**
 * Settles what a variable stands for: the one literal all its assignments give, each read with the variables it
 * expands (`CONF="$DIR/waagent.conf"`) where the pass saw an assignment reach them. A variable it reads that stands
 * for nothing, one read in a cycle (`A=$B; B=$A`), a chain deeper than MAX_DERIVATION_DEPTH or a literal longer than
 * MAX_VALUE_LENGTH leaves it standing for nothing (no word splitting nor globbing happens in an assignment).
 */
function settle(e: Entry, table: Table, depth: number, settling = new Set<Entry>()): string | undefined {
  if (e.settled) return e.value;
  if (e.opaque || e.loops > 0 || settling.has(e) || depth > MAX_DERIVATION_DEPTH) return undefined;
  settling.add(e);
  let value: string | undefined;
  for (const assigned of e.assignments) {
    const literal =
      typeof assigned === 'string'
        ? assigned
        : shWord(assigned, (part) => {
            const name = plainName(part);
            const read = name === undefined || !table.visibleReads.has(part.id) ? undefined : table.entries.get(name);
            return read && settle(read, table, depth + 1, settling);
          });
    if (literal === undefined || literal.length > MAX_VALUE_LENGTH || (value !== undefined && literal !== value)) {
      value = undefined;
      break;
    }
    value = literal;
  }
  settling.delete(e);
  e.settled = true;
  e.value = value;
  if (value === undefined && e.assignments.length > 0) e.opaque = true;
  return value;
}

/** Gives the text a non-literal part of a word stands for (an expansion, a command substitution …), or undefined. */
export type Expand = (part: Node, quoted: boolean) => string | undefined;

/**
 * The value of a word as the shell passes it: quotes removed, escapes resolved, each non-literal part as `expand`
 * gives it (`quoted` inside `"…"`); undefined when `expand` gives nothing for one of them.
 */
export function shWord(node: Node, expand: Expand): string | undefined {
  switch (node.type) {
    case 'command_name':
      return node.namedChildren[0] ? shWord(node.namedChildren[0], expand) : node.text;
    case 'word':
      return node.text.replace(/\\(.)/g, '$1');
    case 'number':
      return node.text;
    case 'raw_string':
      return node.text.slice(1, -1);
    case 'ansi_c_string':
      return node.text.slice(2, -1);
    case 'string': {
      const text = node.text;
      const unescape = (part: string) => part.replace(/\\([$`"\\\n])/g, '$1');
      let value = '';
      let at = 1;
      for (const part of node.namedChildren) {
        if (part.type === 'string_content') continue;
        const expanded = expand(part, true);
        if (expanded === undefined) return undefined;
        value += unescape(text.slice(at, part.startIndex - node.startIndex)) + expanded;
        at = part.endIndex - node.startIndex;
      }
      return value + unescape(text.slice(at, -1));
    }
    case 'concatenation': {
      let value = '';
      for (const part of node.namedChildren) {
        const partValue = shWord(part, expand);
        if (partValue === undefined) return undefined;
        value += partValue;
      }
      return value;
    }
    default:
      return expand(node, false);
  }
}
