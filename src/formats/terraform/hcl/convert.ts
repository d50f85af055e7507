import type { Node } from 'web-tree-sitter';
import type { Attribute, Block, Body, Expr, Range, TemplatePart, Traverser } from './ast';
import { decodeQuotedText, decodeTemplateText, type IndentSegment, smallestIndent, stripIndent } from './strings';

/** Converts a tree-sitter CST (error-free) into the plain syntax tree of ./ast. */
export class CstConverter {
  constructor(private readonly source: string) {}

  range(node: Node): Range {
    const start = node.startPosition;
    const end = node.endPosition;
    return { line: start.row + 1, column: start.column + 1, endLine: end.row + 1, endColumn: end.column + 1 };
  }

  body(node: Node | null, fallback: Node): Body {
    const attributes: Attribute[] = [];
    const blocks: Block[] = [];
    for (const child of node?.namedChildren ?? []) {
      if (child.type === 'attribute') attributes.push(this.attribute(child));
      else if (child.type === 'block') blocks.push(this.block(child));
    }
    return { attributes, blocks, range: this.range(node ?? fallback) };
  }

  private attribute(node: Node): Attribute {
    const children = node.namedChildren;
    const name = children[0]!.text;
    const exprNode = children.find((c) => c.type === 'expression');
    return { name, expr: exprNode ? this.expression(exprNode) : this.invalid(node, 'missing value'), range: this.range(node) };
  }

  private block(node: Node): Block {
    const labels: string[] = [];
    let type = '';
    let body: Node | null = null;
    for (const child of node.namedChildren) {
      if (child.type === 'identifier') {
        if (type === '') type = child.text;
        else labels.push(child.text);
      } else if (child.type === 'string_lit') labels.push(this.stringLiteral(child));
      else if (child.type === 'body') body = child;
    }
    return { type, labels, body: this.body(body, node), range: this.range(node) };
  }

  expression(node: Node): Expr {
    const children = node.children;
    if (children.length === 1 && children[0]!.type === 'conditional') return this.conditional(children[0]!);
    return this.termSequence(children, 0).expr;
  }

  private conditional(node: Node): Expr {
    const [condition, then, otherwise] = node.namedChildren.filter((c) => c.type === 'expression');
    if (!condition || !then || !otherwise) return this.invalid(node, 'incomplete conditional');
    const range = this.range(node);
    const thenExpr = this.expression(then);
    const elseExpr = this.expression(otherwise);
    // Grammar gap: the grammar makes `?:` left-associative, so `a ? b : c ? d : e` arrives as
    // `(a ? b : c) ? d : e`. HCL is right-associative: hang `? d : e` onto the innermost else branch.
    const unparenthesized = condition.childCount === 1 && condition.children[0]!.type === 'conditional';
    const conditionExpr = this.expression(condition);
    if (unparenthesized && conditionExpr.kind === 'conditional') return reassociate(conditionExpr, thenExpr, elseExpr, range);
    return { kind: 'conditional', condition: conditionExpr, then: thenExpr, else: elseExpr, range };
  }

  /** An expression term (hidden `_expr_term` rule) spread over siblings: a head followed by postfix traversals. */
  private termSequence(children: Node[], start: number): { expr: Expr; next: number } {
    let i = start;
    const head = children[i];
    if (!head) return { expr: this.invalidAt(children[0] ?? null, 'empty expression'), next: i };
    let expr: Expr;
    if (head.type === '(') {
      // Comments may sit between the parentheses and the expression.
      const close = children.findIndex((c, j) => j > i && c.type === ')');
      const inner = children.slice(i + 1, close < 0 ? undefined : close).find((c) => c.type === 'expression');
      expr = inner ? this.expression(inner) : this.invalid(head, 'empty parentheses');
      i = close < 0 ? children.length : close + 1;
    } else {
      expr = this.termHead(head);
      i += 1;
    }
    const startNode = head;
    for (; i < children.length; i++) {
      const postfix = children[i]!;
      const range = this.spanRange(startNode, postfix);
      if (postfix.type === 'get_attr') expr = { kind: 'getattr', object: expr, name: postfix.namedChildren[0]!.text, range };
      else if (postfix.type === 'index') expr = { kind: 'index', object: expr, key: this.indexKey(postfix), range };
      else if (postfix.type === 'splat') expr = this.splat(expr, postfix, range);
      else if (postfix.type === 'comment') continue;
      else break;
    }
    return { expr, next: i };
  }

