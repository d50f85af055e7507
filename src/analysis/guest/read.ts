import { readCmd } from './cmd';
import { LIMITS, ReadContext, type Span } from './context';
import { decodeBase64, looksLikeBase64, mimeParts, textOf } from './decode';
import type { GuestParsers } from './grammars';
import { readPowerShell } from './powershell';
import { readShell } from './shell';
import type { Nested } from './windows';
import type { SourceRef } from '../../model/location';
import type { TextFile } from '../../model/resource';
import { isUnknown, SymbolicText, type Maybe } from '../../model/unknown';

export type GuestLanguage = 'shell' | 'powershell' | 'cmd';

/** One guest text to read and how: whether it is base64, which language it is in when no header says. */
export interface GuestInput {
  /** How messages name it: "osProfile.customData", "settings.commandToExecute of extension cse". */
  label: string;
  text: Maybe<string>;
  at: SourceRef;
  base64: boolean;
  /** The language when the text carries no header (`#cloud-config`, `#!`, `<powershell>`); null: not run as a script. */
  language: Maybe<GuestLanguage | null>;
  /** Terraform: the file the text was read from by file()/templatefile(). */
  origin?: TextFile;
}

/** Reads one guest text: decodes it, recognises what it is and hands it to the readers. Never throws on content. */
export function readGuestText(parsers: GuestParsers, input: GuestInput): ReadContext {
  const { text, markers } = withMarkers(input.text);
  const label = input.base64 ? `the decoded ${input.label}` : input.label;
  const ctx = new ReadContext(parsers, markers, input.at, label);
  if (isUnknown(input.text) && text === undefined) {
    ctx.unreadable.push(input.text);
    return ctx;
  }
  if (markers.size > 0) ctx.unreadableText(`part of the text is a deploy-time input (${[...markers.values()].slice(0, 3).join(', ')})`, 'deploy-time-input');
  let decoded = text!;
  if (decoded.length > LIMITS.textBytes * 2) {
    ctx.unreadableText(`the text is longer than ${LIMITS.textBytes * 2} characters; not read`, 'evaluation-limit');
    return ctx;
  }
  if (input.base64) {
    if (markers.size > 0) {
      // The Terraform evaluator passes a partially-known text through base64encode() unencoded.
      if (looksLikeBase64(decoded.split(/BLUNKNOWN\d+Q/).join(''))) {
        ctx.unreadableText('base64 built from a deploy-time input cannot be decoded', 'deploy-time-input');
        return ctx;
      }
    } else {
      const bytes = decodeBase64(decoded, input.label);
      const value = bytes.ok ? textOf(bytes.bytes) : undefined;
      if (!bytes.ok || value === undefined) {
        ctx.unreadableText(bytes.ok ? 'the decoded bytes are not text' : bytes.reason);
        return ctx;
      }
      if (bytes.gzip) ctx.kinds.add('gzip');
      decoded = value;
    }
  }
  ctx.decoded = decoded;
  readText(ctx, decoded, { line: 1, fixed: false }, input.language, 0);
  return ctx;
}

