import type { Node } from 'web-tree-sitter';
import { baseName, positional, withoutSudo, type Command, type CommandSite } from './command';
import { lineIn, type ReadContext, type Span } from './context';
import { readSyntaxTree } from './syntax-errors';
import { readFileWrite } from './files';
import { isFunctionUsed } from './functions';
import { interpretLinuxCommand } from './linux';
import { plainName, shVariables, shWord, type ShVariables } from './sh-variables';
import { execEndsIn, shChildrenRun, type ShFlow } from './sh-syntax';

/** How a nested text is read (a `bash -c` script): by the dispatcher, which bounds the depth. */
export type ReadNested = (text: string, span: Span) => void;

/** One reading of a script: where its commands go, what its variables stand for, what ends its sequences (ShFlow). */
interface Reading extends ShFlow {
  site: CommandSite;
  nested: ReadNested;
  variables: ShVariables;
  /** The variables of the `for` loops being unrolled around, each with its value in this pass. */
  pinned: ReadonlyMap<string, string>;
  /** Characters of loop bodies the reading may still read again to unroll loops (hostile input: bounded). */
  unrollBudget: { left: number };
}

/** Loops nested deeper than this are read once, their variables unresolved (each level multiplies the reading). */
const MAX_UNROLLED_LOOPS = 2;
/** Characters of loop bodies read again, in all, to unroll a script's loops: beyond, a loop is read once. */
const UNROLL_BUDGET = 256 * 1024;

/** The variables read as literals in a command or a file write, by name (`AGENT` → 'walinuxagent'). */
type Given = Map<string, string>;

/**
 * Reads a shell script with the bash grammar: each `command` node is interpreted from its name and arguments;
 * files written by redirection (`cat > f <<EOF`, `echo … >> f`, `… | tee f`) or edited by `sed -i` are read by
 * their path. Comments, and heredocs not written to a file, are never read as commands. A variable given one
 * literal (`AGENT=walinuxagent`) is read as that literal in command names, arguments and redirect targets
 * (sh-variables.ts). What follows an `exit` (or an `exec` of a command, a function's `return`) in the same sequence
 * never runs and is not read.
 */
export function readShell(ctx: ReadContext, text: string, span: Span, actor: string, nested: ReadNested): void {
  readSyntaxTree(ctx, ctx.parsers.bash, 'shell', text, span, (root) =>
    walk(root, { site: { ctx, span, depth: 0, actor }, nested, variables: shVariables(root.tree), pinned: new Map(), unrollBudget: { left: UNROLL_BUDGET }, inFunction: false, execEnds: execEndsIn(text) }),
  );
}


function walk(node: Node, r: Reading): void {
  if (node.isError) return;
  switch (node.type) {
    case 'comment':
    case 'heredoc_body':
      return;
    case 'command':
      if (!node.hasError) runCommand(r, commandOf(node, r), []);
      return;
    case 'redirected_statement':
      if (!node.hasError) redirected(node, r);
      return;
    case 'pipeline':
      if (!node.hasError) pipeline(node, r);
      return;
    case 'for_statement': {
      // `for unit in walinuxagent waagent; do …; done`: the body is read once for each literal, in order.
      const loop = r.variables.loopValues(node);
      const body = node.childForFieldName('body');
      const again = loop && body ? (body.endIndex - body.startIndex) * (loop.values.length - 1) : Infinity;
      if (loop && body && r.pinned.size < MAX_UNROLLED_LOOPS && again <= r.unrollBudget.left) {
        r.unrollBudget.left -= again;
        unroll(body, loop.name, loop.values, r);
        return;
      }
      break;
    }
    case 'function_definition': {
      const name = node.childForFieldName('name') ?? node.namedChildren[0];
      // Its uses are counted in code that may run (a `return` taken to end a function nowhere: the count errs high).
      if (name && !isFunctionUsed(name, false, (n) => shChildrenRun(n, { ...r, inFunction: false }))) return;
      r = { ...r, inFunction: true };
      break;
    }
  }
  for (const child of shChildrenRun(node, r)) walk(child, r);
}

/** Reads a loop's body once for each literal its variable takes (what it does without the variable, reported once). */
function unroll(body: Node, name: string, values: readonly string[], r: Reading): void {
  r.site.ctx.readPerValue(values, (value) => walk(body, { ...r, pinned: new Map(r.pinned).set(name, value) }));
}

