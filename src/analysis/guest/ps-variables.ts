import type { Node, Tree } from 'web-tree-sitter';
import { FOREACH_NAMES, forEachArgumentBlocks, forEachBlocks } from './ps-foreach';
import { soleExpression, statementsRun, throwIsFinalIn } from './ps-syntax';

/**
 * What the variables of a PowerShell script stand for, read conservatively: a variable whose every assignment in the
 * script is the same plain literal (`$svc = 'WindowsAzureGuestAgent'`, `$svcs = 'A','B'`, `@('A','B')`) or the loop
 * variable of one `foreach ($s in 'A','B')` stands for its literal where an assignment before it, in its own or an
 * enclosing scope, gives it (through script blocks run in this session only; a job's block sees `$using:svc`). A
 * variable also written any other way (from a command, `+=`, a cast, a parameter, `++`, by name as in `Set-Variable
 * svc` or `-OutVariable svc`, in `iex` text) or an automatic one stands for nothing, nor does any variable of a script
 * that dot-sources another script (`. .\config.ps1`): the reader stays silent on them. An assignment may build its
 * literal from variables (`"$dir\GuestAgent"`, `$dir + '\GuestAgent'`, `'WindowsAzure' + 'GuestAgent'`) that stand for
 * literals there by the same rules; a part that does not leaves it standing for nothing. One that reads the variable it
 * assigns (`$a = "$a"`) reads the value before: that of the variable's other assignments. One built from a loop's
 * per-value variable (`$n = "$s"` in a foreach over literals: each item in turn, or this pass's in a body read once
 * per literal; `$svc = "$_"` in a ForEach-Object block read once per literal: this pass's) stands for it only where
 * the loop's body assigns it anew in every pass before the read (a statement of the body, not under an `if`; the read
 * in the same scope after it), since elsewhere it may still hold another pass's value. Statements that never run (after
 * an `exit` …, ps-syntax.ts) neither assign nor use a variable.
 */
export interface PsVariables {
  /**
   * What a `variable` node stands for where it is read (one value, or each item of an array), or undefined. `pass`:
   * the ForEach-Object blocks being read once per literal and this pass's literal, what `$_` stands for in them.
   */
  valueAt(variable: Node, pass?: Pass): PsValue | undefined;
  /** Whether a read inside a loop's body or a ForEach-Object block runs in every pass (no `if` … around it there, no `return` … before it). */
  everyPass(read: Node, loop: Node): boolean;
  /** Whether a variable (a `variable` node of the tree) is used anywhere other than as the target of a plain `=`. */
  isUsed(variable: Node): boolean;
}

/**
 * One pass of ForEach-Object blocks read once per literal: `$_` stands for `value` in them (one object per pass); or,
 * `foreach`, of a foreach statement's body (the one block) over literals: its variable stands for `value`, not `$_`.
 */
export interface Pass {
  blocks: readonly Node[];
  value: string;
  foreach: boolean;
}

/** A pass's blocks by id and by where each starts (a call may be given thousands, each read once per literal). */
interface PassIndex {
  byId: ReadonlyMap<number, Node>;
  starts: readonly number[];
  ends: readonly number[];
  byStart: readonly Node[];
}

/** Kept per blocks list: every pass over the same blocks shares it. */
const passIndexes = new WeakMap<readonly Node[], PassIndex>();

function passIndex(blocks: readonly Node[]): PassIndex {
  let index = passIndexes.get(blocks);
  if (!index) {
    const spans = blocks.map((block) => ({ block, start: block.startIndex, end: block.endIndex })).sort((a, b) => a.start - b.start);
    index = { byId: new Map(blocks.map((block) => [block.id, block])), starts: spans.map((s) => s.start), ends: spans.map((s) => s.end), byStart: spans.map((s) => s.block) };
    passIndexes.set(blocks, index);
  }
  return index;
}

/** The pass's block that is this node, if one is. */
export function passBlock(pass: Pass, node: Node): Node | undefined {
  return passIndex(pass.blocks).byId.get(node.id);
}

/** The pass's block around a node, found by one binary search (the blocks of one call do not nest in each other). */
export function passBlockAround(pass: Pass, node: Node): Node | undefined {
  const { starts, ends, byStart } = passIndex(pass.blocks);
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (starts[middle]! <= node.startIndex) low = middle + 1;
    else high = middle;
  }
  return low > 0 && node.endIndex <= ends[low - 1]! ? byStart[low - 1] : undefined;
}

/** A pass's literal as a value: a decimal number or a string. */
export function passLiteral(value: string, varies?: Node): PsValue {
  return withVaries({ items: [value], kind: /^\d+$/.test(value) ? 'number' : 'string' }, varies)!;
}

/** `$_`, `$PSItem`, `${_}`: the pipeline's current item. */
export function isTopic(variable: Node): boolean {
  return /^\$(?:_|psitem|\{_\}|\{psitem\})$/i.test(variable.text);
}

/**
 * A value the reader knows: a string, a decimal number, an array, or `each` (a foreach loop's variable: one of the
 * items in turn). What `+` makes of it depends on which.
 */
