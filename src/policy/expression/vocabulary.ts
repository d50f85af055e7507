/** What the expression language lets a policy call and read (the allow-lists the compiler and interpreter share). */

export const ARRAY_METHODS = ['some', 'every', 'filter', 'map', 'find', 'includes', 'flatMap', 'join'] as const;
export const STRING_METHODS = ['startsWith', 'endsWith', 'includes', 'toLowerCase', 'toUpperCase', 'split', 'trim'] as const;
/** Methods of the `model` scope value. */
export const MODEL_METHODS = ['ofKind', 'byId', 'resolve'] as const;

export const ALLOWED_METHODS: ReadonlySet<string> = new Set<string>([...ARRAY_METHODS, ...STRING_METHODS, ...MODEL_METHODS]);

/** Property names never readable, whatever the object: they lead out of the data into the runtime. */
export const FORBIDDEN_PROPERTIES: ReadonlySet<string> = new Set(['constructor', '__proto__', 'prototype']);

/**
 * Fields of a model node that describe its source format, not the domain: a policy reading them would behave
 * differently on ARM and Terraform for the same infrastructure. Messages name a property as written in its file
 * through the `source(node, field)` helper instead.
 */
export const SOURCE_FORMAT_FIELDS: ReadonlySet<string> = new Set(['raw', 'format']);

export const sourceFormatFieldError = (name: string): string =>
  `\`${name}\` is not readable: policies see the domain model, not the source format ` +
  '(name a property as written in its file with `source(node, "field.path")`)';

/** Identifiers every policy expression may use besides its subject name. */
export const SCOPE_NAMES = ['options', 'model'] as const;

export const MAX_AST_DEPTH = 64;
export const MAX_STEPS = 100_000;
export const MAX_STRING_LENGTH = 1_000_000;