  private spanRange(first: Node, last: Node): Range {
    const a = this.range(first);
    const b = this.range(last);
    return { line: a.line, column: a.column, endLine: b.endLine, endColumn: b.endColumn };
  }

  private indexKey(node: Node): Expr {
    const inner = node.namedChildren[0]!;
    if (inner.type === 'legacy_index') {
      const digits = inner.text.replace(/^\./, '');
      return { kind: 'literal', value: Number(digits), range: this.range(inner) };
    }
    const keyNode = inner.namedChildren.find((c) => c.type === 'expression');
    return keyNode ? this.expression(keyNode) : this.invalid(inner, 'empty index');
  }

  private splat(object: Expr, node: Node, range: Range): Expr {
    const steps: Traverser[] = [];
    for (const step of node.namedChildren[0]?.namedChildren ?? []) {
      if (step.type === 'get_attr') steps.push({ kind: 'attr', name: step.namedChildren[0]!.text });
      else if (step.type === 'index') steps.push({ kind: 'index', key: this.indexKey(step) });
    }
    return { kind: 'splat', object, steps, range };
  }

  private termHead(node: Node): Expr {
    switch (node.type) {
      case 'literal_value':
        return this.literal(node.namedChildren[0]!);
      case 'template_expr':
        return this.template(node.namedChildren[0]!);
      case 'collection_value':
        return this.collection(node.namedChildren[0]!);
      case 'variable_expr':
        return { kind: 'variable', name: node.text, range: this.range(node) };
      case 'function_call':
        return this.call(node);
      case 'for_expr':
        return this.forExpr(node.namedChildren[0]!);
      case 'operation':
        return this.operation(node.namedChildren[0]!);
      case 'expression':
        return this.expression(node);
      default:
        return this.invalid(node, `unsupported syntax ${node.type}`);
    }
  }

  private literal(node: Node): Expr {
    const range = this.range(node);
    switch (node.type) {
      case 'numeric_lit': {
        const text = node.text;
        return { kind: 'literal', value: text.startsWith('0x') ? parseInt(text.slice(2), 16) : Number(text), range };
      }
      case 'bool_lit':
        return { kind: 'literal', value: node.text === 'true', range };
      case 'null_lit':
        return { kind: 'literal', value: null, range };
      case 'string_lit':
        return { kind: 'literal', value: this.stringLiteral(node), range };
      default:
        return this.invalid(node, `unsupported literal ${node.type}`);
    }
  }

  private stringLiteral(node: Node): string {
    const children = node.children;
    const open = children[0]!;
    const close = children[children.length - 1]!;
    return decodeQuotedText(this.source.slice(open.endIndex, close.startIndex));
  }

  private template(node: Node): Expr {
    const children = node.children;
    if (node.type === 'quoted_template') {
      const open = children[0]!;
      const close = children[children.length - 1]!;
      const parts = this.templateParts(children, 1, children.length - 1, open.endIndex, close.startIndex, decodeQuotedText);
      return { kind: 'template', parts, range: this.range(node) };
    }
    return this.heredoc(node);
  }

  private heredoc(node: Node): Expr {
    const children = node.children;
    const flush = children[0]!.text === '<<-';
    const identifiers = children.filter((c) => c.type === 'heredoc_identifier');
    const opening = identifiers[0]!;
    const closing = identifiers[identifiers.length - 1]!;
    const newline = this.source.indexOf('\n', opening.endIndex);
    const contentStart = newline < 0 ? opening.endIndex : newline + 1;
    const contentEnd = identifiers.length > 1 ? this.source.lastIndexOf('\n', closing.startIndex - 1) + 1 : contentStart;
    const first = children.indexOf(opening) + 1;
    const last = identifiers.length > 1 ? children.indexOf(closing) : children.length;
    const parts = this.templateParts(children, first, last, contentStart, Math.max(contentStart, contentEnd), decodeTemplateText, flush);
    return { kind: 'template', parts, range: this.range(node) };
  }

