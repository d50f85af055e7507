import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { Command, CommandSite } from './command';
import { lineIn, type ReadContext, type Span } from './context';
import { decodeBase64, textOf } from './decode';
import { readFileWrite, readNetworkConfig } from './files';
import { interpretLinuxCommand } from './linux';

/** How the cloud-config hands on shell text (runcmd/bootcmd strings): to the shell reader, through the dispatcher. */
export type ReadShellText = (text: string, span: Span, actor: string) => void;

/**
 * Reads `#cloud-config` YAML: `write_files` (plain, b64 and gzip+b64 content, `append`) by their paths,
 * `runcmd`/`bootcmd` entries (a string is a shell script, a list is an argv), and network configuration.
 */
export function readCloudConfig(ctx: ReadContext, text: string, span: Span, shell: ReadShellText): void {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length > 0) {
    const line = counter.linePos(doc.errors[0]!.pos[0]).line;
    ctx.unreadableText(`the #cloud-config YAML does not parse (line ${lineIn(span, line)})`);
    return;
  }
  const root = doc.contents;
  if (!isMap(root)) return;
  const lineOf = (node: YamlNode | null | undefined) => lineIn(span, node?.range ? counter.linePos(node.range[0]).line : 1);

  const files = root.get('write_files', true);
  if (isSeq(files)) {
    for (const entry of files.items) {
      if (!isMap(entry)) continue;
      const path = scalarText(entry.get('path', true));
      const contentNode = entry.get('content', true) as YamlNode | undefined;
      const content = scalarText(contentNode);
      if (path === undefined || content === undefined) continue;
      const encoding = (scalarText(entry.get('encoding', true)) ?? 'text/plain').toLowerCase();
      const append = /^(true|yes)$/i.test(scalarText(entry.get('append', true)) ?? '');
      let decoded = content;
      let contentSpan: Span;
      if (/^(b64|base64|gz\+b64|gzip\+base64|gz\+base64|gzip\+b64)$/.test(encoding)) {
        const bytes = decodeBase64(content, `write_files content of ${path}`);
        const value = bytes.ok ? textOf(bytes.bytes) : undefined;
        if (!bytes.ok || value === undefined) {
          ctx.unreadableText(bytes.ok ? `write_files content of ${path} is binary` : bytes.reason);
          continue;
        }
        decoded = value;
        contentSpan = { line: lineOf(contentNode), fixed: true };
      } else if (/^(gz|gzip)$/.test(encoding)) {
        ctx.unreadableText(`write_files content of ${path} is gzip without base64`, 'unsupported');
        continue;
      } else {
        const blockScalar = isScalar(contentNode) && (contentNode.type === 'BLOCK_LITERAL' || contentNode.type === 'BLOCK_FOLDED');
        contentSpan = blockScalar ? { line: lineOf(contentNode) + 1, fixed: span.fixed } : { line: lineOf(contentNode), fixed: true };
      }
      readFileWrite(ctx, { path, content: decoded, span: contentSpan, actor: 'cloud-init', append });
    }
  }

  for (const key of ['bootcmd', 'runcmd']) {
    const list = root.get(key, true);
    if (!isSeq(list)) continue;
    if (readAsOneScript(list.items as YamlNode[], lineOf, span, (script, scriptSpan) => shell(script, scriptSpan, `cloud-init ${key}`))) continue;
    for (const item of list.items) {
      const itemNode = item as YamlNode;
      if (isScalar(itemNode)) {
        const script = scalarText(itemNode);
        const block = itemNode.type === 'BLOCK_LITERAL' || itemNode.type === 'BLOCK_FOLDED';
        if (script !== undefined) shell(script, { line: lineOf(itemNode) + (block ? 1 : 0), fixed: span.fixed || !block }, `cloud-init ${key}`);
      } else if (isSeq(itemNode)) {
        const argv = itemNode.items.map((i) => scalarText(i as YamlNode));
        if (argv.length === 0 || argv.some((a) => a === undefined)) continue;
        const line = lineOf(itemNode);
        const command: Command = { name: argv[0]!, args: argv.slice(1) as string[], line: 1, text: (argv as string[]).join(' ') };
        const site: CommandSite = { ctx, span: { line, fixed: true }, depth: 0, actor: `cloud-init ${key}` };
        interpretLinuxCommand(site, command, (nestedText) => shell(nestedText, { line, fixed: true }, `cloud-init ${key}`));
      }
    }
  }

  readNetworkConfig(root.get('network', true) as YamlNode | undefined, counter, text, (line, raw) => {
    const quote = ctx.quote(raw);
    ctx.add({ fact: 'staticIp', sentence: `the cloud-init network configuration sets \`${quote}\``, quote, line: lineIn(span, line), guestFile: null });
  });
}

/**
 * cloud-init writes the runcmd (bootcmd) entries into one shell script, one after another (an argv entry as its
 * words quoted), so a variable one entry sets is read by the next, and an entry's `exit` (or `exec`) ends the entries
 * after it. A list whose strings read a variable (`$`) or may end the script is read as that script, each of its lines
 * told at its entry's line; any other list is read entry by entry.
 */
function readAsOneScript(items: readonly YamlNode[], lineOf: (node: YamlNode) => number, span: Span, shell: (text: string, span: Span) => void): boolean {
  const scripts: string[] = [];
  for (const item of items) {
    const argv = isSeq(item) ? item.items.map((word) => scalarText(word)) : undefined;
    const script = isScalar(item) && typeof item.value === 'string' ? item.value : argv && argv.length > 0 && argv.every((w) => w !== undefined) ? (argv as string[]).map(shellQuote).join(' ') : undefined;
    if (script === undefined) return false;
    scripts.push(script);
  }
  if (scripts.length < 2 || !items.some((item, index) => isScalar(item) && /\$|\b(?:exit|exec)\b/.test(scripts[index]!))) return false;
  const lines: number[] = [];
  items.forEach((item, index) => {
    const block = isScalar(item) && (item.type === 'BLOCK_LITERAL' || item.type === 'BLOCK_FOLDED');
    const itemSpan: Span = { line: lineOf(item) + (block ? 1 : 0), fixed: span.fixed || !block };
    const count = scripts[index]!.split('\n').length;
    for (let line = 1; line <= count; line++) lines.push(lineIn(itemSpan, line));
  });
  shell(scripts.join('\n'), { line: lines[0]!, fixed: span.fixed, lines });
  return true;
}

/** A word as cloud-init writes an argv entry's words: quoted unless plain. */
function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const value = node.value;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}
