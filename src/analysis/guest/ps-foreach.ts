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
 * syntax error the grammar made of more than a parameter name), else each block's part.
 *
 * The PowerShell grammar parses `% { … }` as a `foreach_command` but gives an ERROR node for a parameter before a
 * block (`% -Process { … }`): an ERROR that is exactly one parameter name (`-Process`, `-Begin:`) followed by a block
 * is read as that parameter; any other ERROR leaves the call `'unknown'`. The parts follow ForEach-Object's binding:
 * named parameters first, `-Begin` put before the process blocks, positional blocks after them (`-RemainingScripts`);
 * then of these scripts, with two or more the first is the begin block, with three or more and no `-End` the last is
 * the end block, the others process blocks. Parameter names are read as PowerShell reads them, by unambiguous prefix
 * (`-Proc`, not `-Pro`, which is also `-ProgressAction` in PowerShell 7.4).
 */
export function forEachBlocks(command: Node): ForEachBlocks | 'unknown' | undefined {
  const arguments_ = blockArguments(command);
  if (arguments_ === undefined || arguments_ === 'unknown') return arguments_;
  const named = new Map<string, Node>();
  const positional: Node[] = [];
  for (const { parameter, block } of arguments_) {
    if (parameter === undefined) {
      positional.push(block);
      continue;
    }
    const role = parameterRole(parameter);
    if (!role || named.has(role)) return 'unknown';
    named.set(role, block);
  }
  const parallel = named.get('parallel');
  if (parallel) return named.size === 1 && positional.length === 0 ? { begin: undefined, process: [], end: undefined, parallel } : 'unknown';
  // `-Process` is mandatory: given neither by name nor by position, the command does not run as written.
  if (!named.has('process') && positional.length === 0) return 'unknown';
  const scripts = [named.get('begin'), named.get('process'), ...positional].filter((block): block is Node => block !== undefined);
  let end = named.get('end');
  let last = scripts.length;
  if (!end && scripts.length > 2) end = scripts[--last];
  return { begin: last >= 2 ? scripts[0] : undefined, process: scripts.slice(scripts.length > 1 ? 1 : 0, last), end, parallel: undefined };
}

/** Each block argument of a ForEach-Object and the parameter named before it; `'unknown'` for anything else. */
function blockArguments(command: Node): { parameter: string | undefined; block: Node }[] | 'unknown' | undefined {
  const foreach = command.namedChildren.find((c) => c.type === 'foreach_command');
  let elements: Node[];
  if (foreach) elements = foreach.namedChildren;
  else if (FOREACH_NAMES.test(command.namedChildren.find((c) => c.type === 'command_name')?.text ?? '')) {
    elements = (command.namedChildren.find((c) => c.type === 'command_elements')?.namedChildren ?? []).filter((c) => c.type !== 'command_argument_sep');
  } else return undefined;
  const found: { parameter: string | undefined; block: Node }[] = [];
  let parameter: string | undefined;
  for (const element of elements) {
    if (element.type === 'comment') continue;
    if (element.isError || element.type === 'command_parameter') {
      const name = /^-([a-z]+):?$/i.exec(element.text.trim())?.[1];
      if (!name || parameter !== undefined) return 'unknown';
      parameter = name;
      continue;
    }
    const block = soleExpression(element, 'script_block_expression');
    if (block.type !== 'script_block_expression') return 'unknown';
    found.push({ parameter, block });
    parameter = undefined;
  }
  return parameter === undefined ? found : 'unknown';
}

/** The block parameter a name stands for, by the shortest prefix unambiguous among ForEach-Object's parameters. */
function parameterRole(name: string): 'begin' | 'process' | 'end' | 'parallel' | undefined {
  const lower = name.toLowerCase();
  const prefixOf = (full: string, shortest: number) => lower.length >= shortest && full.startsWith(lower);
  if (prefixOf('begin', 1)) return 'begin';
  if (prefixOf('process', 4)) return 'process';
  if (prefixOf('end', 2)) return 'end';
  if (prefixOf('parallel', 2)) return 'parallel';
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