/** A partially-known text with each unknown part replaced by a marker word (a wildcard: it matches nothing). */
function withMarkers(text: Maybe<string>): { text: string | undefined; markers: Map<string, string> } {
  const markers = new Map<string, string>();
  if (typeof text === 'string') return { text, markers };
  if (!(text instanceof SymbolicText)) return { text: undefined, markers };
  const parts = text.parts.map((part, index) => {
    if (typeof part === 'string') return part;
    const marker = `BLUNKNOWN${index}Q`;
    // Template tokens display as written (`${hostname}`); ARM symbols as `{name}`.
    markers.set(marker, /^[$%]\{/.test(part.display) ? part.display : '$' + (part.display.startsWith('{') ? part.display : `{${part.display}}`));
    return marker;
  });
  return { text: parts.join(''), markers };
}

function readText(ctx: ReadContext, text: string, span: Span, language: Maybe<GuestLanguage | null>, depth: number): void {
  if (depth > LIMITS.depth) {
    ctx.unreadableText(`texts nested deeper than ${LIMITS.depth} levels are not read`, 'evaluation-limit');
    return;
  }
  const next = (inner: string, innerSpan: Span, innerLanguage: Maybe<GuestLanguage | null>) => readText(ctx, inner, innerSpan, innerLanguage, depth + 1);
  const parts = mimeParts(text);
  if (parts) {
    ctx.kinds.add('mime');
    for (const [index, part] of parts.entries()) {
      let body = part.body;
      let partSpan: Span = { line: span.fixed ? span.line : span.line + part.line - 1, fixed: span.fixed };
      if (!span.fixed) ctx.mimeParts.push({ index: index + 1, type: (part.headers.get('content-type') ?? 'text/plain').split(';')[0]!.trim(), from: partSpan.line, to: partSpan.line + body.split('\n').length - 1 });
      if (/base64/i.test(part.headers.get('content-transfer-encoding') ?? '')) {
        const bytes = decodeBase64(body, 'a base64 MIME part');
        const value = bytes.ok ? textOf(bytes.bytes) : undefined;
        if (!bytes.ok || value === undefined) {
          ctx.unreadableText(bytes.ok ? 'a MIME part is binary' : bytes.reason);
          continue;
        }
        body = value;
        partSpan = { line: partSpan.line, fixed: true };
      }
      const type = (part.headers.get('content-type') ?? '').toLowerCase();
      if (type.startsWith('text/cloud-config')) readCloudConfigText(ctx, body, partSpan, depth);
      else if (type.startsWith('text/x-shellscript') || type.startsWith('text/cloud-boothook')) shell(ctx, body, partSpan, 'the script', depth);
      else if (type.startsWith('text/x-include') || type.startsWith('text/part-handler') || type.startsWith('text/jinja')) ctx.unreadableText(`a ${type} MIME part is not read`, 'unsupported');
    }
    return;
  }
  const head = text.replace(/^\s+/, '').slice(0, 200);
  if (/^#cloud-config\b/.test(head)) return readCloudConfigText(ctx, text, span, depth);
  if (/^#cloud-boothook\b/.test(head)) return shell(ctx, text, span, 'the script', depth);
  if (/^#!/.test(head)) {
    const interpreter = head.split('\n')[0]!;
    if (/powershell|pwsh/i.test(interpreter)) return powershell(ctx, text, span, depth);
    if (/\b(ba|da|z|k)?sh\b/.test(interpreter)) return shell(ctx, text, span, 'the script', depth);
    return;
  }
  if (/^#ps1(_sysnative|_x86)?\b/i.test(head)) return powershell(ctx, text, span, depth);
  const wrapped = [...text.matchAll(/<(powershell|script)>([\s\S]*?)<\/\1>/gi)];
  if (wrapped.length > 0) {
    for (const match of wrapped) {
      const line = span.fixed ? span.line : span.line + text.slice(0, match.index!).split('\n').length - 1;
      const inner = { line, fixed: span.fixed };
      if (match[1]!.toLowerCase() === 'powershell') powershell(ctx, match[2]!, inner, depth);
      else next(match[2]!, inner, 'cmd');
    }
    return;
  }
  if (isUnknown(language)) {
    ctx.unreadableText(`it is not known how the text runs: ${language.reason}`, language.kind);
    return;
  }
  if (language === 'shell') shell(ctx, text, span, 'the script', depth);
  else if (language === 'powershell') powershell(ctx, text, span, depth);
  else if (language === 'cmd') {
    ctx.kinds.add('cmd');
    readCmd(ctx, text, span, 'the command', nestedWindows(ctx, depth));
  }
}

function readCloudConfigText(ctx: ReadContext, text: string, span: Span, depth: number): void {
  ctx.kinds.add('cloud-config');
  // Required here: the YAML parser loads only for a run that has cloud-config text.
  const { readCloudConfig } = require('./cloud-config') as typeof import('./cloud-config');
  readCloudConfig(ctx, text, span, (script, innerSpan, actor) => shell(ctx, script, innerSpan, actor, depth + 1));
}

function shell(ctx: ReadContext, text: string, span: Span, actor: string, depth: number): void {
  if (depth > LIMITS.depth) return ctx.unreadableText(`texts nested deeper than ${LIMITS.depth} levels are not read`, 'evaluation-limit');
  ctx.kinds.add('shell');
  readShell(ctx, text, span, actor, (inner, innerSpan) => shell(ctx, inner, innerSpan, actor, depth + 1));
}

function powershell(ctx: ReadContext, text: string, span: Span, depth: number): void {
  if (depth > LIMITS.depth) return ctx.unreadableText(`texts nested deeper than ${LIMITS.depth} levels are not read`, 'evaluation-limit');
  ctx.kinds.add('powershell');
  readPowerShell(ctx, text, span, 'the script', nestedWindows(ctx, depth));
}

function nestedWindows(ctx: ReadContext, depth: number): Nested {
  return {
    powershell: (text, line) => powershell(ctx, text, { line, fixed: true }, depth + 1),
    cmd: (text, line) => {
      if (depth + 1 > LIMITS.depth) return ctx.unreadableText(`texts nested deeper than ${LIMITS.depth} levels are not read`, 'evaluation-limit');
      const inner = { line, fixed: true };
      readCmd(ctx, text, inner, 'the command', nestedWindows(ctx, depth + 1));
    },
  };
}