export interface PsValue {
  items: readonly string[];
  kind: 'string' | 'number' | 'array' | 'each';
  /**
   * The loop this value varies with, built from its per-value variable: a foreach loop's body (`"$s"`, each item in
   * turn) or a ForEach-Object block read once per literal (`"$_"`, this pass's). Read only where the loop assigns it
   * anew before, in the same pass (see psVariables).
   */
  varies?: Node;
}

/** The loop two parts of a value vary with: the one they share, or `false` when they vary with different ones. */
function variesWith(a: PsValue, b: PsValue): Node | undefined | false {
  if (!a.varies || !b.varies) return a.varies ?? b.varies;
  return a.varies.id === b.varies.id ? a.varies : false;
}

function withVaries(value: PsValue | undefined, varies: Node | undefined): PsValue | undefined {
  return value && varies ? { ...value, varies } : value;
}

interface Binding {
  /** The variable's name (its key in the table). */
  key: string;
  /** The assigned expression (the collection, for a foreach loop's variable). */
  expression: Node;
  loop: boolean;
  /** Its value once evaluated (null: it stands for nothing). */
  value?: PsValue | null;
  /** The binding is seen by reads inside this node and from `from` on (a character index). */
  visibleIn: Node;
  from: number;
  /** The statement list the assignment is a statement of (by id), not nested in an `if`, a loop or an expression. */
  statementOf: number | undefined;
}

interface Entry {
  bindings: Binding[];
  /** Written some other way than by a literal, or read by name: stands for nothing. */
  opaque: boolean;
  /** Occurs other than as the target of a plain `=`. */
  used: boolean;
}

/** The script blocks around a node, innermost first, and whether each runs in this session. */
interface Blocks {
  start: number;
  end: number;
  inSession: boolean;
  outer: Blocks | undefined;
}

interface Table {
  entries: Map<string, Entry>;
  /** The script blocks around each variable read (by node id). */
  blocksAround: Map<number, Blocks | undefined>;
  /** The scope (function, script block or root) of each variable read, by node ids. */
  scopeAround: Map<number, number>;
  /** The constructs around each variable (automatic ones too) that may skip it: `if`, `switch`, loops, `catch`, `-and`, `&&`. */
  conditionsAround: Map<number, Span | undefined>;
  /** Where each `return`, `continue`, `break`, `exit` and `throw` starts (character indexes, ascending), and its keyword. */
  exits: { at: number; keyword: string }[];
}

/** A construct's extent, and the one around it. */
interface Span {
  start: number;
  end: number;
  outer: Span | undefined;
}

/**
 * Constructs whose parts may not run every time the construct does: an `if` (unless its condition is `$true`: then only
 * its `elseif`/`else`), `switch`, loops (an empty collection), `catch` and `trap`, `-and`/`-or` (and `&&`/`||`, in the
 * walk over a pipeline's chains).
 */
const CONDITIONAL = new Set(['switch_statement', 'while_statement', 'do_statement', 'for_statement', 'foreach_statement', 'catch_clauses', 'trap_statement', 'elseif_clauses', 'else_clause']);

function isConditional(node: Node): boolean {
  if (CONDITIONAL.has(node.type)) return true;
  if (node.type === 'if_statement') return !/^\$true$/i.test(node.namedChildren.find((c) => c.type === 'pipeline')?.text.trim() ?? '');
  return node.type === 'logical_expression' && node.namedChildCount > 1;
}

/**
 * Where a node sits, handed down the tree in one pass (tree-sitter answers `parent` by walking down from the root, so
 * climbing from every variable would cost the depth squared on hostile nesting).
 */
interface Context {
  parent: Node | undefined;
  grandparentType: string | undefined;
  /** The nearest function, script block or class method around, or the root: where an assignment's variable lives. */
  scope: Node;
  blocks: Blocks | undefined;
  /** The assignment whose left side holds the node. */
  assignment: Node | undefined;
  /** The command whose argument holds the node (through array items only), and the parameter written before it. */
  argument: { command: Node; parameterBefore: string | undefined } | undefined;
  /** The name of the command around the node, within its statement (`param(…)` declares). */
  commandName: string | undefined;
  /** The statement list the node is a statement of (by id), or an assignment such a statement is (`$a = $b = …` too). */
  statementOf: number | undefined;
  /** The same for the assignment whose left side holds the node. */
  assignmentOf: number | undefined;
  /** The constructs around the node that may skip it (see isConditional), innermost first. */
  conditions: Span | undefined;
}

