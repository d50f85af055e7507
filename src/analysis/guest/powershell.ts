import type { Node } from 'web-tree-sitter';
import type { Command, CommandSite } from './command';
import { lineIn, type ReadContext, type Span } from './context';
import { isFunctionUsed } from './functions';
import { readSyntaxTree } from './syntax-errors';
import { interpretWindowsCommand, type Nested } from './windows';

/**
 * Reads a PowerShell script with the PowerShell grammar: each `command` node (cmdlets and native commands alike)
 * is interpreted from its name and arguments; `Get-Service x | Stop-Service` passes the service along the
 * pipeline; `$adapter.EnableStatic(…)` is a method call on a WMI adapter. Comments and strings are never read.
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
  if (node.type === 'pipeline_chain' && !node.hasError) {
    let piped: string[] = [];
    for (const stage of node.namedChildren) {
      // `& { … }` and `. { … }` run a script block: its commands are read as the text's own.
      const block = stage.type === 'command' ? stage.namedChildren.find((c) => c.type === 'command_name_expr')?.namedChildren.find((c) => c.type === 'script_block_expression') : undefined;
      if (stage.type !== 'command' || block) {
        walk(block ?? stage, site, nested);
        piped = [];
        continue;
      }
      const command = commandOf(stage);
      // A stage fed by the pipeline is quoted with the whole chain: `Get-Service x | Stop-Service`.
      if (piped.length > 0) command.text = node.text.split('\n')[0]!;
      interpretWindowsCommand(site, command, nested, piped);
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

function commandOf(node: Node): Command {
  const nameNode = node.childForFieldName('command_name') ?? node.namedChildren.find((c) => c.type === 'command_name');
  const elements = node.namedChildren.find((c) => c.type === 'command_elements');
  const args: string[] = [];
  for (const element of elements?.namedChildren ?? []) {
    if (element.type === 'command_argument_sep' || element.type === 'comment') continue;
    args.push(valueOf(element));
  }
  return { name: nameNode ? unquote(nameNode.text) : '', args, line: node.startPosition.row + 1, text: node.text.split('\n')[0]! };
}

/** An argument's value: string quotes removed (`'…'`, `"…"`, here-strings), anything else as written. */
function valueOf(node: Node): string {
  const text = node.text.trim();
  return unquote(text);
}

function unquote(text: string): string {
  const hereString = /^@(["'])\r?\n([\s\S]*)\r?\n\1@$/.exec(text);
  if (hereString) return hereString[2]!;
  if (text.length >= 2 && ((text.startsWith('"') && text.endsWith('"')) || (text.startsWith("'") && text.endsWith("'")))) {
    return text.startsWith("'") ? text.slice(1, -1).replace(/''/g, "'") : text.slice(1, -1).replace(/`(.)/g, '$1');
  }
  return text;
}
