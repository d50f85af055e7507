import { DOCUMENT_FORMATS, type SourceFormat } from '../formats/registry';

/**
 * Classifies a JSON file from its text, without parsing it: which of our formats it may be. Files that are none
 * (package.json, editor settings, …) are never parsed. `detectJsonFormat` confirms the guess after parsing; a file
 * that does not parse is reported under its guessed format (a truncated template is ours, a broken tsconfig is not).
 */
export function guessJsonFormat(text: string): SourceFormat | undefined {
  return DOCUMENT_FORMATS.find((format) => format.guess(text))?.id;
}

/** The format of parsed JSON by its top-level content (DESIGN §2); undefined for JSON that is none of ours. */
export function detectJsonFormat(value: unknown): SourceFormat | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const document = value as Record<string, unknown>;
  return DOCUMENT_FORMATS.find((format) => format.detect(document))?.id;
}