  /** Parts of a template between source offsets `from` and `to`: literal gaps between interpolations/directives. */
  templateParts(
    siblings: Node[],
    first: number,
    last: number,
    from: number,
    to: number,
    decode: (raw: string) => string,
    flush = false,
    stripLeading = false,
    stripTrailing = false,
  ): TemplatePart[] {
    const parts: TemplatePart[] = [];
    const segments: (IndentSegment & { part: { kind: 'text'; text: string } })[] = [];
    let position = from;
    let stripNextLeading = stripLeading;
    const pushText = (raw: string, followedByPart: boolean) => {
      let text = raw;
      if (stripNextLeading) text = text.trimStart();
      stripNextLeading = false;
      const atLineStart = position === from || this.source[position - 1] === '\n';
      const part = { kind: 'text' as const, text };
      segments.push({ text, atLineStart, followedByPart, part });
      parts.push(part);
    };
    for (let i = first; i < last; i++) {
      const child = siblings[i]!;
      if (child.type !== 'template_interpolation' && child.type !== 'template_directive') continue;
      if (child.startIndex < position) continue;
      pushText(this.source.slice(position, child.startIndex), true);
      // `${~`/`%{~` trim the whitespace before, `~}` the whitespace after (for directives: of the end tag).
      const opening = child.type === 'template_interpolation' ? child : child.namedChildren[0]!.children[0]!;
      const closing = child.type === 'template_interpolation' ? child : lastChild(child.namedChildren[0]!);
      if (hasStrip(opening, 'leading')) {
        const previous = parts[parts.length - 1];
        if (previous?.kind === 'text') previous.text = previous.text.trimEnd();
      }
      if (hasStrip(closing, 'trailing')) stripNextLeading = true;
      parts.push(child.type === 'template_interpolation' ? this.interpolation(child) : this.directive(child, decode));
      position = child.endIndex;
    }
    pushText(this.source.slice(position, to), false);
    if (stripTrailing) {
      const lastPart = parts[parts.length - 1];
      if (lastPart?.kind === 'text') lastPart.text = lastPart.text.trimEnd();
    }
    if (flush) {
      const indent = smallestIndent(segments);
      for (const segment of segments) segment.part.text = stripIndent(segment.part.text, indent, segment.atLineStart);
    }
    for (const segment of segments) segment.part.text = decode(segment.part.text);
    return parts.filter((p) => p.kind !== 'text' || p.text !== '');
  }

  private interpolation(node: Node): TemplatePart {
    const exprNode = node.namedChildren.find((c) => c.type === 'expression');
    const expr = exprNode ? this.expression(exprNode) : this.invalid(node, 'empty interpolation');
    return { kind: 'interpolation', expr, range: this.range(node) };
  }

  private directive(node: Node, decode: (raw: string) => string): TemplatePart {
    const inner = node.namedChildren[0]!;
    const kids = inner.children;
    const range = this.range(node);
    if (inner.type === 'template_if') {
      const intro = kids[0]!;
      const elseIndex = kids.findIndex((k) => k.type === 'template_else_intro');
      const end = kids[kids.length - 1]!;
      const thenEnd = elseIndex >= 0 ? kids[elseIndex]! : end;
      const conditionNode = intro.namedChildren.find((c) => c.type === 'expression');
      const condition = conditionNode ? this.expression(conditionNode) : this.invalid(intro, 'empty condition');
      const then = this.templateParts(kids, 1, elseIndex >= 0 ? elseIndex : kids.length - 1, intro.endIndex, thenEnd.startIndex, decode, false, hasStrip(intro, 'trailing'), hasStrip(thenEnd, 'leading'));
      const otherwise =
        elseIndex >= 0
          ? this.templateParts(kids, elseIndex + 1, kids.length - 1, kids[elseIndex]!.endIndex, end.startIndex, decode, false, hasStrip(kids[elseIndex]!, 'trailing'), hasStrip(end, 'leading'))
          : [];
      return { kind: 'if', condition, then, else: otherwise, range };
    }
    const start = kids[0]!;
    const end = kids[kids.length - 1]!;
    const names = start.namedChildren.filter((c) => c.type === 'identifier').map((c) => c.text);
    const collectionNode = start.namedChildren.find((c) => c.type === 'expression');
    const collection = collectionNode ? this.expression(collectionNode) : this.invalid(start, 'empty collection');
    const body = this.templateParts(kids, 1, kids.length - 1, start.endIndex, end.startIndex, decode, false, hasStrip(start, 'trailing'), hasStrip(end, 'leading'));
    const valueVar = names[names.length - 1] ?? '_';
    return names.length > 1
      ? { kind: 'for', keyVar: names[0]!, valueVar, collection, body, range }
      : { kind: 'for', valueVar, collection, body, range };
  }

