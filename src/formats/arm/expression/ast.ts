/** Syntax tree of an ARM template expression (FORMATS §1.3). ARM has no operators: only calls, literals and accessors. */
export type ExpressionNode = StringLiteral | NumberLiteral | BooleanLiteral | NullLiteral | FunctionCall | PropertyAccess | IndexAccess;

export interface StringLiteral {
  kind: 'string';
  value: string;
}

export interface NumberLiteral {
  kind: 'number';
  value: number;
}

/** Bare `true` / `false` (ARM also accepts the function forms `true()` / `false()`). */
export interface BooleanLiteral {
  kind: 'boolean';
  value: boolean;
}

export interface NullLiteral {
  kind: 'null';
}

export interface FunctionCall {
  kind: 'call';
  /** User-defined function namespace (`__bicep` in `__bicep.isEven(...)`), absent for built-ins. */
  namespace?: string;
  name: string;
  /** Lower-cased name: function names are case-insensitive. */
  key: string;
  args: ExpressionNode[];
}

export interface PropertyAccess {
  kind: 'property';
  target: ExpressionNode;
  name: string;
}

export interface IndexAccess {
  kind: 'index';
  target: ExpressionNode;
  index: ExpressionNode;
}
