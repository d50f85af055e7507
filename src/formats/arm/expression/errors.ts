/** Thrown inside function implementations for type and argument errors; the evaluator turns it into an Unknown. */
export class ExpressionError extends Error {}

export function fail(message: string): never {
  throw new ExpressionError(message);
}
