import type { Node } from 'web-tree-sitter';
import { baseName, positional, withoutSudo, type Command, type CommandSite } from './command';
import { lineIn, type ReadContext, type Span } from './context';
import { readSyntaxTree } from './syntax-errors';
import { readFileWrite } from './files';
import { isFunctionUsed } from './functions';
import { interpretLinuxCommand } from './linux';

/** How a nested text is read (a `bash -c` script): by the dispatcher, which bounds the depth. */
export type ReadNested = (text: string, span: Span) => void;

/**
 * Reads a shell script with the bash grammar: each `command` node is interpreted from its name and arguments;
 * files written by redirection (`cat > f <<EOF`, `echo … >> f`, `… | tee f`) or edited by `sed -i` are read by
 * their path. Comments, and heredocs not written to a file, are never read as commands.
 */
export function readShell(ctx: ReadContext, text: string, span: Span, actor: string, nested: ReadNested): void {
  readSyntaxTree(ctx, ctx.parsers.bash, 'shell', text, span, (root) => walk(root, { ctx, span, depth: 0, actor }, nested));
}


function walk(node: Node, site: CommandSite, nested: ReadNested): void {
  if (node.isError) return;
  switch (node.type) {
    case 'comment':
    case 'heredoc_body':
      return;
    case 'command':
      if (!node.hasError) runCommand(site, commandOf(node), [], nested);
      return;
    case 'redirected_statement':
      if (!node.hasError) redirected(node, site, nested);
      return;
    case 'pipeline':
      if (!node.hasError) pipeline(node, site, nested);
      return;
    case 'function_definition': {
      const name = node.childForFieldName('name') ?? node.namedChildren[0];
      if (name && !isFunctionUsed(name, false)) return;
      break;
    }
  }
  for (const child of node.namedChildren) walk(child, site, nested);
}

function commandOf(node: Node): Command {
  const nameNode = node.childForFieldName('name');
  const args: string[] = [];
  for (const child of node.namedChildren) {
    if (child === nameNode || child.type === 'command_name' || child.type === 'variable_assignment' || child.type === 'comment') continue;
    if (child.type === 'file_redirect' || child.type === 'heredoc_redirect' || child.type === 'herestring_redirect') continue;
    args.push(wordValue(child));
  }
  return { name: nameNode ? wordValue(nameNode) : '', args, line: node.startPosition.row + 1, text: node.text.split('\n')[0]! };
}

