import type { Colors } from './color';
import { formatJson } from './json';
import { formatStylish } from './stylish';
import type { LintResult } from '../findings/finding';
import { sanitizeResult } from '../findings/sanitize';

export const FORMATS = ['stylish', 'json'] as const;
export type FormatName = (typeof FORMATS)[number];

export interface FormatOptions {
  colors: Colors;
  explain: boolean;
}

/**
 * Formatters are plain functions from a result to text. Every one is given the sanitised result: names, paths and
 * messages from the repository with control and bidi characters escaped and long values cut (findings/sanitize).
 */
export function format(name: FormatName, unsafe: LintResult, options: FormatOptions): string {
  const result = sanitizeResult(unsafe);
  switch (name) {
    case 'json':
      return formatJson(result);
    case 'stylish':
      return formatStylish(result, options);
  }
}