/** Set by PowerShell itself (or by the statements that use them), never the script's literal. */
const AUTOMATIC = new Set(
  ['_', 'psitem', 'args', 'input', 'this', 'matches', 'foreach', 'switch', 'lastexitcode', 'error', 'sender', 'event', 'eventargs', 'eventsubscriber', 'pscmdlet', 'myinvocation', 'psboundparameters', 'stacktrace', 'true', 'false', 'null', '?', '$', '^'],
);
/** Scope modifiers: `$script:svc` is svc. `using:` reads the caller's variable from a remote or job script block. */
const SCOPES = /^(script|global|local|private|using):/i;
/** Variables built from variables built from … deeper than this stand for nothing (hostile chains). */
const MAX_DERIVATION_DEPTH = 16;
/** Expressions nested deeper than this (`'a' + 'b' + …`, `((…))`) are not evaluated (bounded recursion). */
const MAX_EXPRESSION_DEPTH = 64;
/** A string built longer, or an array with more items or characters, stands for nothing (hostile doubling). */
const MAX_VALUE_LENGTH = 4096;
const MAX_ARRAY_ITEMS = 256;
const MAX_ARRAY_LENGTH = 16 * 1024;
/** Where a climb from a variable to its assignment stops: the variable is not assigned there. */
const STATEMENT_BOUNDARIES = new Set(['assignment_expression', 'pipeline', 'command', 'statement_list']);

const tables = new WeakMap<Tree, Table>();
/** The bindings' values in one pass of ForEach-Object blocks (those built from `$_` differ from pass to pass). */
const passValues = new WeakMap<Pass, Map<Binding, PsValue | null>>();

export function psVariables(tree: Tree): PsVariables {
  let table = tables.get(tree);
  if (!table) {
    table = buildTable(tree.rootNode);
    tables.set(tree, table);
  }
  const { entries, blocksAround, scopeAround, conditionsAround, exits } = table;
  // Per loop (by id): where its first exit is, and whether it holds one that may end the passes after it.
  const loopExits = new Map<number, { first: number; ends: boolean }>();
  /**
   * Whether a read inside a loop's body (or a ForEach-Object block) runs in every pass: no `if`, `switch`, inner loop …
   * around it there (they may test the pass's value), no `return`, `continue`, `break` … before it in the body, and none
   * after it that may end the loop (anything but `continue` in a foreach's body, `return` in a ForEach-Object block).
   */
  const everyPass = (read: Node, loop: Node): boolean => {
    for (let span = conditionsAround.get(read.id); span && span.start >= loop.startIndex; span = span.outer) if (span.end <= loop.endIndex) return false;
    let known = loopExits.get(loop.id);
    if (!known) {
      // The first exit at or after the loop's start (binary search: `exits` ascends), then those inside the loop.
      let low = 0;
      let high = exits.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (exits[middle]!.at < loop.startIndex) low = middle + 1;
        else high = middle;
      }
      const harmless = loop.type === 'script_block_expression' ? 'return' : 'continue';
      let ends = false;
      for (let i = low; i < exits.length && exits[i]!.at < loop.endIndex && !ends; i++) ends = exits[i]!.keyword !== harmless;
      known = { first: low < exits.length && exits[low]!.at < loop.endIndex ? exits[low]!.at : Infinity, ends };
      loopExits.set(loop.id, known);
    }
    return !known.ends && known.first > read.startIndex;
  };
  // Bindings being evaluated: one met again through another variable (`$a = "$b"; $b = "$a"`) stands for nothing.
  const evaluating = new Set<Binding>();
  const bindingValue = (binding: Binding, depth: number, pass: Pass | undefined): PsValue | undefined => {
    const passLoop = pass?.foreach ? pass.blocks[0]! : undefined;
    // The variable of the foreach whose body is read once per item: this pass's item.
    if (binding.loop && binding.visibleIn.id === passLoop?.id) return passLiteral(pass!.value, passLoop);
    // A value known without the pass does not read `$_` (nothing resolves it outside a pass), nor the variable of the
    // foreach the pass is of (it is each item then): the same in every pass.
    if (binding.value && (!passLoop || binding.value.varies?.id !== passLoop.id)) return binding.value;
    const inPass = pass && (passValues.get(pass) ?? passValues.set(pass, new Map()).get(pass)!);
    const known = inPass ? inPass.get(binding) : binding.value;
    if (known !== undefined) return known ?? undefined;
    if (evaluating.has(binding) || depth > MAX_DERIVATION_DEPTH) return undefined;
    evaluating.add(binding);
    const value = psValue(binding.expression, (inner) => (isTopic(inner) ? passItem(binding, pass) : valueAt(inner, depth + 1, binding, pass)));
    evaluating.delete(binding);
    const result = value && binding.loop ? { items: value.items, kind: 'each' as const, varies: binding.visibleIn } : (value ?? null);
    if (inPass) inPass.set(binding, result);
    else binding.value = result;
    return result ?? undefined;
  };
  /** `$_` in an assignment: the pass's literal when the assignment is in one of the pass's blocks, not nested deeper. */
  const passItem = (binding: Binding, pass: Pass | undefined): PsValue | undefined => {
    const block = pass && !pass.foreach ? passBlock(pass, binding.visibleIn) : undefined;
    return block && passLiteral(pass!.value, block);
  };
  const statementLists = new Map<number, number | undefined>();
  /**
   * Whether a value built from a loop's per-value variable (`$n = "$s"`, `$svc = "$_"`) is the current pass's where it
   * is read: the assignment is a statement of the loop's own body (not under an `if`, which may skip it and leave the
   * last pass's), and the read comes after it in that body, in the same scope (not in a function or script block,
   * which may run later).
   */
  const readInPass = (binding: Binding, loop: Node, read: Node): boolean => {
    if (binding.statementOf === undefined || binding.from > read.startIndex || !encloses(loop, read) || scopeAround.get(read.id) !== binding.visibleIn.id || !everyPass(read, loop)) return false;
    let list = statementLists.get(loop.id);
    if (!statementLists.has(loop.id)) {
      const body = loop.type === 'script_block_expression' ? loop.namedChildren.find((c) => c.type === 'script_block')?.namedChildren.find((c) => c.type === 'script_block_body') : loop;
      list = body?.namedChildren.find((c) => c.type === 'statement_list')?.id;
      statementLists.set(loop.id, list);
    }
    return list !== undefined && binding.statementOf === list;
  };
  /**
   * `within`: the binding whose expression holds the read, if any. A read inside one of its own variable's assignments
   * (`$a = "$a"`, `$a = $a`) reads the value before it: that of the variable's other assignments, which must agree as
   * anywhere; those being evaluated around it are left out too (`$a = "$a"` twice), as each is checked against the
   * others where the variable is read outside its own assignments.
   */
  const valueAt = (variable: Node, depth: number, within?: Binding, pass?: Pass): PsValue | undefined => {
    const name = nameOf(variable);
    const entry = name && !name.scoped ? entries.get(name.key) : undefined;
    if (!name || !entry || entry.opaque || entry.bindings.length === 0 || !blocksAround.has(variable.id)) return undefined;
    const own = within?.key === name.key;
    const counted = (b: Binding) => !own || (b !== within && !evaluating.has(b));
    const blocks = blocksAround.get(variable.id);
    const visible = entry.bindings.some((b) => counted(b) && b.from <= variable.startIndex && encloses(b.visibleIn, variable) && (name.using || seesScope(blocks, b.visibleIn)));
    if (!visible) return undefined;
    let first: PsValue | undefined;
    // A value that varies with a loop (one loop) is read only where an assignment (or the loop itself) gives it in this pass.
    let varies: Node | undefined;
    let givenInPass = false;
    for (const binding of entry.bindings) {
      if (!counted(binding)) continue;
      const value = bindingValue(binding, depth, pass);
      if (!value) return undefined;
      if (value.varies) {
        if (varies && varies.id !== value.varies.id) return undefined;
        varies = value.varies;
        givenInPass ||= binding.loop ? encloses(binding.visibleIn, variable) && everyPass(variable, binding.visibleIn) : readInPass(binding, value.varies, variable);
      }
      first ??= value;
      if (value.kind !== first.kind || value.items.length !== first.items.length || value.items.some((v, i) => v !== first!.items[i])) return undefined;
    }
    return varies && !givenInPass ? undefined : first;
  };
  return {
    valueAt: (variable, pass) => valueAt(variable, 0, undefined, pass),
    everyPass,
    isUsed(variable) {
      const name = nameOf(variable);
      return !name || (entries.get(name.key)?.used ?? true);
    },
  };
}

