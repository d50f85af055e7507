import type { Node } from 'web-tree-sitter';
import { forEachBlocks, onlyForEachParameterErrors } from './ps-foreach';

/**
 * The PowerShell grammar parses `ForEach-Object` and `%` as a `foreach_command` of script blocks only: a parameter
 * after a block, the form ForEach-Object's own documentation uses (`$names | ForEach-Object -Parallel { … }
 * -ThrottleLimit 5`), makes an ERROR (the `5` a statement of its own; a switch such as `-AsJob` may swallow the lines
 * after it); so do blocks given as one array of three or more, or followed by a parameter, or with a line break after a
 * comma (`-Process {a}, {b} -End {c}`). Any other command name is parsed as a plain command with its elements, as PowerShell parses any cmdlet,
 * ForEach-Object included. So a text that does not parse is parsed again, once, as a copy in which each
 * ForEach-Object name is spelled as an ordinary name of the same length (`ForEach-Object` → `xxxxxxxxxxxxxx`, `%` →
 * `x`): offsets, lines and columns stay the text's. The copy's tree is read instead of the text's only when it reads
 * exactly (respelledExactly); its nodes' text is the text's (syntax-errors.ts).
 */
export interface ForEachRespelling {
  copy: string;
  /** Where each respelled name starts and ends in the text. */
  names: readonly (readonly [number, number])[];
}

/** At most this many ForEach-Object names respelled in one text (hostile input): past it, the text is read as it parses. */
export const MAX_RESPELLED_CALLS = 1000;

const ORDINARY_LETTER = 'x';

/**
 * The text with each ForEach-Object name respelled (a `foreach_command`'s, or a lone `%` or `ForEach-Object` token in
 * an ERROR: nested calls the grammar could not put together), or undefined when there is none, or too many. Found by
 * the grammar's own searches and children lists, never by asking a node for its parent (a walk down from the root
 * each time: hostile nesting would make it quadratic).
 */
export function respellForEachCalls(root: Node, text: string): ForEachRespelling | undefined {
  if (!/%|foreach-object/i.test(text)) return undefined;
  const found = root.descendantsOfType(['foreach_command', 'ERROR']);
  const calls = found.filter((node) => node.type === 'foreach_command');
  if (calls.length > MAX_RESPELLED_CALLS) return undefined;
  const tokens = calls.map((call) => call.child(0));
  for (const error of found) {
    if (!error.isError) continue;
    for (const child of error.children) {
      if (child.type !== '%' && child.type !== 'foreach-object') continue;
      if (tokens.length === MAX_RESPELLED_CALLS) return undefined;
      tokens.push(child);
    }
  }
  if (tokens.length === 0) return undefined;
  tokens.sort((a, b) => a!.startIndex - b!.startIndex);
  const names: [number, number][] = [];
  const pieces: string[] = [];
  let copied = 0;
  for (const name of tokens) {
    if (!name || name.startIndex < copied || !/^(foreach-object|%)$/i.test(name.text)) return undefined;
    pieces.push(text.slice(copied, name.startIndex), ORDINARY_LETTER.repeat(name.endIndex - name.startIndex));
    names.push([name.startIndex, name.endIndex]);
    copied = name.endIndex;
  }
  pieces.push(text.slice(copied));
  return { copy: pieces.join(''), names };
}

/**
 * Whether the copy's tree reads the text exactly: it has no syntax error but ForEach-Object parameter names the
 * reader understands (ps-foreach.ts), and each respelled name is the name of a plain command (its text read as the
 * text's, `ForEach-Object` or `%`) whose arguments ForEach-Object's binding understands, parameters after the blocks
 * included (forEachBlocks). Anything else (a parameter not understood, a value out of range or not an integer
 * literal, another syntax error) leaves the text read as it parses, marked where it does not.
 */
export function respelledExactly(root: Node, respelling: ForEachRespelling, understood: Map<number, boolean>): boolean {
  if (root.hasError && !onlyForEachParameterErrors(root, understood)) return false;
  const respelled = new Map(respelling.names.map(([start, end]) => [start, end]));
  let read = 0;
  for (const command of root.descendantsOfType('command')) {
    const name = command.firstNamedChild;
    if (name?.type !== 'command_name' || respelled.get(name.startIndex) !== name.endIndex) continue;
    const blocks = forEachBlocks(command);
    if (blocks === undefined || blocks === 'unknown') return false;
    read++;
  }
  return read === respelled.size;
}