function commandOf(node: Node, r: Reading, given: Given = new Map()): Command {
  const nameNode = node.childForFieldName('name');
  const name = nameNode ? wordValue(nameNode, r, given) : '';
  const args: string[] = [];
  for (const child of node.namedChildren) {
    if (child === nameNode || child.type === 'command_name' || child.type === 'variable_assignment' || child.type === 'comment') continue;
    if (child.type === 'file_redirect' || child.type === 'heredoc_redirect' || child.type === 'herestring_redirect') continue;
    args.push(wordValue(child, r, given));
  }
  return { name, args, line: node.startPosition.row + 1, text: node.text.split('\n')[0]!, ...(given.size > 0 ? { given: givenText(given) } : {}) };
}

/**
 * The value of a word as the shell passes it: quotes removed, escapes resolved; variables that stand for literals
 * read as them (noted in `given`) when all of the word's do, expansions otherwise kept as written.
 */
function wordValue(node: Node, r: Reading, given: Given): string {
  if (node.text.includes('$')) {
    const read: Given = new Map();
    const value = shWord(node, (part, quoted) => {
      const name = plainName(part);
      const literal = name === undefined ? undefined : r.variables.valueAt(part, quoted, r.pinned);
      if (literal !== undefined) read.set(name!, literal);
      return literal;
    });
    if (value !== undefined) {
      for (const [name, literal] of read) given.set(name, literal);
      return value;
    }
  }
  return shWord(node, (part) => part.text)!;
}

/** The sentence's account of the variables read: `$AGENT = 'walinuxagent'`. */
function givenText(given: Given): string {
  return [...given].map(([name, value]) => `$${name} = '${value.replace(/'/g, "'\\''")}'`).join(', ');
}

function runCommand(r: Reading, command: Command, piped: string[]): void {
  const site = r.site;
  const plain = withoutSudo(command);
  const name = baseName(plain.name);
  if (name === 'sed' && plain.args.some((a) => /^(-i|--in-place)/.test(a) || /^-[a-zA-Z]*i/.test(a))) {
    sedInPlace(site, plain);
    return;
  }
  if (name === 'tee' && piped.length > 0) {
    const append = plain.args.some((a) => a === '-a' || a === '--append');
    for (const file of positional(plain.args)) {
      readFileWrite(site.ctx, { path: file, content: piped.join('\n'), span: fixedAt(site, command), actor: site.actor, append, ...givenOf(command) });
    }
    return;
  }
  interpretLinuxCommand(site, command, (text) => r.nested(text, fixedAt(site, command)));
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
    readFileWrite(site.ctx, { path: file, content: replacements.join('\n'), span: fixedAt(site, command), actor: site.actor, append: false, edit: true, ...givenOf(command) });
  }
}

function redirected(node: Node, r: Reading): void {
  const body = node.childForFieldName('body') ?? node.namedChildren[0];
  const targets = node.namedChildren.filter((c) => c.type === 'file_redirect');
  const heredoc = node.namedChildren.find((c) => c.type === 'heredoc_redirect');
  const heredocBody = heredoc?.namedChildren.find((c) => c.type === 'heredoc_body');
  if (!body) return;
  // `cat <<EOF | sudo tee -a f`: tree-sitter-bash puts the pipe into the heredoc redirect; the text goes to tee's files.
  const pipedTo = heredoc?.namedChildren.find((c) => c.type === 'pipeline' || c.type === 'command');
  const tee = pipedTo?.type === 'pipeline' ? pipedTo.namedChildren[0] : pipedTo;
  if (heredocBody && tee?.type === 'command' && body.type === 'command' && baseName(withoutSudo(commandOf(body, r)).name) === 'cat') {
    const given: Given = new Map();
    const teeCommand = withoutSudo(commandOf(tee, r, given));
    if (baseName(teeCommand.name) === 'tee') {
      writeHeredoc(r, heredocBody, positional(teeCommand.args), teeCommand.args.includes('-a') || teeCommand.args.includes('--append'), given);
      return;
    }
  }
  redirectedBody(body, targets, heredocBody, r);
}

/** A heredoc's text written to files (`cat <<EOF > f`, `tee f <<EOF`, `cat <<EOF | tee f`), at the heredoc's lines. */
function writeHeredoc(r: Reading, heredocBody: Node, files: readonly string[], append: boolean, given: Given): void {
  const site = r.site;
  const span: Span = { line: lineIn(site.span, heredocBody.startPosition.row + 1), fixed: site.span.fixed };
  const content = heredocText(heredocBody, r, given);
  for (const file of files) readFileWrite(site.ctx, { path: file, content, span, actor: site.actor, append, ...(given.size > 0 ? { given: givenText(given) } : {}) });
}

/**
 * A heredoc's text as written to the file. Under an unquoted delimiter the shell expands it: variables that stand for
 * literals are read as them (noted in `given`) when all of its expansions do; otherwise the text is kept as written.
 */
