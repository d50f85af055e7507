import { readFileSync } from 'node:fs';

/**
 * A source file as text: UTF-8 (a BOM is left for the parsers, which skip it), or UTF-16 LE/BE when it starts with
 * that byte order mark, as Windows tools (PowerShell 5 `Out-File`, some editors) save templates. Every reader of
 * source text goes through here, so the positions of findings count the same characters.
 */
export function readSourceText(absolute: string): string {
  const bytes = readFileSync(absolute);
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.toString('utf16le', 2);
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2, bytes.length - (bytes.length % 2))).swap16().toString('utf16le');
  return bytes.toString('utf8');
}
