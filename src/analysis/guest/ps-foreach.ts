import type { Node } from 'web-tree-sitter';
import { soleExpression } from './ps-syntax';

/** The script blocks of one ForEach-Object call, by the part each plays when it runs. */
export interface ForEachBlocks {
  /** Run once before the items, `$_` unbound. */
  begin: Node | undefined;
  /** Run once per item, in this order, `$_` the item. */
  process: readonly Node[];
  /** Run once after the items, `$_` unbound. */
  end: Node | undefined;
  /** `-Parallel { … }` (PowerShell 7): once per item, `$_` the item, in a runspace of its own. */
  parallel: Node | undefined;
}

/** `ForEach-Object` and its aliases. */
export const FOREACH_NAMES = /^(foreach-object|foreach|%)$/i;

/**
 * What a command does with its script blocks if it is a ForEach-Object: `undefined` when it is not one, `'unknown'`
 * when its arguments are not all understood (another parameter, a value that is not a block, a parameter twice, a
 * syntax error the grammar made of more than parameters and their values), else each block's part.
 *
 * The PowerShell grammar parses `% { … }` as a `foreach_command` but gives an ERROR node for parameters before a
 * block (`% -Process { … }`, `% -ThrottleLimit 5 -Parallel { … }`) and for the comma between blocks given as one
 * array (`-Process {a},{b}`): an ERROR whose text is only parameter names, integer values and switches of
 * ForEach-Object (or a lone comma between two blocks) is read as written; any other ERROR leaves the call
 * `'unknown'`. Parameters after a block make an ERROR around the call that this does not read: the text is then read
 * from a copy where the call parses as a plain command (ps-foreach-respell.ts), read here by its elements, arrays of
 * blocks included (`{a}, {b}`, `{a} , {b}`, over lines after the comma: argumentBlocks). The parts follow
 * ForEach-Object's binding: named parameters first, `-Begin` put before the process blocks, positional blocks after
 * them (the first to `-Process` unless named, the others to `-RemainingScripts`, which unrolls an array given alone
 * and fails on an array among other arguments); then of these scripts, with two or more the first is the begin block,
 * with three or more and no `-End` the last is the end block, the others process blocks. The parallel set's other
 * parameters (`-ThrottleLimit`, `-TimeoutSeconds` with an integer literal in range, `-AsJob`, `-UseNewRunspace`) go
 * with `-Parallel` only. Parameter names are read as PowerShell reads them, by unambiguous prefix (`-Proc`, not `-Pro`,
 * which is also `-ProgressAction` in PowerShell 7.4).
 */
export function forEachBlocks(command: Node): ForEachBlocks | 'unknown' | undefined {
  const arguments_ = forEachArguments(command);
  if (arguments_ === undefined || arguments_ === 'unknown') return arguments_;
  const named = new Map<Role, Node[]>();
  const positional: Node[][] = [];
  for (const { role, blocks } of arguments_) {
    if (role === undefined) positional.push(blocks);
    else if (named.has(role)) return 'unknown';
    else named.set(role, blocks);
  }
  // The binder passes -RemainingScripts its arguments as one list, unrolled only when it is a single array: an array
  // among other arguments cannot be a script block, and the call fails.
  const remaining = named.has('process') ? positional : positional.slice(1);
  if (remaining.length > 1 && remaining.some((blocks) => blocks.length > 1)) return 'unknown';
  const one = (role: Role): Node | undefined | 'unknown' => {
    const blocks = named.get(role);
    return blocks === undefined ? undefined : blocks.length === 1 ? blocks[0] : 'unknown';
  };
  const [begin, end, parallel] = [one('begin'), one('end'), one('parallel')];
  if (begin === 'unknown' || end === 'unknown' || parallel === 'unknown') return 'unknown';
  const parallelSet = [...named.keys()].filter((role) => PARALLEL_SET.has(role));
  // -TimeoutSeconds cannot go with -AsJob: the call fails.
  const bound = parallelSet.length === named.size && positional.length === 0 && !(named.has('timeoutseconds') && named.has('asjob'));
  if (parallel) return bound ? { begin: undefined, process: [], end: undefined, parallel } : 'unknown';
  if (parallelSet.length > 0) return 'unknown';
  // `-Process` is mandatory: given neither by name nor by position, the command does not run as written.
  if (!named.has('process') && positional.length === 0) return 'unknown';
  const scripts = [...(begin ? [begin] : []), ...(named.get('process') ?? []), ...positional.flat()];
  let last = scripts.length;
  let endBlock = end;
  if (!endBlock && scripts.length > 2) endBlock = scripts[--last];
  return { begin: last >= 2 ? scripts[0] : undefined, process: scripts.slice(scripts.length > 1 ? 1 : 0, last), end: endBlock, parallel: undefined };
}

