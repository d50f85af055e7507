import type { Node } from 'web-tree-sitter';
import type { Command, CommandSite } from './command';
import { lineIn, type ReadContext, type Span } from './context';
import { isFunctionUsed } from './functions';
import { blockRunner, literalValues, psVariables, soleExpression, unquote, type Resolve } from './ps-variables';
import { readSyntaxTree } from './syntax-errors';
import { interpretWindowsCommand, type Nested } from './windows';

/**
 * Reads a PowerShell script with the PowerShell grammar: each `command` node (cmdlets and native commands alike)
 * is interpreted from its name and arguments; `Get-Service x | Stop-Service` passes the service along the
 * pipeline; `$adapter.EnableStatic(…)` is a method call on a WMI adapter. Comments and strings are never read.
 * A variable given one literal (`$svc = 'WindowsAzureGuestAgent'`) is read as that literal (ps-variables.ts). Script
 * blocks are read where they run: `& { … }`, `ForEach-Object { … }`, a local `Invoke-Command { … }` …; one stored in
 * a variable (`$b = { … }`) only when the script uses the variable, like a function.
 */
export function readPowerShell(ctx: ReadContext, text: string, span: Span, actor: string, nested: Nested): void {
  readSyntaxTree(ctx, ctx.parsers.powershell, 'PowerShell', text, span, (root) => walk(root, { ctx, span, depth: 0, actor }, nested));
}


function walk(node: Node, site: CommandSite, nested: Nested): void {
  if (node.isError || node.type === 'comment') return;
  if (node.type === 'function_statement') {
    const name = node.namedChildren.find((c) => c.type === 'function_name');
    if (name && !isFunctionUsed(name, true)) return;
  }
  if (node.type === 'assignment_expression' && isStoredBlockUnused(node)) return;
  if (node.type === 'pipeline_chain' && !node.hasError) {
    const variables = psVariables(node.tree);
    // The variables of the chain read as literals, for the sentence: `$svc = 'WindowsAzureGuestAgent'`.
    const given = new Map<string, readonly string[]>();
    const resolve = (variable: Node) => {
      const value = variables.valueAt(variable);
      if (value) given.set(variable.text, value.items);
      return value;
    };
    let piped: readonly string[] = [];
    for (const stage of node.namedChildren) {
      // `& { … }` and `. { … }` run a script block: its commands are read as the text's own.
      const block = stage.type === 'command' ? stage.namedChildren.find((c) => c.type === 'command_name_expr')?.namedChildren.find((c) => c.type === 'script_block_expression') : undefined;
      if (stage.type !== 'command' || block) {
        walk(block ?? stage, site, nested);
        // `'WindowsAzureGuestAgent' | Stop-Service`, `$svcs | Stop-Service`: literals fed to the next stage.
        piped = (!block && literalValues(stage, resolve)) || [];
        continue;
      }
      const command = commandOf(stage, resolve);
      // A stage fed by the pipeline is quoted with the whole chain: `Get-Service x | Stop-Service`.
      if (piped.length > 0) command.text = node.text.split('\n')[0]!;
      if (given.size > 0) command.given = [...given].map(([name, values]) => `${name} = ${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')}`).join(', ');
      interpretWindowsCommand(site, command, nested, piped);
      for (const argument of blocksRunBy(stage)) walk(argument, site, nested);
      piped = /^get-service$/i.test(command.name) ? command.args.filter((a) => !a.startsWith('-')) : [];
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
  for (const child of node.namedChildren) walk(child, site, nested);
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
