/** Plain syntax tree of an HCL file, converted once from the tree-sitter CST (which is then freed). */

/** 1-based, end exclusive column as tree-sitter reports it (UTF-16 code units). */
export interface Range {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface Body {
  attributes: Attribute[];
  blocks: Block[];
  range: Range;
}

export interface Attribute {
  name: string;
  expr: Expr;
  range: Range;
}

export interface Block {
  type: string;
  labels: string[];
  body: Body;
  range: Range;
}

export interface Comment {
  text: string;
  range: Range;
}

export interface HclFile {
  body: Body;
  comments: Comment[];
}

export type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'interpolation'; expr: Expr; range: Range }
  | { kind: 'if'; condition: Expr; then: TemplatePart[]; else: TemplatePart[]; range: Range }
  | { kind: 'for'; keyVar?: string; valueVar: string; collection: Expr; body: TemplatePart[]; range: Range };

export type Traverser = { kind: 'attr'; name: string } | { kind: 'index'; key: Expr };

export type Expr =
  | { kind: 'literal'; value: null | boolean | number | string; range: Range }
  | { kind: 'template'; parts: TemplatePart[]; range: Range }
  | { kind: 'tuple'; items: Expr[]; range: Range }
  | { kind: 'object'; items: { key: Expr; value: Expr; range: Range }[]; range: Range }
  | { kind: 'variable'; name: string; range: Range }
  | { kind: 'getattr'; object: Expr; name: string; range: Range }
  | { kind: 'index'; object: Expr; key: Expr; range: Range }
  | { kind: 'splat'; object: Expr; steps: Traverser[]; range: Range }
  | { kind: 'call'; name: string; args: Expr[]; expandLast: boolean; range: Range }
  | {
      kind: 'for';
      keyVar?: string;
      valueVar: string;
      collection: Expr;
      keyExpr?: Expr;
      valueExpr: Expr;
      condition?: Expr;
      grouping: boolean;
      range: Range;
    }
  | { kind: 'conditional'; condition: Expr; then: Expr; else: Expr; range: Range }
  | { kind: 'unary'; op: string; operand: Expr; range: Range }
  | { kind: 'binary'; op: string; left: Expr; right: Expr; range: Range }
  | { kind: 'invalid'; reason: string; range: Range };

export function attributeNamed(body: Body, name: string): Attribute | undefined {
  return body.attributes.find((a) => a.name === name);
}