function heredocText(body: Node, r: Reading, given: Given): string {
  const text = body.text;
  const parts = body.namedChildren.filter((c) => c.type !== 'heredoc_content');
  if (parts.length === 0) return text;
  const read: Given = new Map();
  const unescape = (part: string) => part.replace(/\\\n/g, '').replace(/\\([$`\\])/g, '$1');
  let value = '';
  let at = 0;
  for (const part of parts) {
    const name = plainName(part);
    const literal = name === undefined ? undefined : r.variables.valueAt(part, true, r.pinned);
    if (literal === undefined) return text;
    read.set(name!, literal);
    value += unescape(text.slice(at, part.startIndex - body.startIndex)) + literal;
    at = part.endIndex - body.startIndex;
  }
  for (const [name, literal] of read) given.set(name, literal);
  return value + unescape(text.slice(at));
}

function redirectedBody(body: Node, targets: Node[], heredocBody: Node | undefined, r: Reading): void {
  // tree-sitter-bash parses `a >> f && b >> g` as the list `a >> f && b` redirected to g: the redirect is b's
  // (bash applies it to the last command of the list), and the commands before run as they are.
  if (body.type === 'list') {
    const commands = body.namedChildren.filter((c) => c.type !== 'comment');
    for (const command of commands.slice(0, -1)) walk(command, r);
    const last = commands[commands.length - 1];
    if (last) redirectedBody(last, targets, heredocBody, r);
    return;
  }
  // `{ echo a; echo b; } >> f`: what the group's echo and printf commands print goes to f.
  if (body.type === 'compound_statement' || body.type === 'subshell') {
    for (const part of shChildrenRun(body, r)) {
      const printed = part.type === 'command' && ['echo', 'printf'].includes(baseName(withoutSudo(commandOf(part, r)).name));
      if (printed) redirectedBody(part, targets, undefined, r);
      else walk(part, r);
    }
    return;
  }
  if (body.type !== 'command') {
    walk(body, r);
    return;
  }
  // The variables read in the command and in its targets, for the sentence.
  const given: Given = new Map();
  const command = commandOf(body, r, given);
  const name = baseName(withoutSudo(command).name);
  const writtenTo = targets
    .map((t) => ({ operator: t.children[0]?.text ?? '', destination: t.childForFieldName('destination') ?? t.namedChildren[t.namedChildren.length - 1] }))
    .filter((t) => t.destination && (t.operator === '>' || t.operator === '>>' || t.operator === '>|'))
    .map((t) => ({ operator: t.operator, path: wordValue(t.destination!, r, given) }));
  const site = r.site;
  if (heredocBody && (name === 'cat' || name === 'tee')) {
    const files = [...writtenTo.map((t) => t.path), ...(name === 'tee' ? positional(withoutSudo(command).args) : [])];
    writeHeredoc(r, heredocBody, files, writtenTo.some((t) => t.operator === '>>') || withoutSudo(command).args.includes('-a'), given);
    return;
  }
  const givenWrite = given.size > 0 ? { given: givenText(given) } : {};
  if ((name === 'echo' || name === 'printf') && writtenTo.length > 0) {
    const args = withoutSudo(command).args.filter((a, i) => !(i === 0 && /^-[neE]+$/.test(a)));
    const content = name === 'printf' ? (args[0] ?? '').replace(/\\n/g, '\n') : args.join(' ');
    for (const target of writtenTo) {
      readFileWrite(site.ctx, { path: target.path, content, span: fixedAt(site, command), actor: site.actor, append: target.operator === '>>', ...givenWrite });
    }
    return;
  }
  runCommand(r, command, []);
}

/** `echo "x" | tee -a f`, `Get-…`-style chains: the output of echo/printf feeds tee; other stages run as commands. */
function pipeline(node: Node, r: Reading): void {
  let piped: string[] = [];
  // The variables read by the echo that feeds the next stage, shown with what that stage writes.
  let given: Given = new Map();
  for (const stage of node.namedChildren) {
    if (stage.type !== 'command') {
      walk(stage, r);
      piped = [];
      continue;
    }
    const stageGiven: Given = new Map(given);
    const command = commandOf(stage, r, stageGiven);
    const name = baseName(withoutSudo(command).name);
    if (name === 'echo' || name === 'printf') {
      const args = withoutSudo(command).args.filter((a, i) => !(i === 0 && /^-[neE]+$/.test(a)));
      piped = [name === 'printf' ? (args[0] ?? '').replace(/\\n/g, '\n') : args.join(' ')];
      given = stageGiven;
      continue;
    }
    runCommand(r, command, piped);
    piped = [];
    given = new Map();
  }
}

function givenOf(command: Command): { given?: string } {
  return command.given ? { given: command.given } : {};
}
