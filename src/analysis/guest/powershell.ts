import type { Node, Tree } from 'web-tree-sitter';
import type { Command, CommandSite } from './command';
import { lineIn, type ReadContext, type Span } from './context';
import { isFunctionUsed } from './functions';
import { FOREACH_NAMES, forEachBlocks, onlyForEachParameterErrors } from './ps-foreach';
import { respelledExactly, respellForEachCalls, type ForEachRespelling } from './ps-foreach-respell';
import { soleExpression, statementsRun, throwIsFinalIn } from './ps-syntax';
import { blockRunner, isTopic, literalValues, passBlock, passBlockAround, passLiteral, psValue, psVariables, unquote, type Pass, type PsValue, type PsVariables, type Resolve } from './ps-variables';
import { readSyntaxTree } from './syntax-errors';
import { interpretWindowsCommand, type Nested } from './windows';

/**
 * Reads a PowerShell script with the PowerShell grammar: each `command` node (cmdlets and native commands alike)
 * is interpreted from its name and arguments; `Get-Service x | Stop-Service` passes the service along the
 * pipeline; `$adapter.EnableStatic(…)` is a method call on a WMI adapter. Comments and strings are never read.
 * A variable given one literal (`$svc = 'WindowsAzureGuestAgent'`) is read as that literal (ps-variables.ts). Script
 * blocks are read where they run: `& { … }`, `ForEach-Object { … }`, a local `Invoke-Command { … }` …; one stored in
 * a variable (`$b = { … }`) only when the script uses the variable, like a function. A `ForEach-Object` block fed
 * by a pipeline of literals (`'WindowsAzureGuestAgent', 'RdAgent' | % { Stop-Service $_ }`) is read once per
 * literal, `$_` (`$PSItem`) standing for it; so are its `-Process` and `-Parallel` blocks, its `-Begin` and `-End`
 * blocks once (ps-foreach.ts). So is a `foreach` statement's body over a list of literals, its variable standing for
 * each. What follows an `exit` (or `[Environment]::Exit(…)`), `return`, `throw`, `break` or `continue` in the same
 * statement list never runs and is not read.
 */
export function readPowerShell(ctx: ReadContext, text: string, span: Span, actor: string, nested: Nested): void {
  // `% -Process { … }`: the grammar's errors for ForEach-Object's parameter names are read as them (ps-foreach.ts).
  // Answers kept by node id, one map per tree (the text's and its copy's).
  const understood = new WeakMap<Tree, Map<number, boolean>>();
  const understoodIn = (root: Node) => understood.get(root.tree) ?? understood.set(root.tree, new Map()).get(root.tree)!;
  // `… | ForEach-Object -Parallel { … } -ThrottleLimit 5`, `-Process {a}, {b} -End {c}`: read from a copy where
  // ForEach-Object parses as a plain command.
  let respelling: ForEachRespelling | undefined;
  readSyntaxTree(
    ctx,
    ctx.parsers.powershell,
    'PowerShell',
    text,
    span,
    (root) =>
      walk(root, { site: { ctx, span, depth: 0, actor }, nested, topic: undefined, unrolled: 0, unrollBudget: { left: UNROLL_BUDGET }, understood: understoodIn(root), throwIsFinal: throwIsFinalIn(text) }),
    (root) => onlyForEachParameterErrors(root, understoodIn(root)),
    { copy: (root) => (respelling = respellForEachCalls(root, text))?.copy, exact: (root) => respelledExactly(root, respelling!, understoodIn(root)) },
  );
}

/** One reading of a script: where its commands go, and what `$_` stands for in this pass. */
interface Reading {
  site: CommandSite;
  nested: Nested;
  /**
   * The ForEach-Object blocks being read once per piped literal, and this pass's literal: what `$_` stands for in them;
   * or the foreach statement's body so read, and what its variable stands for.
   */
  topic: Pass | undefined;
  /** ForEach-Object blocks or foreach bodies being read once per literal around (each level multiplies the reading). */
  unrolled: number;
  /** Characters of blocks the reading may still read again (hostile input: bounded). */
  unrollBudget: { left: number };
  /** Whether a pipeline chain's syntax errors are only ForEach-Object parameter names (by node id). */
  understood: Map<number, boolean>;
  /** `throw` ends its statement list: not in a script that may go on after it (ps-syntax.ts). */
  throwIsFinal: boolean;
}

