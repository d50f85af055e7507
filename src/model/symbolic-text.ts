import { SymbolicText, type SymbolicPart } from './unknown';

/** A string, or a string built from deploy-time inputs (see SymbolicText). */
export type Text = string | SymbolicText;

export function isText(value: unknown): value is Text {
  return typeof value === 'string' || value instanceof SymbolicText;
}

export function partsOf(text: Text): readonly SymbolicPart[] {
  return typeof text === 'string' ? [text] : text.parts;
}

/** The readable form: the string itself, or the symbolic display (`{vmName}-nic`). */
export function displayOf(text: Text): string {
  return typeof text === 'string' ? text : text.display;
}

/** Texts joined end to end: a string when all are strings, else a SymbolicText with the first symbol's reason. */
export function concatText(texts: readonly Text[]): Text {
  let symbolic: SymbolicText | undefined;
  for (const text of texts) {
    if (text instanceof SymbolicText) {
      symbolic = text;
      break;
    }
  }
  if (!symbolic) return (texts as string[]).join('');
  return new SymbolicText(texts.flatMap(partsOf), symbolic.reason, symbolic.at);
}

/** Texts joined with a literal separator between them. */
export function joinText(texts: readonly Text[], separator: string): Text {
  return concatText(texts.flatMap((text, i) => (i === 0 ? [text] : [separator, text])));
}

/** Splits at `separator` in the literal parts only: a token is one opaque piece of whichever segment holds it. */
export function splitText(text: Text, separator: string): Text[] {
  if (typeof text === 'string') return text.split(separator);
  const segments: SymbolicPart[][] = [[]];
  for (const part of text.parts) {
    if (typeof part !== 'string') {
      segments[segments.length - 1]!.push(part);
      continue;
    }
    part.split(separator).forEach((piece, index) => {
      if (index > 0) segments.push([]);
      segments[segments.length - 1]!.push(piece);
    });
  }
  return segments.map((parts) => fromParts(parts, text));
}

/** Applies `transform` to the literal parts and keeps every token as it is. */
export function mapLiterals(text: Text, transform: (literal: string) => string): Text {
  if (typeof text === 'string') return transform(text);
  return fromParts(
    text.parts.map((part) => (typeof part === 'string' ? transform(part) : part)),
    text,
  );
}

/** Whether a literal part of the text contains `search` (a token might too: only literals are certain). */
export function literalIncludes(text: Text, search: string): boolean {
  return partsOf(text).some((part) => typeof part === 'string' && part.includes(search));
}

/** Whether the text certainly starts with `prefix`: its first part is a literal that does. */
export function certainlyStartsWith(text: Text, prefix: string): boolean {
  const first = partsOf(text)[0];
  return typeof first === 'string' && first.startsWith(prefix);
}

/** Whether the text certainly ends with `suffix`: its last part is a literal that does. */
export function certainlyEndsWith(text: Text, suffix: string): boolean {
  const parts = partsOf(text);
  const last = parts[parts.length - 1];
  return typeof last === 'string' && last.endsWith(suffix);
}

function fromParts(parts: readonly SymbolicPart[], origin: SymbolicText): Text {
  if (parts.every((part) => typeof part === 'string')) return (parts as string[]).join('');
  return new SymbolicText(parts, origin.reason, origin.at);
}
