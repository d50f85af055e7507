import { gunzipSync } from 'node:zlib';
import { LIMITS } from './context';

/** A decoding outcome: the bytes, or why they could not be had. */
export type Decoded = { ok: true; bytes: Buffer; gzip: boolean } | { ok: false; reason: string };

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Whether the text is base64 (whitespace allowed between groups, as PEM-style wrapping puts it). */
export function looksLikeBase64(text: string): boolean {
  const compact = text.replace(/\s+/g, '');
  return compact.length > 0 && compact.length % 4 === 0 && BASE64.test(compact);
}

/** Strict base64 (then gzip when the bytes start with its magic number, inflated up to LIMITS.inflatedBytes). */
export function decodeBase64(text: string, what: string): Decoded {
  if (!looksLikeBase64(text)) return { ok: false, reason: `${what} is not valid base64` };
  const bytes = Buffer.from(text.replace(/\s+/g, ''), 'base64');
  return inflateIfGzip(bytes, what);
}

export function inflateIfGzip(bytes: Buffer, what: string): Decoded {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return { ok: true, bytes, gzip: false };
  try {
    return { ok: true, bytes: gunzipSync(bytes, { maxOutputLength: LIMITS.inflatedBytes }), gzip: true };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || /too large|maxOutputLength|buffer/i.test(String((error as Error).message))) {
      return { ok: false, reason: `${what} inflates beyond ${LIMITS.inflatedBytes / 1024 / 1024} MiB (gzip cap); not read` };
    }
    return { ok: false, reason: `${what} is not valid gzip` };
  }
}

/** UTF-8 text from bytes, or undefined when they are binary (NUL bytes or invalid UTF-8 beyond a few characters). */
export function textOf(bytes: Buffer): string | undefined {
  if (bytes.length > LIMITS.textBytes) return undefined;
  const text = bytes.toString('utf8');
  if (text.includes('\u0000')) return undefined;
  const replaced = (text.match(/\ufffd/g) ?? []).length;
  if (replaced > 8 && replaced > text.length / 100) return undefined;
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** UTF-16LE text of PowerShell's `-EncodedCommand`. */
export function decodeUtf16Base64(text: string): string | undefined {
  if (!looksLikeBase64(text)) return undefined;
  const bytes = Buffer.from(text.replace(/\s+/g, ''), 'base64');
  if (bytes.length % 2 !== 0 || bytes.length > LIMITS.textBytes) return undefined;
  const decoded = bytes.toString('utf16le');
  return decoded.includes('\u0000') ? undefined : decoded;
}

/** One MIME part: its headers (lower-case names), body and the line the body starts at. */
export interface MimePart {
  headers: Map<string, string>;
  body: string;
  line: number;
}

/** Splits a cloud-init MIME multipart message into its parts; undefined when it is not one. */
export function mimeParts(text: string): MimePart[] | undefined {
  const head = text.slice(0, 4096);
  const boundaryMatch = /^content-type:\s*multipart\/[a-z]+;[\s\S]*?boundary="?([^"\r\n;]+)"?/im.exec(head);
  if (!boundaryMatch) return undefined;
  const boundary = '--' + boundaryMatch[1]!;
  const lines = text.split(/\r?\n/);
  const parts: MimePart[] = [];
  let current: { start: number; lines: string[] } | undefined;
  const flush = () => {
    if (!current || parts.length >= LIMITS.mimeParts) return;
    const headers = new Map<string, string>();
    let i = 0;
    for (; i < current.lines.length && current.lines[i]!.trim() !== ''; i++) {
      const header = /^([A-Za-z-]+):\s*(.*)$/.exec(current.lines[i]!);
      if (header) headers.set(header[1]!.toLowerCase(), header[2]!.trim());
    }
    parts.push({ headers, body: current.lines.slice(i + 1).join('\n'), line: current.start + i + 2 });
  };
  lines.forEach((line, index) => {
    if (line.trim() === boundary || line.trim() === boundary + '--') {
      flush();
      current = line.trim() === boundary ? { start: index + 1, lines: [] } : undefined;
    } else if (current) {
      current.lines.push(line);
    }
  });
  flush();
  return parts;
}
