/**
 * The expression language's own AST: only the node types the language allows, JSON-serializable so that
 * built-in policies can be compiled at build time and shipped without the TypeScript parser.
 * `start`/`end` are offsets into the expression source.
 */
export interface Span {
  start: number;
  end: number;
}

export type LiteralValue = string | number | boolean | null;

export interface LiteralNode extends Span {
  type: 'Literal';
  value: LiteralValue;
}

/** `undefined` is a literal here: it cannot be shadowed or assigned. */
export interface UndefinedNode extends Span {
  type: 'Undefined';
}

export interface IdentifierNode extends Span {
  type: 'Identifier';
  name: string;
}

export interface MemberNode extends Span {
  type: 'Member';
  object: ExpressionNode;
  /** A static name (`a.b`) or a computed key (`a[expr]`). */
  property: { name: string } | { computed: ExpressionNode };
  optional: boolean;
}

/** A method call (`xs.some(...)`, `s.trim()`) or a helper call (`lower(s)`). */
export interface CallNode extends Span {
  type: 'Call';
  callee: { method: string; receiver: ExpressionNode; optional: boolean } | { helper: string };
  args: ExpressionNode[];
  /** `xs.some?.(...)` — rarely useful, kept for JS fidelity. */
  optional: boolean;
}

export interface ArrowNode extends Span {
  type: 'Arrow';
  params: string[];
  body: ExpressionNode;
}

export type BinaryOperator = '===' | '!==' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';
export type LogicalOperator = '&&' | '||' | '??';
export type UnaryOperator = '!' | '-' | '+' | 'typeof';

export interface BinaryNode extends Span {
  type: 'Binary';
  operator: BinaryOperator;
  left: ExpressionNode;
  right: ExpressionNode;
}

export interface LogicalNode extends Span {
  type: 'Logical';
  operator: LogicalOperator;
  left: ExpressionNode;
  right: ExpressionNode;
}

export interface UnaryNode extends Span {
  type: 'Unary';
  operator: UnaryOperator;
  argument: ExpressionNode;
}

export interface ConditionalNode extends Span {
  type: 'Conditional';
  test: ExpressionNode;
  consequent: ExpressionNode;
  alternate: ExpressionNode;
}

export interface TemplateNode extends Span {
  type: 'Template';
  /** Cooked text parts; always one more than `expressions`. */
  quasis: string[];
  expressions: ExpressionNode[];
}

export interface ArrayNode extends Span {
  type: 'Array';
  elements: ExpressionNode[];
}

export interface ObjectNode extends Span {
  type: 'Object';
  properties: { key: string; value: ExpressionNode }[];
}

/** The boundary of an optional chain: a short-circuit anywhere inside yields `undefined` here. */
export interface ChainNode extends Span {
  type: 'Chain';
  expression: ExpressionNode;
}

export type ExpressionNode =
  | LiteralNode
  | UndefinedNode
  | IdentifierNode
  | MemberNode
  | CallNode
  | ArrowNode
  | BinaryNode
  | LogicalNode
  | UnaryNode
  | ConditionalNode
  | TemplateNode
  | ArrayNode
  | ObjectNode
  | ChainNode;

/** Where an expression's characters are in its policy file: runs of consecutive characters on one line. */
export interface ExpressionOrigin {
  file: string;
  /** `[offset in the expression source, 1-based line, 1-based column]`, ascending by offset. */
  segments: [number, number, number][];
}

export interface CompiledExpression {
  source: string;
  ast: ExpressionNode;
  origin?: ExpressionOrigin;
}
