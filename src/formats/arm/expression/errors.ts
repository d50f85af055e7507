/**
 * Thrown inside function implementations for type and argument errors; the evaluator turns it into an Unknown.
 * Not an Error subclass: templates with many bad expressions would pay for a stack trace on every throw.
 */
export class ExpressionError {
  constructor(readonly message: string) {}
}

export function fail(message: string): never {
  throw new ExpressionError(message);
}