  private collection(node: Node): Expr {
    const range = this.range(node);
    if (node.type === 'tuple') {
      const items = node.namedChildren.filter((c) => c.type === 'expression').map((c) => this.expression(c));
      return { kind: 'tuple', items, range };
    }
    const items = node.namedChildren
      .filter((c) => c.type === 'object_elem')
      .map((elem) => {
        const key = elem.childForFieldName('key')!;
        const value = elem.childForFieldName('val')!;
        return { key: this.objectKey(key), value: this.expression(value), range: this.range(elem) };
      });
    return { kind: 'object', items, range };
  }

  /** A bare identifier as an object key is the key's name, not a variable reference. */
  private objectKey(node: Node): Expr {
    const children = node.children;
    if (children.length === 1 && children[0]!.type === 'variable_expr') {
      return { kind: 'literal', value: children[0]!.text, range: this.range(node) };
    }
    return this.expression(node);
  }

  private call(node: Node): Expr {
    const name = node.namedChildren[0]!.text;
    const argsNode = node.namedChildren.find((c) => c.type === 'function_arguments');
    const argNodes = argsNode?.namedChildren ?? [];
    const args = argNodes.filter((c) => c.type === 'expression').map((c) => this.expression(c));
    const expandLast = argNodes.some((c) => c.type === 'ellipsis');
    return { kind: 'call', name, args, expandLast, range: this.range(node) };
  }

  private forExpr(node: Node): Expr {
    const range = this.range(node);
    const intro = node.namedChildren.find((c) => c.type === 'for_intro')!;
    const names = intro.namedChildren.filter((c) => c.type === 'identifier').map((c) => c.text);
    const collectionNode = intro.namedChildren.find((c) => c.type === 'expression')!;
    const expressions = node.namedChildren.filter((c) => c.type === 'expression').map((c) => this.expression(c));
    const condNode = node.namedChildren.find((c) => c.type === 'for_cond');
    const condExpr = condNode?.namedChildren.find((c) => c.type === 'expression');
    const common = {
      valueVar: names[names.length - 1] ?? '_',
      collection: this.expression(collectionNode),
      grouping: node.namedChildren.some((c) => c.type === 'ellipsis'),
      range,
      ...(names.length > 1 ? { keyVar: names[0]! } : {}),
      ...(condExpr ? { condition: this.expression(condExpr) } : {}),
    };
    if (node.type === 'for_object_expr') {
      return { kind: 'for', ...common, keyExpr: expressions[0]!, valueExpr: expressions[1]! };
    }
    return { kind: 'for', ...common, valueExpr: expressions[0]! };
  }

  private operation(node: Node): Expr {
    const range = this.range(node);
    const children = node.children;
    if (node.type === 'unary_operation') {
      const operand = this.termSequence(children, 1).expr;
      return { kind: 'unary', op: children[0]!.text, operand, range };
    }
    const left = this.termSequence(children, 0);
    const op = children[left.next]!.text;
    const right = this.termSequence(children, left.next + 1).expr;
    return { kind: 'binary', op, left: left.expr, right, range };
  }

  private invalid(node: Node, reason: string): Expr {
    return { kind: 'invalid', reason, range: this.range(node) };
  }

  private invalidAt(node: Node | null, reason: string): Expr {
    const range = node ? this.range(node) : { line: 1, column: 1, endLine: 1, endColumn: 1 };
    return { kind: 'invalid', reason, range };
  }
}

function lastChild(node: Node): Node {
  return node.children[node.children.length - 1]!;
}

/** Whether a `${…}` / `%{…}` tag carries a `~` right after its opening or right before its closing brace. */
function hasStrip(tag: Node, side: 'leading' | 'trailing'): boolean {
  const kids = tag.children;
  return side === 'leading' ? kids[1]?.type === 'strip_marker' : kids[kids.length - 2]?.type === 'strip_marker';
}

function reassociate(left: Extract<Expr, { kind: 'conditional' }>, then: Expr, otherwise: Expr, range: Range): Expr {
  const innermost: Expr =
    left.else.kind === 'conditional' && left.else.range.endLine === left.range.endLine && left.else.range.endColumn === left.range.endColumn
      ? reassociate(left.else, then, otherwise, range)
      : { kind: 'conditional', condition: left.else, then, else: otherwise, range };
  return { ...left, else: innermost, range };
}