/**
 * A variable's name, lower case, `${…}` braces and scope modifiers removed; `scoped`: written with a modifier other
 * than `using:`; `using`: `$using:name`, the caller's variable read from a job or remote block.
 */
function nameOf(variable: Node): { key: string; scoped: boolean; using: boolean } | undefined {
  const text = variable.text.replace(/^\$\{(.*)\}$/s, '$$$1');
  if (!text.startsWith('$')) return undefined;
  const bare = text.slice(1);
  const scope = SCOPES.exec(bare)?.[1]?.toLowerCase();
  const key = bare.replace(SCOPES, '').toLowerCase();
  // `$env:PATH`, `$function:f`: a drive, not a variable of the script.
  if (key.includes(':') || key === '' || AUTOMATIC.has(key)) return undefined;
  return { key, scoped: scope !== undefined && scope !== 'using', using: scope === 'using' };
}

function buildTable(root: Node): Table {
  const entries = new Map<string, Entry>();
  const blocksAround = new Map<number, Blocks | undefined>();
  const scopeAround = new Map<number, number>();
  const conditionsAround = new Map<number, Span | undefined>();
  const exits: { at: number; keyword: string }[] = [];
  // No `$`, no variable: nothing to resolve nor to use.
  const source = root.text;
  if (!source.includes('$')) return { entries, blocksAround, scopeAround, conditionsAround, exits };
  const entry = (key: string) => {
    let e = entries.get(key);
    if (!e) entries.set(key, (e = { bindings: [], opaque: false, used: false }));
    return e;
  };
  // Words handed to commands: one may name a variable (`Get-Variable b`), so a block stored under that name counts as used.
  const words = new Set<string>();
  // Words in the places that name a variable to write: `Set-Variable svc`, `-OutVariable +svc`, `-SessionVariable s`.
  const named = new Set<string>();
  // `Set-Variable -Name $n …`: a variable written under a name not known here; none stands for a literal.
  let unknownWrite = false;
  // The blocks of ForEach-Object calls that run in a runspace of their own (`-Parallel`), or may (a call not understood).
  const apart = new Set<number>();
  // Statements after an `exit` (a `return` …) never run: they neither assign nor use a variable.
  const throwIsFinal = throwIsFinalIn(source);
  const start: Context = {
    parent: undefined,
    grandparentType: undefined,
    scope: root,
    blocks: undefined,
    assignment: undefined,
    argument: undefined,
    commandName: undefined,
    statementOf: undefined,
    assignmentOf: undefined,
    conditions: undefined,
  };
  const stack: [Node, Context][] = [[root, start]];
  while (stack.length > 0) {
    const [node, ctx] = stack.pop()!;
    const type = node.type;
    if (type === 'comment') continue;
    if (type === 'variable') {
      conditionsAround.set(node.id, ctx.conditions);
      const name = nameOf(node);
      if (name) {
        classify(node, name.key, entry(name.key), ctx);
        blocksAround.set(node.id, ctx.blocks);
        scopeAround.set(node.id, ctx.scope.id);
      }
      continue;
    }
    let commandName = ctx.commandName;
    if (type === 'command') {
      commandName = node.namedChildren.find((c) => c.type === 'command_name')?.text ?? '';
      // `iex '$svc = "Spooler"'`: the text it runs may assign any variable it mentions.
      if (/^(invoke-expression|iex)$/i.test(commandName)) for (const match of node.text.matchAll(/\$\{?(?:(?:script|global|local|private):)?(\w+)/gi)) named.add(match[1]!.toLowerCase());
      if (VARIABLE_CMDLETS.test(commandName) && !/^(get-variable|gv)$/i.test(commandName)) unknownWrite ||= !hasLiteralName(node);
      // `. .\config.ps1`: a script dot-sourced into this scope may assign any variable.
      unknownWrite ||= isDotSourcedScript(node);
      // A ForEach-Object: by its name, or a `foreach_command` (`% { … }`, no command_name).
      const foreach = commandName === '' || FOREACH_NAMES.test(commandName) ? forEachBlocks(node) : undefined;
      if (foreach === 'unknown') for (const block of forEachArgumentBlocks(node)) apart.add(block.id);
      else if (foreach?.parallel) apart.add(foreach.parallel.id);
    } else if (type === 'statement_list') commandName = undefined;
    if ((type === 'generic_token' || type === 'string_literal') && ctx.argument) {
      const word = unquote(node.text).replace(/^\+/, '').toLowerCase();
      words.add(word);
      if (namesVariable(ctx.argument)) named.add(word);
    }
    const scope = type === 'function_statement' || type === 'script_block_expression' || type === 'class_method_definition' ? node : ctx.scope;
    if (type === 'flow_control_statement') exits.push({ at: node.startIndex, keyword: /^\w+/.exec(node.text)?.[0]?.toLowerCase() ?? '' });
    const conditions = isConditional(node) ? { start: node.startIndex, end: node.endIndex, outer: ctx.conditions } : ctx.conditions;
    const blocks = type === 'script_block_expression' ? { start: node.startIndex, end: node.endIndex, inSession: !apart.has(node.id) && runsInSession(ctx), outer: ctx.blocks } : ctx.blocks;
    const assignment = type === 'left_assignment_expression' ? (ctx.parent?.type === 'assignment_expression' ? ctx.parent : undefined) : STATEMENT_BOUNDARIES.has(type) ? undefined : ctx.assignment;
    const assignmentOf = type === 'left_assignment_expression' ? (assignment ? ctx.statementOf : undefined) : assignment ? ctx.assignmentOf : undefined;
    const inherited = type === 'unary_expression' || type === 'array_literal_expression' ? ctx.argument : undefined;
    let parameterBefore: string | undefined;
    // `a && b`, `a || b`: what follows the operator runs depending on what precedes it.
    let chained = false;
    const children: [Node, Context][] = [];
    for (const child of type === 'statement_list' ? statementsRun(node, throwIsFinal) : node.namedChildren) {
      if (type === 'pipeline' && child.type === 'pipeline_chain_tail') chained = true;
      const childConditions = chained && child.type === 'pipeline_chain' ? { start: child.startIndex, end: child.endIndex, outer: conditions } : conditions;
      if (type === 'command_elements' && child.type === 'command_argument_sep') continue;
      const argument = type === 'command_elements' && ctx.parent ? { command: ctx.parent, parameterBefore } : inherited;
      if (type === 'command_elements') parameterBefore = child.type === 'command_parameter' ? child.text : undefined;
      const statementOf = type === 'statement_list' ? node.id : (type === 'pipeline' && child.type === 'assignment_expression') || type === 'assignment_expression' ? ctx.statementOf : undefined;
      children.push([child, { parent: node, grandparentType: ctx.parent?.type, scope, blocks, assignment, argument, commandName, statementOf, assignmentOf, conditions: childConditions }]);
    }
    // Reversed onto the stack: the nodes are visited in text order.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  for (const word of words) {
    const e = entries.get(word);
    if (e) e.used = true;
  }
  for (const [word, e] of entries) if (unknownWrite || named.has(word)) e.opaque = true;
  return { entries, blocksAround, scopeAround, conditionsAround, exits };
}

/** Records what one occurrence of a variable does: binds it to a literal, writes it otherwise, or reads it. */
function classify(variable: Node, key: string, entry: Entry, ctx: Context): void {
  const assignment = ctx.assignment;
  if (assignment) {
    const operator = assignment.namedChildren.find((c) => c.type === 'assignement_operator')?.text;
    const left = assignment.namedChildren.find((c) => c.type === 'left_assignment_expression');
    const value = assignment.namedChildren.find((c) => c.type !== 'left_assignment_expression' && c.type !== 'assignement_operator' && c.type !== 'comment');
    const plain = operator === '=' && left?.text.trim() === variable.text && !nameOf(variable)!.scoped;
    // Evaluated when a read needs it: it may read variables assigned anywhere in the script.
    if (plain && value) entry.bindings.push({ key, expression: value, loop: false, visibleIn: ctx.scope, from: assignment.endIndex, statementOf: ctx.assignmentOf });
    else entry.opaque = true;
    // `$b = { … }` only stores the block; `$b += …`, `$b.x = …` and `$a, $b = …` read it too.
    if (!plain) entry.used = true;
    return;
  }
  entry.used = true;
  const parent = ctx.parent;
  if (parent?.type === 'foreach_statement' && parent.namedChildren[0]?.id === variable.id) {
    const collection = parent.namedChildren.find((c) => c.type === 'pipeline');
    const body = parent.namedChildren.find((c) => c.type === 'statement_block');
    if (collection && body) entry.bindings.push({ key, expression: collection, loop: true, visibleIn: body, from: body.startIndex, statementOf: undefined });
    else entry.opaque = true;
    return;
  }
  if (isWritten(ctx)) entry.opaque = true;
}

/** Written by something other than an assignment: a parameter, `++`/`--`, `[ref]` (any cast), a top-level `param(…)`. */
function isWritten(ctx: Context): boolean {
  const parentType = ctx.parent?.type ?? '';
  if (parentType === 'script_parameter' || parentType === 'class_method_parameter' || /increment|decrement/.test(parentType)) return true;
  if (parentType === 'unary_expression' && ctx.grandparentType === 'cast_expression') return true;
  return /^param$/i.test(ctx.commandName ?? '');
}

/**
 * Whether a script block runs in this session, from where it sits: `& { … }`, `. { … }`, `ForEach-Object { … }`, or
 * an argument of Where-Object or a local Invoke-Command. A job's block runs in another process, a `-Parallel` block in
 * a runspace of its own (the caller sets `apart`), and a block stored in a variable or given to another command may
 * run anywhere.
 */
function runsInSession(ctx: Context): boolean {
  const holder = ctx.parent?.type;
  if (holder === 'command_name_expr' || holder === 'foreach_command') return true;
  return ctx.argument !== undefined && blockRunner(ctx.argument.command) === 'session';
}

/** Whether a read sees the variables of an enclosing scope: every script block between them runs in this session. */
function seesScope(blocks: Blocks | undefined, scope: Node): boolean {
  for (let block = blocks; block && block.start >= scope.startIndex && block.end <= scope.endIndex; block = block.outer) {
    if (block.start === scope.startIndex && block.end === scope.endIndex && scope.type === 'script_block_expression') break;
    if (!block.inSession) return false;
  }
  return true;
}

/** Cmdlets that run the script blocks they are given in the VM: in this session, or as a job (another process). */
const BLOCK_RUNNERS = new Map<string, 'session' | 'job'>([
  ...['foreach-object', 'foreach', '%', 'where-object', 'where', '?', 'invoke-command', 'icm'].map((name) => [name, 'session'] as const),
  ...['start-job', 'sajb', 'start-threadjob'].map((name) => [name, 'job'] as const),
]);
/** `Invoke-Command` parameters that send the block to another computer, VM or container (`cn` an alias). */
const REMOTE = ['computername', 'session', 'vmname', 'vmid', 'vmguid', 'containerid', 'hostname', 'connectionuri', 'uri', 'sshconnection'];

/**
 * Whether a command runs the script blocks it is given in the VM, and where. `Invoke-Command -ComputerName x` (or an
 * abbreviation, `-Comp x`) does not; nor does a command splatting its parameters (`@params` may name a computer).
 */
export function blockRunner(command: Node): 'session' | 'job' | undefined {
  const runner = BLOCK_RUNNERS.get(command.namedChildren.find((c) => c.type === 'command_name')?.text.toLowerCase() ?? '');
  if (!runner) return undefined;
  const elements = command.namedChildren.find((c) => c.type === 'command_elements')?.namedChildren ?? [];
  const remote = elements.some((e) => {
    if (e.type !== 'command_parameter') return /^@/.test(e.text);
    const parameter = e.text.replace(/^-|:$/g, '').toLowerCase();
    return parameter === 'cn' || (parameter.length >= 2 && REMOTE.some((name) => name.startsWith(parameter)));
  });
  return remote ? undefined : runner;
}

/** The cmdlets that take variable names (`Set-Variable svc x`, `sv`, `New-Variable`, `Clear-Variable` …) and their aliases. */
const VARIABLE_CMDLETS = /^(set|new|get|clear|remove)-variable$|^(sv|set|nv|gv|clv|rv)$/i;
/** Parameters whose value names a variable: `-OutVariable`, `-ErrorVariable`, `-SessionVariable`, `-Variable` … and the common short forms. */
const VARIABLE_PARAMETER = /^-(\w*variable|ov|ev|wv|iv|pv)$/i;

/** Whether a `Set-Variable` (`New-`, `Clear-`, `Remove-`) names its variable by a literal: `-Name svc`, or `svc` first. */
function hasLiteralName(command: Node): boolean {
  const elements = (command.namedChildren.find((c) => c.type === 'command_elements')?.namedChildren ?? []).filter((e) => e.type !== 'command_argument_sep' && e.type !== 'comment');
  let name: Node | undefined;
  for (let i = 0; i < elements.length && !name; i++) {
    const element = elements[i]!;
    if (element.type !== 'command_parameter') name = element;
    else if (/^-name:?$/i.test(element.text)) name = elements[i + 1];
    else if (!/^-(force|passthru|whatif|confirm)$/i.test(element.text)) i++;
  }
  return !name || name.type === 'generic_token' || literalValues(name) !== undefined;
}

/** `. .\config.ps1`, `. $path`: a script run in the caller's scope (`. { … }`, a block written here, is read as such). */
function isDotSourcedScript(command: Node): boolean {
  if (command.namedChildren[0]?.type !== 'command_invokation_operator' || command.namedChildren[0].text !== '.') return false;
  const called = command.namedChildren.find((c) => c.type === 'command_name_expr');
  return called?.namedChildren[0]?.type !== 'script_block_expression';
}

/** Whether a command argument may name a variable the command writes. */
function namesVariable(argument: { command: Node; parameterBefore: string | undefined }): boolean {
  if (VARIABLE_CMDLETS.test(argument.command.namedChildren.find((c) => c.type === 'command_name')?.text ?? '')) return true;
  return argument.parameterBefore !== undefined && VARIABLE_PARAMETER.test(argument.parameterBefore.replace(/:$/, ''));
}

function encloses(outer: Node, inner: Node): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

/** Resolves a variable read to what it stands for; given to `literalValues`, it also expands `"…$svc…"`. */
export type Resolve = (variable: Node) => PsValue | undefined;

/**
 * The values of an expression that is nothing but literals: a string without expansions (`'x'`, `"x"`, a here-string),
 * a decimal integer, an array of them (`'A','B'`, `@('A'; 'B')`), a string joined with `+` to others (`'A' + 'B'`);
 * with `resolve`, also variables and strings expanding them (`$svc`, `"$svc"`) that resolve. Anything else (a
 * command, arithmetic, a sub-expression, a member): undefined.
 */
export function literalValues(expression: Node, resolve?: Resolve): readonly string[] | undefined {
  const value = psValue(expression, resolve);
  return value && value.items.length > 0 ? value.items : undefined;
}

/** What an expression of literals stands for (see literalValues), with its kind; undefined for anything else. */
export function psValue(expression: Node, resolve?: Resolve, depth = 0): PsValue | undefined {
  if (depth > MAX_EXPRESSION_DEPTH) return undefined;
  const node = soleExpression(expression, 'array_literal_expression');
  if (node.type === 'additive_expression') return sum(node, resolve, depth);
  if (node.type !== 'array_literal_expression') return undefined;
  const items = node.namedChildren.filter((c) => c.type !== 'comment');
  if (items.length === 1) return itemValue(items[0]!, resolve, depth);
  // `'A', $b`: each item one value (an array item would nest an array in the array).
  const values: string[] = [];
  let varies: Node | undefined;
  for (const item of items) {
    const value = itemValue(item, resolve, depth);
    if (!value || value.items.length !== 1 || value.kind === 'array') return undefined;
    const shared = variesWith(value, { items: [], kind: 'array', varies });
    if (shared === false) return undefined;
    varies = shared;
    values.push(value.items[0]!);
  }
  return values.length > 0 ? withVaries({ items: values, kind: 'array' }, varies) : undefined;
}

function itemValue(item: Node, resolve: Resolve | undefined, depth: number): PsValue | undefined {
  const sole = item.type === 'unary_expression' && item.namedChildCount === 1 ? item.namedChildren[0]! : undefined;
  if (!sole) return undefined;
  if (sole.type === 'variable') return resolve?.(sole);
  if (sole.type === 'array_expression') return arrayExpression(sole, resolve, depth + 1);
  if (sole.type === 'parenthesized_expression') return sole.namedChildCount === 1 ? psValue(sole.namedChildren[0]!, resolve, depth + 1) : undefined;
  return literalValue(sole, resolve);
}

/** `@('A', 'B')`, `@('A'; 'B')`: the items its statements give, each a literal or an array of them. */
function arrayExpression(node: Node, resolve: Resolve | undefined, depth: number): PsValue | undefined {
  const statements = node.namedChildren.find((c) => c.type === 'statement_list')?.namedChildren.filter((c) => c.type !== 'empty_statement' && c.type !== 'comment');
  if (!statements || statements.length === 0 || node.namedChildCount !== 1) return undefined;
  const items: string[] = [];
  let varies: Node | undefined;
  for (const statement of statements) {
    const value = statement.type === 'pipeline' ? psValue(statement, resolve, depth + 1) : undefined;
    // `@($s)` is the current item only, not each in turn.
    if (!value || value.kind === 'each') return undefined;
    const shared = variesWith(value, { items: [], kind: 'array', varies });
    if (shared === false) return undefined;
    varies = shared;
    items.push(...value.items);
  }
  return withVaries(bounded({ items, kind: 'array' }), varies);
}

/**
 * `'A' + 'B'`, `$dir + '\GuestAgent'`: a string joined to scalars, or to a loop's variable (`'svc-' + $s`, each item in
 * turn); arrays joined to arrays or scalars. Numbers add, and a loop's variable on the left may be one: undefined.
 */
function sum(node: Node, resolve: Resolve | undefined, depth: number): PsValue | undefined {
  const operands = node.namedChildren.filter((c) => c.type !== 'comment');
  const operator = node.children.filter((c) => !c.isNamed && c.type !== 'comment');
  if (operands.length !== 2 || operator.length !== 1 || operator[0]!.text !== '+') return undefined;
  const left = psValue(operands[0]!, resolve, depth + 1);
  const right = left && psValue(operands[1]!, resolve, depth + 1);
  const varies = left && right ? variesWith(left, right) : false;
  if (!left || !right || varies === false) return undefined;
  if (left.kind === 'string' && right.kind === 'each') return withVaries(bounded({ items: right.items.map((item) => left.items[0]! + item), kind: 'each' }), varies);
  if (right.kind === 'each') return undefined;
  if (left.kind === 'string' && right.kind !== 'array') return withVaries(bounded({ items: [left.items[0]! + right.items[0]!], kind: 'string' }), varies);
  if (left.kind === 'array') return withVaries(bounded({ items: [...left.items, ...right.items], kind: 'array' }), varies);
  return undefined;
}

function bounded(value: PsValue): PsValue | undefined {
  if (value.kind === 'string') return value.items[0]!.length <= MAX_VALUE_LENGTH ? value : undefined;
  return value.items.length <= MAX_ARRAY_ITEMS && value.items.reduce((n, item) => n + item.length, 0) <= MAX_ARRAY_LENGTH ? value : undefined;
}

function literalValue(node: Node, resolve: Resolve | undefined): PsValue | undefined {
  if (node.type === 'integer_literal') return node.namedChildren[0]?.type === 'decimal_integer_literal' ? { items: [node.text], kind: 'number' } : undefined;
  const inner = node.type === 'string_literal' && node.namedChildCount === 1 ? node.namedChildren[0]! : undefined;
  if (!inner) return undefined;
  if (inner.namedChildCount === 0) return { items: [unquote(node.text)], kind: 'string' };
  if (inner.type !== 'expandable_string_literal' || !resolve) return undefined;
  // `"…$svc…"`: each variable in it must resolve to one value (an array would be joined with spaces), or one of them
  // to a loop's variable (`"svc-$s"`: each item in turn).
  const text = inner.text;
  let value = '';
  let each: PsValue | undefined;
  let eachAt = 0;
  let varies: Node | undefined;
  let at = 1;
  for (const variable of inner.namedChildren) {
    const part = variable.type === 'variable' ? resolve(variable) : undefined;
    const shared = part && variesWith(part, { items: [], kind: 'string', varies });
    if (!part || shared === false || (part.kind === 'each' ? each !== undefined : part.items.length !== 1)) return undefined;
    varies = shared;
    value += unescapeExpandable(text.slice(at, variable.startIndex - inner.startIndex));
    if (part.kind === 'each') {
      each = part;
      eachAt = value.length;
    } else value += part.items[0];
    at = variable.endIndex - inner.startIndex;
    if (value.length > MAX_VALUE_LENGTH) return undefined;
  }
  value += unescapeExpandable(text.slice(at, -1));
  if (each) return withVaries(bounded({ items: each.items.map((item) => value.slice(0, eachAt) + item + value.slice(eachAt)), kind: 'each' }), varies);
  return withVaries(bounded({ items: [value], kind: 'string' }), varies);
}

/** A PowerShell string's value: quotes removed (`'…'`, `"…"`, here-strings), `''` and backtick escapes resolved. */
export function unquote(text: string): string {
  const hereString = /^@(["'])\r?\n([\s\S]*)\r?\n\1@$/.exec(text);
  if (hereString) return hereString[2]!;
  if (text.length >= 2 && ((text.startsWith('"') && text.endsWith('"')) || (text.startsWith("'") && text.endsWith("'")))) {
    return text.startsWith("'") ? text.slice(1, -1).replace(/''/g, "'") : unescapeExpandable(text.slice(1, -1));
  }
  return text;
}

export function unescapeExpandable(text: string): string {
  return text.replace(/`(.)/g, '$1');
}
