import type { Node } from 'web-tree-sitter';
import { reachableChildren } from './reachable';

/** Where a shell statement sits, for what ends its sequence. */
export interface ShFlow {
  /** Inside a function's body: `return` ends it. */
  inFunction: boolean;
  /** `exec` with a command ends the script: not under `shopt -s execfail`, where a failed one returns. */
  execEnds: boolean;
}

/** Whether a script's `exec` of a command ends it: not when the script may set `shopt -s execfail`. */
export function execEndsIn(script: string): boolean {
  return !/\bexecfail\b/.test(script);
}

/** Statement sequences: a statement that always ends the script (or the function) there leaves the rest unrun. */
const SEQUENCES = new Set(['program', 'compound_statement', 'subshell', 'do_group', 'if_statement', 'elif_clause', 'else_clause', 'case_item']);
/** An `if`'s clauses run instead of its `then` part, not after it. */
const ALTERNATIVES = new Set(['elif_clause', 'else_clause']);

/**
 * A node's children that may run: in a sequence, none after a statement that always ends it (reachable.ts), unless
 * run in the background (`exit &` ends a subshell only).
 */
export function shChildrenRun(node: Node, flow: ShFlow): readonly Node[] {
  return SEQUENCES.has(node.type) ? reachableChildren(node, (statement, next) => next?.type !== '&' && endsSequence(statement, flow), ALTERNATIVES) : node.namedChildren;
}

/**
 * Whether a statement always ends the script, or the function it is in: `exit` (whatever its arguments), `exec` with
 * a command (it replaces the shell; without one it only redirects), `return` in a function (outside one bash says it
 * cannot return and goes on). Not in a list or pipeline (`test -f x || exit`), which decide whether it runs.
 */
function endsSequence(statement: Node, flow: ShFlow): boolean {
  const command = statement.type === 'redirected_statement' ? statement.childForFieldName('body') : statement;
  if (command?.type !== 'command' || command.hasError) return false;
  const name = command.childForFieldName('name')?.text;
  if (name === 'exit') return true;
  if (name === 'return') return flow.inFunction;
  return name === 'exec' && flow.execEnds && execsCommand(command);
}

/**
 * Whether `exec` is given a command, written as a word that cannot expand to nothing: `exec -a name cmd`, `exec
 * /usr/bin/app "$@"`; not `exec >log 2>&1`, `exec {fd}>file` (the grammar reads `{fd}` as a word), `exec -c`, nor
 * `exec $CMD` (empty, it only redirects).
 */
function execsCommand(command: Node): boolean {
  const words = command.namedChildren.filter((c) => c.type !== 'command_name' && c.type !== 'variable_assignment' && c.type !== 'comment' && !c.type.endsWith('redirect'));
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!.text;
    if (word === '-a') i++;
    else if (!/^-[cl]*$|^--$/.test(word)) return !/[$`]|^\{\w+\}$/.test(word);
  }
  return false;
}