/**
 * A ForEach-Object fed more literals (a foreach statement over more), or nested deeper, is read once: `$_` unresolved,
 * a foreach's variable all its items at once.
 */
const MAX_TOPIC_VALUES = 16;
const MAX_UNROLLED_BLOCKS = 2;
/** Characters of ForEach-Object blocks and foreach bodies read again, in all, per script. */
const UNROLL_BUDGET = 256 * 1024;
/**
 * Where `$_` stands for something else than the ForEach-Object item around: another script block (Where-Object's,
 * a function's, `& { … }`), a switch clause, a catch or trap block; a foreach loop's and a class's, to be safe.
 */
const TOPIC_SCOPES = new Set(['script_block_expression', 'function_statement', 'switch_statement', 'catch_clause', 'trap_statement', 'foreach_statement', 'class_statement']);
/** A block that may write `$_` itself: an assignment to it, `[ref]`, a variable cmdlet, `iex`, dot-sourcing. */
const REBINDS_TOPIC = /\$\{?(?:_|psitem)\}?\s*(?:[-+*/%]?=|\+\+|--)|\[ref\]|\b(?:set-variable|new-variable|sv|nv|iex|invoke-expression)\b|(?:^|[\s;{(|&])\.\s+[^\s{]/im;

function walk(node: Node, r: Reading): void {
  if (node.isError || node.type === 'comment') return;
  if (r.topic && TOPIC_SCOPES.has(node.type) && !passBlock(r.topic, node)) r = { ...r, topic: undefined };
  const { site, nested } = r;
  if (node.type === 'function_statement') {
    const name = node.namedChildren.find((c) => c.type === 'function_name');
    if (name && !isFunctionUsed(name, true, (n) => childrenRun(n, r))) return;
  }
  if (node.type === 'assignment_expression' && isStoredBlockUnused(node)) return;
  if (node.type === 'foreach_statement' && !node.hasError) {
    // `foreach ($s in 'A', 'B') { … }`: the body read once per literal, `$s` standing for it.
    const body = node.namedChildren.find((c) => c.type === 'statement_block');
    const collection = node.namedChildren.find((c) => c.type === 'pipeline');
    const variables = psVariables(node.tree);
    const value = collection && psValue(collection, (variable) => valueIn(variable, r, variables));
    if (body && value && value.items.length > 0 && value.kind !== 'each' && !value.varies) {
      readPerItem([body], value.items, r, true);
      return;
    }
  }
  if (node.type === 'pipeline_chain' && onlyForEachParameterErrors(node, r.understood)) {
    const variables = psVariables(node.tree);
    // The variables of the chain read as literals, for the sentence: `$svc = 'WindowsAzureGuestAgent'`.
    const given = new Map<string, readonly string[]>();
    const resolve = (variable: Node) => {
      const value = valueIn(variable, r, variables);
      if (value) given.set(variable.text, value.items);
      return value;
    };
    let piped: readonly string[] = [];
    // Whether `piped` are the literals of an expression stage (not what Get-Service gives).
    let literal = false;
    for (const stage of node.namedChildren) {
      // `& { … }` and `. { … }` run a script block: its commands are read as the text's own.
      const block = stage.type === 'command' ? stage.namedChildren.find((c) => c.type === 'command_name_expr')?.namedChildren.find((c) => c.type === 'script_block_expression') : undefined;
      if (stage.type !== 'command' || block) {
        walk(block ?? stage, r);
        // `'WindowsAzureGuestAgent' | Stop-Service`, `$svcs | Stop-Service`: literals fed to the next stage.
        piped = (!block && literalValues(stage, resolve)) || [];
        literal = piped.length > 0;
        continue;
      }
      const command = commandOf(stage, resolve);
      // A stage fed by the pipeline is quoted with the whole chain: `Get-Service x | Stop-Service`.
      if (piped.length > 0) command.text = node.text.split('\n')[0]!;
      if (given.size > 0) command.given = [...given].map(([name, values]) => `${name} = ${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')}`).join(', ');
      interpretWindowsCommand(site, command, nested, piped);
      readBlocksRunBy(stage, command.name, literal ? piped : [], r);
      piped = /^get-service$/i.test(command.name) ? command.args.filter((a) => !a.startsWith('-')) : [];
      literal = false;
    }
    return;
  }
  if (node.type === 'invokation_expression' && !node.hasError) {
    const member = node.namedChildren.find((c) => c.type === 'member_name');
    if (member && /^EnableStatic$/i.test(member.text)) {
      const quote = site.ctx.quote(node.text.split('\n')[0]!);
      site.ctx.add({ fact: 'staticIp', sentence: `${site.actor} runs \`${quote}\``, quote, line: lineIn(site.span, node.startPosition.row + 1), guestFile: null });
    }
  }
  for (const child of childrenRun(node, r)) walk(child, r);
}

/** A node's children that may run: in a statement list, none after a statement that always ends it (ps-syntax.ts). */
function childrenRun(node: Node, r: Reading): readonly Node[] {
  return node.type === 'statement_list' ? statementsRun(node, r.throwIsFinal) : node.namedChildren;
}

/** What a variable stands for in this reading: `$_` in a ForEach-Object pass by passItem, any other by ps-variables. */
function valueIn(variable: Node, r: Reading, variables: PsVariables): PsValue | undefined {
  return r.topic && !r.topic.foreach && isTopic(variable) ? passItem(variable, r.topic, variables) : variables.valueAt(variable, r.topic);
}

/** `$_` in a pass: the pass's literal, where the block runs it in every pass (not under an `if` testing `$_` …). */
function passItem(variable: Node, pass: Pass, variables: PsVariables): PsValue | undefined {
  const block = passBlockAround(pass, variable);
  if (!block || !variables.everyPass(variable, block)) return undefined;
  return passLiteral(pass.value);
}

/**
 * Reads the script blocks a command runs: a ForEach-Object's in the order they run, its process (or `-Parallel`) blocks
 * once per literal piped into it (`items`) when they leave `$_` alone; any other's in text order (`blocksRunBy`).
 */
function readBlocksRunBy(stage: Node, name: string, items: readonly string[], r: Reading): void {
  // A ForEach-Object: by its name, or a `foreach_command` (`% { … }`, no command name).
  const foreach = name === '' || FOREACH_NAMES.test(name) ? forEachBlocks(stage) : undefined;
  if (foreach === undefined || foreach === 'unknown') {
    for (const block of blocksRunBy(stage)) walk(block, r);
    return;
  }
  if (foreach.begin) walk(foreach.begin, r);
  const perItem = foreach.parallel ? [foreach.parallel] : foreach.process;
  if (items.length > 0 && !perItem.some((block) => REBINDS_TOPIC.test(block.text))) readPerItem(perItem, items, r);
  else for (const block of perItem) walk(block, r);
  if (foreach.end) walk(foreach.end, r);
}

/**
 * Reads ForEach-Object's process blocks once per literal piped into it, each in turn, `$_` standing for it (what the
 * blocks do without `$_`, reported once); past the bounds, once with `$_` unresolved. `foreach`: the blocks are a
 * foreach statement's body, and its variable stands for each literal instead.
 */
function readPerItem(blocks: readonly Node[], items: readonly string[], r: Reading, foreach = false): void {
  const again = blocks.reduce((n, block) => n + block.endIndex - block.startIndex, 0) * (items.length - 1);
  if (items.length > MAX_TOPIC_VALUES || r.unrolled >= MAX_UNROLLED_BLOCKS || again > r.unrollBudget.left) {
    for (const block of blocks) walk(block, r);
    return;
  }
  r.unrollBudget.left -= again;
  r.site.ctx.readPerValue(items, (value) => {
    const pass = { ...r, topic: { blocks, value, foreach }, unrolled: r.unrolled + 1 };
    for (const block of blocks) walk(block, pass);
  });
}

/**
 * The script blocks a command runs in the VM: `ForEach-Object { … }` (also `%`, with -Begin/-End), `Where-Object { … }`,
 * `Invoke-Command { … }` on this computer, `Start-Job { … }`. Blocks sent to another computer or given to any other
 * command (an argument completer, an event action) are not read.
 */
function blocksRunBy(stage: Node): Node[] {
  const foreach = stage.namedChildren.find((c) => c.type === 'foreach_command');
  if (foreach) return foreach.namedChildren.filter((c) => c.type === 'script_block_expression');
  if (!blockRunner(stage)) return [];
  const elements = stage.namedChildren.find((c) => c.type === 'command_elements')?.namedChildren ?? [];
  return elements.map((e) => soleExpression(e, 'script_block_expression')).filter((e) => e.type === 'script_block_expression');
}

/**
 * A `$b = { … }` that stores a script block in a variable the script never uses otherwise (never runs it with `&`,
 * `.`, `.Invoke()`, nor hands it to `Invoke-Command`, `Start-Job` or anything else): the block never runs.
 */
function isStoredBlockUnused(assignment: Node): boolean {
  const left = assignment.namedChildren.find((c) => c.type === 'left_assignment_expression');
  const operator = assignment.namedChildren.find((c) => c.type === 'assignement_operator');
  const value = assignment.namedChildren.find((c) => c.type !== 'left_assignment_expression' && c.type !== 'assignement_operator' && c.type !== 'comment');
  if (!left || operator?.text !== '=' || !value || soleExpression(value, 'script_block_expression').type !== 'script_block_expression') return false;
  const target = soleExpression(left, 'array_literal_expression');
  const variable = target.type === 'array_literal_expression' && target.namedChildCount === 1 ? target.namedChildren[0]!.namedChildren[0] : undefined;
  if (variable?.type !== 'variable' || variable.text !== left.text.trim()) return false;
  return !psVariables(assignment.tree).isUsed(variable);
}

function commandOf(node: Node, resolve: Resolve): Command {
  const nameNode = node.childForFieldName('command_name') ?? node.namedChildren.find((c) => c.type === 'command_name');
  // `& $exe …` with `$exe = 'sc.exe'`.
  const nameVariable = node.namedChildren.find((c) => c.type === 'command_name_expr')?.namedChildren.find((c) => c.type === 'path_command_name')?.namedChildren;
  const calledVariable = nameVariable?.length === 1 && nameVariable[0]!.type === 'variable' ? resolve(nameVariable[0]!)?.items : undefined;
  const elements = node.namedChildren.find((c) => c.type === 'command_elements');
  const args: string[] = [];
  for (const element of elements?.namedChildren ?? []) {
    if (element.type === 'command_argument_sep' || element.type === 'comment') continue;
    args.push(argumentValue(element, resolve));
  }
  const name = calledVariable?.length === 1 ? calledVariable[0]! : nameNode ? unquote(nameNode.text) : '';
  return { name, args, line: node.startPosition.row + 1, text: node.text.split('\n')[0]! };
}

/**
 * An argument's value: string quotes removed (`'…'`, `"…"`, here-strings), variables that stand for literals read
 * as them (an array's items joined with commas, as a literal `A,B` is read), anything else as written.
 */
function argumentValue(node: Node, resolve: Resolve): string {
  const text = node.text.trim();
  if (text.includes('$')) {
    const values = literalValues(node, resolve);
    if (values) return values.join(',');
  }
  return unquote(text);
}
