import type { Colors } from './color';
import { formatJson } from './json';
import { formatStylish } from './stylish';
import type { LintResult } from '../findings/finding';

export const FORMATS = ['stylish', 'json'] as const;
export type FormatName = (typeof FORMATS)[number];

export interface FormatOptions {
  colors: Colors;
  explain: boolean;
}

/** Formatters are plain functions from a result to text. */
export function format(name: FormatName, result: LintResult, options: FormatOptions): string {
  switch (name) {
    case 'json':
      return formatJson(result);
    case 'stylish':
      return formatStylish(result, options);
  }
}
