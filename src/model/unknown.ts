import type { SourceRef } from './location';

/**
 * Why a value cannot be known. Code tells Unknowns apart by kind, never by their reason text (which is for people).
 * `--explain` groups skipped checks by kind.
 */
export const UNKNOWN_KINDS = {
  'deploy-time-input': 'chosen at deployment: a parameter or variable without a value, a secret, newGuid(), a deployed resource\'s runtime property',
  'after-apply': 'known only when Terraform plans or applies: computed attributes, data sources',
  'provider-computed': 'not set in the configuration and computed by the provider (its documented default applies)',
  'not-in-run': 'depends on a file or resource this run does not have: a linked template, a parameter file, a resource declared elsewhere',
  ambiguous: 'names a resource declared in several files of the run (e.g. templates that all deploy to the default resource group), none of them the referrer\'s own file',
  'outside-repository': 'would need a file outside the repository, which is never read',
  'evaluation-limit': 'evaluation stopped at a budget (depth, steps, instances, size)',
  unsupported: 'a function or construct backup-lint does not evaluate',
  'not-evaluated': 'could not be evaluated: an error, a cycle or a value of the wrong type in the source',
} as const;

export type UnknownKind = keyof typeof UNKNOWN_KINDS;

/** The kind an Unknown gets when its creator names none. */
export const DEFAULT_UNKNOWN_KIND: UnknownKind = 'not-evaluated';

/**
 * A value the linter cannot know before deployment (an unevaluable expression, an unknown plan attribute,
 * a parameter without value). It is a first-class value: rules that meet it stay silent.
 * Subclasses are symbols (SymbolicText, SymbolicValue): unknown, but fixed within one deployment.
 *
 * Absent is not Unknown: a field the source does not set and Azure does not default is `null` (see "Absent" in
 * domain.ts).
 */
export class Unknown {
  readonly unknown = true as const;
  constructor(
    readonly reason: string,
    readonly at?: SourceRef,
    readonly kind: UnknownKind = DEFAULT_UNKNOWN_KIND,
  ) {}
  toString(): string {
    return `<unknown: ${this.reason}>`;
  }
}

/**
 * One deploy-time input inside a SymbolicText (a parameter without value, or a hash of inputs).
 * `identity` never contains `/` or `\u0001` (see `escapeSymbolIdentity`), so IDs built from symbols split on `/`
 * exactly like known IDs.
 */
export interface SymbolToken {
  readonly display: string;
  readonly identity: string;
}

export type SymbolicPart = string | SymbolToken;

const TOKEN_MARK = '\u0001';

/** Makes a token identity safe to embed: no `/` (ID segment separator) and no token mark. Injective. */
export function escapeSymbolIdentity(text: string): string {
  return text.replace(/[%/\u0001]/g, (ch) => `%${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * Text built from deploy-time inputs whose values are unknown but fixed within one deployment, e.g. a name
 * `concat(parameters('vmName'), '-nic')`. It IS an Unknown (every consumer that does not know about symbols
 * treats it as unknown and stays silent), but two symbolic texts with the same `identity` are the same string
 * at deployment, so joins by ID or name stay exact. `display` reads like `{vmName}-nic`; `identity` replaces each
 * input with a token naming its declaration (file and JSON pointer), so different inputs never collide.
 * Always holds at least one token: text without tokens is a plain string.
 */
export class SymbolicText extends Unknown {
  readonly parts: readonly SymbolicPart[];

  constructor(parts: readonly SymbolicPart[], reason: string, at?: SourceRef, kind: UnknownKind = 'deploy-time-input') {
    super(reason, at, kind);
    this.parts = mergeLiterals(parts);
  }

  // Both are made from `parts` when asked rather than kept: most symbolic texts of a run (IDs, names) are never shown,
  // and their identity is only read to make an index key (symbolicIdKey), which builds a string of its own.
  get display(): string {
    return this.parts.map((part) => (typeof part === 'string' ? part : part.display)).join('');
  }

  get identity(): string {
    return this.parts.map((part) => (typeof part === 'string' ? part : `${TOKEN_MARK}${part.identity}${TOKEN_MARK}`)).join('');
  }
}

function mergeLiterals(parts: readonly SymbolicPart[]): SymbolicPart[] {
  const merged: SymbolicPart[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const last = merged[merged.length - 1];
    if (typeof part === 'string' && typeof last === 'string') merged[merged.length - 1] = last + part;
    else merged.push(part);
  }
  // The model keeps it: a copy of exact length, not the pushed array's room for 17 parts.
  return merged.slice();
}

/**
 * Key under which symbolic IDs are indexed: literal parts compare case-insensitively like ARM IDs,
 * tokens exactly (they name files and declarations).
 */
export function symbolicIdKey(text: SymbolicText): string {
  return text.parts.map((part) => (typeof part === 'string' ? part.toLowerCase() : `${TOKEN_MARK}${part.identity}${TOKEN_MARK}`)).join('');
}

/** Whether an Unknown is a symbol (any subclass: SymbolicText, SymbolicValue) rather than a plain Unknown. */
export function isSymbol(value: Unknown): boolean {
  return Object.getPrototypeOf(value) !== Unknown.prototype;
}

/** A plain Unknown with the same reason: what a symbol becomes when an operation cannot carry it. */
export function withoutSymbol(value: Unknown): Unknown {
  return isSymbol(value) ? new Unknown(value.reason, value.at, value.kind) : value;
}

export function unknown(reason: string, at?: SourceRef, kind?: UnknownKind): Unknown {
  return new Unknown(reason, at, kind);
}


export function isUnknown(value: unknown): value is Unknown {
  return value instanceof Unknown;
}

/** A JSON value in which any node may be Unknown. */
export type Value = null | boolean | number | string | Value[] | { [key: string]: Value } | Unknown;

export type Maybe<T> = T | Unknown;

export function isObject(value: unknown): value is { [key: string]: Value } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Unknown);
}

/**
 * First Unknown found anywhere inside a value, or undefined when the value is fully known. A list or object that
 * appears several times (values share parts: `concat(x, x)`) is looked into once, so the walk costs the number
 * of distinct parts, not the 2^n paths a chain of such sharing makes.
 */
export function findUnknown(value: Value, seen?: Set<object>): Unknown | undefined {
  if (value instanceof Unknown) return value;
  if (value === null || typeof value !== 'object') return undefined;
  const visited = seen ?? new Set<object>();
  if (visited.has(value)) return undefined;
  visited.add(value);
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findUnknown(item, visited);
      if (found) return found;
    }
  } else {
    for (const key of Object.keys(value)) {
      const found = findUnknown(value[key] as Value, visited);
      if (found) return found;
    }
  }
  return undefined;
}
