import type { Command, CommandSite } from './command';
import type { ReadContext, Span } from './context';
import { cmdLinesRun } from './cmd-reachable';
import { interpretWindowsCommand, type Nested } from './windows';

/**
 * Reads a cmd.exe command line (the Windows Custom Script extension's `commandToExecute`, `cmd /c …`): split at
 * unquoted `&&`, `||`, `&`, `|`, each part tokenised as cmd does (double quotes group, `^` escapes), then
 * interpreted like any Windows command. `powershell -Command "…"` hands its script to the PowerShell grammar. Lines
 * that never run (after an unconditional `exit` or `goto`, up to a label some jump reaches: cmd-reachable.ts) are
 * not read.
 */
export function readCmd(ctx: ReadContext, text: string, span: Span, actor: string, nested: Nested): void {
  const site: CommandSite = { ctx, span, depth: 0, actor };
  const lines = text.split(/\r?\n/);
  const run = cmdLinesRun(lines);
  lines.forEach((lineText, index) => {
    if (!run[index] || /^\s*(rem\s|::)/i.test(lineText)) return;
    for (const part of splitCommands(lineText)) {
      const tokens = tokenize(part);
      if (tokens.length === 0) continue;
      const command: Command = { name: tokens[0]!.replace(/^@/, ''), args: tokens.slice(1), line: index + 1, text: part.trim() };
      interpretWindowsCommand(site, command, nested);
    }
  });
}

function splitCommands(line: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '^' && !quoted && i + 1 < line.length) {
      current += ch + line[++i];
      continue;
    }
    if (ch === '"') quoted = !quoted;
    if (!quoted && (ch === '&' || ch === '|')) {
      parts.push(current);
      current = '';
      if (line[i + 1] === ch) i++;
      continue;
    }
    current += ch;
  }
  parts.push(current);
  return parts;
}

function tokenize(part: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let quoted = false;
  let started = false;
  for (let i = 0; i < part.length; i++) {
    const ch = part[i]!;
    if (ch === '^' && !quoted && i + 1 < part.length) {
      current += part[++i];
      started = true;
    } else if (ch === '"') {
      quoted = !quoted;
      started = true;
    } else if (!quoted && /\s/.test(ch)) {
      if (started) tokens.push(current);
      current = '';
      started = false;
    } else {
      current += ch;
      started = true;
    }
  }
  if (started) tokens.push(current);
  return tokens;
}
