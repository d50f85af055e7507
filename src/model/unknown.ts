import type { SourceRef } from './location';

/**
 * A value the linter cannot know before deployment (an unevaluable expression, an unknown plan attribute,
 * a parameter without value). It is a first-class value: rules that meet it stay silent.
 */
export class Unknown {
  readonly unknown = true as const;
  constructor(
    readonly reason: string,
    readonly at?: SourceRef,
  ) {}
  toString(): string {
    return `<unknown: ${this.reason}>`;
  }
}

export function unknown(reason: string, at?: SourceRef): Unknown {
  return new Unknown(reason, at);
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

/** First Unknown found anywhere inside a value, or undefined when the value is fully known. */
export function findUnknown(value: Value): Unknown | undefined {
  if (value instanceof Unknown) return value;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findUnknown(item);
      if (found) return found;
    }
  } else if (isObject(value)) {
    for (const key of Object.keys(value)) {
      const found = findUnknown(value[key] as Value);
      if (found) return found;
    }
  }
  return undefined;
}