type Role = 'begin' | 'process' | 'end' | 'parallel' | 'throttlelimit' | 'timeoutseconds' | 'asjob' | 'usenewrunspace';

/** The parameters of ForEach-Object's parallel set (PowerShell 7). */
const PARALLEL_SET: ReadonlySet<Role> = new Set(['parallel', 'throttlelimit', 'timeoutseconds', 'asjob', 'usenewrunspace']);
/** The parameters given a script block. */
const BLOCK_ROLES: ReadonlySet<Role> = new Set(['begin', 'process', 'end', 'parallel']);
/** The integer parameters and the values they accept (ValidateRange): outside, the call fails before any block runs. */
const INTEGER_RANGES: ReadonlyMap<Role, readonly [number, number]> = new Map([
  ['throttlelimit', [1, 2147483647]],
  ['timeoutseconds', [0, 2147483]],
]);

/** One argument of a ForEach-Object: the parameter named (undefined for a positional one) and the blocks it is given. */
interface ForEachArgument {
  role: Role | undefined;
  blocks: Node[];
}

/**
 * Each argument of a ForEach-Object, its parameter and blocks (switches and integers with none); `'unknown'` for
 * anything else. A lone `,` between two blocks joins them into one argument (`-Process {a},{b}`), as does a comma
 * that the grammar of a plain command puts before the next block (`{a} ,{b}`).
 */
function forEachArguments(command: Node): ForEachArgument[] | 'unknown' | undefined {
  const foreach = command.namedChildren.find((c) => c.type === 'foreach_command');
  let elements: Node[];
  if (foreach) elements = foreach.namedChildren;
  else if (FOREACH_NAMES.test(command.namedChildren.find((c) => c.type === 'command_name')?.text ?? '')) {
    elements = (command.namedChildren.find((c) => c.type === 'command_elements')?.namedChildren ?? []).filter((c) => c.type !== 'command_argument_sep');
  } else return undefined;
  const found: ForEachArgument[] = [];
  // A block parameter waiting for its block, or an integer parameter for its value.
  let pending: Role | undefined;
  let joinNext = false;
  const word = (text: string): boolean => {
    if (pending !== undefined && INTEGER_RANGES.has(pending)) {
      const [low, high] = INTEGER_RANGES.get(pending)!;
      if (!/^\d{1,10}$/.test(text) || Number(text) < low || Number(text) > high) return false;
      found.push({ role: pending, blocks: [] });
      pending = undefined;
      return true;
    }
    const parameter = /^-([a-z]+)(:?)$/i.exec(text) ?? /^-([a-z]+):(\d+)$/i.exec(text);
    const role = parameter ? parameterRole(parameter[1]!) : undefined;
    if (!role || pending !== undefined || joinNext) return false;
    if (BLOCK_ROLES.has(role) || INTEGER_RANGES.has(role)) pending = role;
    else if (parameter![2] === '') found.push({ role, blocks: [] });
    else return false;
    // `-ThrottleLimit:5`
    return parameter![2] === '' || parameter![2] === ':' || word(parameter![2]!);
  };
  for (const element of elements) {
    if (element.type === 'comment') continue;
    if (element.isError || element.type === 'command_parameter') {
      const text = element.text.trim();
      if (text === ',' && element.isError) {
        if (joinNext || pending !== undefined || (found[found.length - 1]?.blocks.length ?? 0) === 0) return 'unknown';
        joinNext = true;
        continue;
      }
      if (!text.split(/[ \t]+/).every(word)) return 'unknown';
      continue;
    }
    if (pending !== undefined && INTEGER_RANGES.has(pending) && word(element.text.trim())) continue;
    const given = argumentBlocks(element);
    if (!given || (pending !== undefined && !BLOCK_ROLES.has(pending))) return 'unknown';
    if (given.afterComma) {
      // `{a} ,{b}`: only right after a block argument (a comma where an argument starts does not parse in PowerShell).
      if (joinNext || pending !== undefined || (found[found.length - 1]?.blocks.length ?? 0) === 0) return 'unknown';
      found[found.length - 1]!.blocks.push(...given.blocks);
    } else if (joinNext) found[found.length - 1]!.blocks.push(...given.blocks);
    else found.push({ role: pending, blocks: given.blocks });
    pending = undefined;
    joinNext = false;
  }
  return pending === undefined && !joinNext ? found : 'unknown';
}

/**
 * The script blocks one argument element gives: a block; an array of two or more blocks (`{a},{b}`, `{a}, {b}`, or
 * `{a},` and `{b}` on the next line, one array for PowerShell too, which reads on after a comma); or, `afterComma`,
 * blocks after a comma that starts the element: the grammar parses `{a} , {b}` as `{a}` and a unary `, {b}`, where
 * PowerShell, which skips the spaces before looking for a comma after an argument, reads one array. Undefined for
 * anything else (a block used in an expression, `{a}.Invoke()`, an array holding anything but blocks).
 */
