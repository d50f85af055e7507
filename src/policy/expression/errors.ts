/** A compile error or an evaluation error, positioned inside the expression source. */
export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number = start,
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}
