import type { Node } from 'web-tree-sitter';
import { reachableChildren } from './reachable';

/**
 * The one expression a pipeline or expression comes down to, through nodes of a single child, down to `stopAt` at
 * most: `{ … }` → its script_block_expression, `'A','B'` → its array_literal_expression.
 */
export function soleExpression(expression: Node, stopAt: 'array_literal_expression' | 'script_block_expression'): Node {
  let node = expression;
  while (node.type !== stopAt) {
    const children = node.namedChildren.filter((c) => c.type !== 'comment');
    if (children.length !== 1) break;
    node = children[0]!;
  }
  return node;
}

/**
 * What may make PowerShell go on after a `throw`, with the next statement: a `trap` (its `continue`), an error action
 * of SilentlyContinue or Ignore (`$ErrorActionPreference` silences `throw` too, PowerShell issue #19500), or one not
 * written as Stop or Continue (`-ea 0`, `$ErrorActionPreference = $pref`).
 */
const THROW_MAY_GO_ON = /\btrap\b|\b(?:silentlycontinue|ignore)\b|(?:\berroractionpreference\s*=|-(?:ea|erroraction)\b)(?![\s:'"]*(?:stop|continue)\b)/i;

/** Whether a script's `throw` statements end their statement lists: nothing in its text may make PowerShell go on. */
export function throwIsFinalIn(script: string): boolean {
  return !THROW_MAY_GO_ON.test(script);
}

/** The statements of a statement list that may run: none after one that always ends it (reachable.ts). */
export function statementsRun(list: Node, throwIsFinal: boolean): Node[] {
  return reachableChildren(list, (statement) => endsStatementList(statement, throwIsFinal));
}

/**
 * Whether a statement always ends the statement list it is in: `exit`, `return`, `break`, `continue` (whatever they
 * end, the rest of the list never runs), `throw` unless PowerShell may go on after it, and a pipeline that starts by
 * calling `[Environment]::Exit(…)` (it ends the process).
 */
function endsStatementList(statement: Node, throwIsFinal: boolean): boolean {
  if (statement.hasError) return false;
  if (statement.type === 'pipeline') return statement.text.startsWith('[') && /^\[\s*(?:system\.)?environment\s*\]::exit\s*\(/i.test(statement.text);
  if (statement.type !== 'flow_control_statement') return false;
  const keyword = statement.children[0]?.type.toLowerCase();
  return keyword === 'throw' ? throwIsFinal : keyword === 'exit' || keyword === 'return' || keyword === 'break' || keyword === 'continue';
}