function argumentBlocks(element: Node, whole = true): { blocks: Node[]; afterComma: boolean } | undefined {
  // Down through nodes of one child, as soleExpression does, but never through a unary operator. Only the element
  // itself may be an array or follow a comma (`whole`): its parts are blocks alone, so this recurses one level.
  for (let node = element; ; ) {
    if (node.type === 'script_block_expression') return { blocks: [node], afterComma: false };
    const children = node.namedChildren.filter((c) => c.type !== 'comment');
    if (node.type === 'expression_with_unary_operator') {
      // `, {b}`: its operand is one block.
      const operand = whole && node.firstChild?.type === ',' && children.length === 1 ? argumentBlocks(children[0]!, false) : undefined;
      return operand && { blocks: operand.blocks, afterComma: true };
    }
    if (node.type === 'array_literal_expression' && children.length > 1) {
      if (!whole) return undefined;
      // `{a} , {b}, {c}`: the grammar's array after `{a}` starts with the unary `, {b}`.
      const first = argumentBlocks(children[0]!, true);
      const afterComma = first?.afterComma === true;
      const blocks: Node[] = [];
      for (const [index, item] of children.entries()) {
        const given = afterComma && index === 0 ? first : argumentBlocks(item, false);
        if (!given || given.blocks.length !== 1) return undefined;
        blocks.push(given.blocks[0]!);
      }
      return { blocks, afterComma };
    }
    if (children.length !== 1) return undefined;
    node = children[0]!;
  }
}

/** The parameter a name stands for, by the shortest prefix unambiguous among ForEach-Object's parameters. */
function parameterRole(name: string): Role | undefined {
  const lower = name.toLowerCase();
  const prefixOf = (full: string, shortest: number) => lower.length >= shortest && full.startsWith(lower);
  if (prefixOf('begin', 1)) return 'begin';
  if (prefixOf('process', 4)) return 'process';
  if (prefixOf('end', 2)) return 'end';
  if (prefixOf('parallel', 2)) return 'parallel';
  // -ThrottleLimit and -TimeoutSeconds share `-T`; -AsJob and -ArgumentList `-A`.
  if (prefixOf('throttlelimit', 2)) return 'throttlelimit';
  if (prefixOf('timeoutseconds', 2)) return 'timeoutseconds';
  if (prefixOf('asjob', 2)) return 'asjob';
  if (prefixOf('usenewrunspace', 1)) return 'usenewrunspace';
  return undefined;
}

/**
 * Whether a subtree's syntax errors are all parameter names of ForEach-Object calls the reader understands (see
 * forEachBlocks): such a subtree is read as if it parsed. Walked without recursion (hostile nesting), each node once
 * per tree: its answer is kept in `memo` (chains nest in chains, each asked in turn).
 */
export function onlyForEachParameterErrors(root: Node, memo: Map<number, boolean>): boolean {
  const quick = (node: Node): boolean | undefined => (!node.hasError ? true : node.isError || node.isMissing ? false : memo.get(node.id));
  const frame = (node: Node) => ({ node, children: childrenToCheck(node), next: 0, ok: true });
  const answer = quick(root);
  if (answer !== undefined) return answer;
  const stack = [frame(root)];
  for (;;) {
    const top = stack[stack.length - 1]!;
    if (top.children === undefined) top.ok = false;
    else if (top.ok && top.next < top.children.length) {
      const child = top.children[top.next++]!;
      const known = quick(child);
      if (known === undefined) stack.push(frame(child));
      else top.ok = known;
      continue;
    }
    memo.set(top.node.id, top.ok);
    stack.pop();
    if (stack.length === 0) return top.ok;
    stack[stack.length - 1]!.ok = top.ok;
  }
}

/** The children whose errors decide a node's: a ForEach-Object call's own parameter ERRORs left out; undefined if the call is not understood. */
function childrenToCheck(node: Node): Node[] | undefined {
  const foreach = node.type === 'command' ? node.namedChildren.find((c) => c.type === 'foreach_command') : undefined;
  if (!foreach?.hasError) return node.children;
  if (forEachBlocks(node) === 'unknown') return undefined;
  return node.children.flatMap((c) => (c.id === foreach.id ? foreach.children.filter((f) => !f.isError) : [c]));
}

/** Every script block written as an argument of a ForEach-Object call, whatever its part. */
export function forEachArgumentBlocks(command: Node): Node[] {
  const foreach = command.namedChildren.find((c) => c.type === 'foreach_command');
  if (foreach) return foreach.namedChildren.filter((c) => c.type === 'script_block_expression');
  const elements = command.namedChildren.find((c) => c.type === 'command_elements')?.namedChildren ?? [];
  return elements.map((e) => soleExpression(e, 'script_block_expression')).filter((e) => e.type === 'script_block_expression');
}