/** The value of a word as the shell passes it: quotes removed, escapes resolved; expansions kept as written. */
function wordValue(node: Node): string {
  switch (node.type) {
    case 'command_name':
      return node.namedChildren[0] ? wordValue(node.namedChildren[0]) : node.text;
    case 'word':
      return node.text.replace(/\\(.)/g, '$1');
    case 'raw_string':
      return node.text.slice(1, -1);
    case 'ansi_c_string':
      return node.text.slice(2, -1);
    case 'string': {
      const inner = node.text.slice(1, -1);
      return inner.replace(/\\([$`"\\\n])/g, '$1');
    }
    case 'concatenation':
      return node.namedChildren.map(wordValue).join('');
    default:
      return node.text;
  }
}

function runCommand(site: CommandSite, command: Command, piped: string[], nested: ReadNested): void {
  const plain = withoutSudo(command);
  const name = baseName(plain.name);
  if (name === 'sed' && plain.args.some((a) => /^(-i|--in-place)/.test(a) || /^-[a-zA-Z]*i/.test(a))) {
    sedInPlace(site, plain);
    return;
  }
  if (name === 'tee' && piped.length > 0) {
    const append = plain.args.some((a) => a === '-a' || a === '--append');
    for (const file of positional(plain.args)) {
      readFileWrite(site.ctx, { path: file, content: piped.join('\n'), span: fixedAt(site, command), actor: site.actor, append });
    }
    return;
  }
  interpretLinuxCommand(site, command, (text) => nested(text, fixedAt(site, command)));
}

function fixedAt(site: CommandSite, command: Command): Span {
  return { line: lineIn(site.span, command.line), fixed: true };
}

/** `sed -i 's/^AutoUpdate.Enabled=.*$/AutoUpdate.Enabled=n/' /etc/waagent.conf`: the replacement is the line set. */
function sedInPlace(site: CommandSite, command: Command): void {
  const args = command.args;
  const scripts: string[] = [];
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-e' || arg === '--expression') scripts.push(args[++i] ?? '');
    else if (!arg.startsWith('-')) files.push(arg);
  }
  if (scripts.length === 0 && files.length > 0) scripts.push(files.shift()!);
  const replacements = scripts.flatMap((script) => script.split(/;\s*/)).flatMap((script) => {
    const match = /^s(.)((?:\\.|(?!\1).)*)\1((?:\\.|(?!\1).)*)\1[gI0-9]*$/.exec(script.trim());
    return match ? [match[3]!.replace(/\\(.)/g, '$1').replace(/&/g, '')] : [];
  });
  if (replacements.length === 0) return;
  for (const file of files) {
    readFileWrite(site.ctx, { path: file, content: replacements.join('\n'), span: fixedAt(site, command), actor: site.actor, append: false, edit: true });
  }
}

function redirected(node: Node, site: CommandSite, nested: ReadNested): void {
  const body = node.childForFieldName('body') ?? node.namedChildren[0];
  const targets = node.namedChildren.filter((c) => c.type === 'file_redirect');
  const heredoc = node.namedChildren.find((c) => c.type === 'heredoc_redirect');
  const heredocBody = heredoc?.namedChildren.find((c) => c.type === 'heredoc_body');
  if (!body) return;
  // `cat <<EOF | sudo tee -a f`: tree-sitter-bash puts the pipe into the heredoc redirect; the text goes to tee's files.
  const pipedTo = heredoc?.namedChildren.find((c) => c.type === 'pipeline' || c.type === 'command');
  const tee = pipedTo?.type === 'pipeline' ? pipedTo.namedChildren[0] : pipedTo;
  if (heredocBody && tee?.type === 'command' && body.type === 'command' && baseName(withoutSudo(commandOf(body)).name) === 'cat') {
    const teeCommand = withoutSudo(commandOf(tee));
    if (baseName(teeCommand.name) === 'tee') {
      writeHeredoc(site, heredocBody, positional(teeCommand.args), teeCommand.args.includes('-a') || teeCommand.args.includes('--append'));
      return;
    }
  }
  redirectedBody(body, targets, heredocBody, site, nested);
}

/** A heredoc's text written to files (`cat <<EOF > f`, `tee f <<EOF`, `cat <<EOF | tee f`), at the heredoc's lines. */
function writeHeredoc(site: CommandSite, heredocBody: Node, files: readonly string[], append: boolean): void {
  const span: Span = { line: lineIn(site.span, heredocBody.startPosition.row + 1), fixed: site.span.fixed };
  for (const file of files) readFileWrite(site.ctx, { path: file, content: heredocBody.text, span, actor: site.actor, append });
}

function redirectedBody(body: Node, targets: Node[], heredocBody: Node | undefined, site: CommandSite, nested: ReadNested): void {
  // tree-sitter-bash parses `a >> f && b >> g` as the list `a >> f && b` redirected to g: the redirect is b's
  // (bash applies it to the last command of the list), and the commands before run as they are.
  if (body.type === 'list') {
    const commands = body.namedChildren.filter((c) => c.type !== 'comment');
    for (const command of commands.slice(0, -1)) walk(command, site, nested);
    const last = commands[commands.length - 1];
    if (last) redirectedBody(last, targets, heredocBody, site, nested);
    return;
  }
  // `{ echo a; echo b; } >> f`: what the group's echo and printf commands print goes to f.
  if (body.type === 'compound_statement' || body.type === 'subshell') {
    for (const part of body.namedChildren) {
      const printed = part.type === 'command' && ['echo', 'printf'].includes(baseName(withoutSudo(commandOf(part)).name));
      if (printed) redirectedBody(part, targets, undefined, site, nested);
      else walk(part, site, nested);
    }
    return;
  }
  if (body.type !== 'command') {
    walk(body, site, nested);
    return;
  }
  const command = commandOf(body);
  const name = baseName(withoutSudo(command).name);
  const writtenTo = targets
    .map((t) => ({ operator: t.children[0]?.text ?? '', path: t.childForFieldName('destination') ?? t.namedChildren[t.namedChildren.length - 1] }))
    .filter((t) => t.path && (t.operator === '>' || t.operator === '>>' || t.operator === '>|'));
  if (heredocBody && (name === 'cat' || name === 'tee')) {
    const files = [...writtenTo.map((t) => wordValue(t.path!)), ...(name === 'tee' ? positional(withoutSudo(command).args) : [])];
    writeHeredoc(site, heredocBody, files, writtenTo.some((t) => t.operator === '>>') || withoutSudo(command).args.includes('-a'));
    return;
  }
  if ((name === 'echo' || name === 'printf') && writtenTo.length > 0) {
    const args = withoutSudo(command).args.filter((a, i) => !(i === 0 && /^-[neE]+$/.test(a)));
    const content = name === 'printf' ? (args[0] ?? '').replace(/\\n/g, '\n') : args.join(' ');
    for (const target of writtenTo) {
      readFileWrite(site.ctx, { path: wordValue(target.path!), content, span: fixedAt(site, command), actor: site.actor, append: target.operator === '>>' });
    }
    return;
  }
  runCommand(site, command, [], nested);
}

/** `echo "x" | tee -a f`, `Get-…`-style chains: the output of echo/printf feeds tee; other stages run as commands. */
function pipeline(node: Node, site: CommandSite, nested: ReadNested): void {
  let piped: string[] = [];
  for (const stage of node.namedChildren) {
    if (stage.type !== 'command') {
      walk(stage, site, nested);
      piped = [];
      continue;
    }
    const command = commandOf(stage);
    const name = baseName(withoutSudo(command).name);
    if (name === 'echo' || name === 'printf') {
      const args = withoutSudo(command).args.filter((a, i) => !(i === 0 && /^-[neE]+$/.test(a)));
      piped = [name === 'printf' ? (args[0] ?? '').replace(/\\n/g, '\n') : args.join(' ')];
      continue;
    }
    runCommand(site, command, piped, nested);
    piped = [];
  }
}
