import type { Attribute, Block, Body, Expr, Range, TemplatePart, Traverser } from './ast';
import type { SyntaxNode as Node } from './flat-tree';
import {
  decodeQuotedText,
  decodeTemplateText,
  detached,
  flushIndent,
  InvalidEscapeError,
  type LiteralToken,
  trimSpaceEnd,
  trimSpaceStart,
} from './strings';

/** Source HCL rejects although the grammar accepts it: the file is reported at `at`. */
export class HclSyntaxError extends Error {
  constructor(
    message: string,
    readonly at: { line: number; column: number },
  ) {
    super(message);
  }
}

/** Converts a tree-sitter CST (error-free) into the plain syntax tree of ./ast. */
export class CstConverter {
  constructor(private readonly source: string) {}

  range(node: Node): Range {
    return node.range();
  }

  body(node: Node | null, fallback: Node): Body {
    const attributes: Attribute[] = [];
    const blocks: Block[] = [];
    let previous: Node | undefined;
    for (const child of node?.namedChildren ?? []) {
      if (child.type !== 'attribute' && child.type !== 'block') continue;
      const range = this.range(child);
      // HCL ends every argument and block with a newline (comments aside).
      if (previous && !this.newlineBetween(previous, child, node!.namedChildren)) {
        throw new HclSyntaxError(`missing newline before ${child.type === 'block' ? 'block' : 'argument'} definition`, range);
      }
      previous = child;
      if (child.type === 'block') {
        blocks.push(this.block(child));
        continue;
      }
      const attribute = this.attribute(child);
      const first = attributes.find((a) => a.name === attribute.name);
      if (first) throw new HclSyntaxError(`argument "${attribute.name}" is set more than once (first at line ${first.range.line})`, range);
      attributes.push(attribute);
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
    if (body) this.checkSingleLineBlock(node, body);
    return { type, labels, body: this.body(body, node), range: this.range(node) };
  }

  /** Whether a newline separates two siblings; one inside a block comment does not count, as in HCL. */
  private newlineBetween(first: Node, second: Node, siblings: Node[]): boolean {
    let gap = this.source.slice(first.endIndex, second.startIndex);
    for (const comment of siblings) {
      if (comment.type !== 'comment' || comment.startIndex < first.endIndex || comment.endIndex > second.startIndex) continue;
      if (!this.source.startsWith('/*', comment.startIndex)) continue;
      const from = comment.startIndex - first.endIndex;
      gap = gap.slice(0, from) + ' '.repeat(comment.endIndex - comment.startIndex) + gap.slice(from + comment.endIndex - comment.startIndex);
    }
    return gap.includes('\n');
  }

  /** A block whose first item starts on the line of its `{` is a single-line block: one argument, closed there. */
  private checkSingleLineBlock(block: Node, body: Node): void {
    const items = body.namedChildren.filter((c) => c.type === 'attribute' || c.type === 'block');
    const open = block.children.find((c) => c.type === 'block_start');
    const first = items[0];
    if (!open || !first || first.startPosition.row !== open.startPosition.row) return;
    const at = this.range(first);
    if (first.type === 'block') throw new HclSyntaxError('a single-line block definition can contain only a single argument', at);
    if (block.endPosition.row !== first.endPosition.row) {
      throw new HclSyntaxError('invalid single-line block definition: close the block on the line of its argument', at);
    }
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
      if (postfix.type === 'get_attr' || postfix.type === 'index') expr = this.postfixes(expr, [postfix], startNode);
      else if (postfix.type === 'splat') {
        expr = this.splat(expr, postfix, this.spanRange(startNode, postfix));
        // Grammar gap: `.*` takes attribute steps only; the grammar also swallows what follows (`x.*.a[0].b`),
        // which applies to the list the splat made.
        const swallowed = postfix.namedChildren[0]?.type === 'attr_splat' ? postfix.namedChildren[0].namedChildren : [];
        const rest = swallowed.findIndex((step) => step.type !== 'get_attr');
        if (rest >= 0) expr = this.postfixes(expr, swallowed.slice(rest), startNode);
      }
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
    const splat = node.namedChildren[0];
    for (const step of splat?.namedChildren ?? []) {
      if (step.type === 'get_attr') steps.push({ kind: 'attr', name: step.namedChildren[0]!.text });
      else if (step.type === 'index' && splat!.type === 'full_splat') steps.push({ kind: 'index', key: this.indexKey(step) });
      else break;
    }
    return { kind: 'splat', object, steps, range };
  }

  /** Attribute and index steps applied to `object`; ranges span from `startNode` to each step. */
  private postfixes(object: Expr, steps: Node[], startNode: Node): Expr {
    let expr = object;
    for (const step of steps) {
      const range = this.spanRange(startNode, step);
      if (step.type === 'get_attr') expr = { kind: 'getattr', object: expr, name: step.namedChildren[0]!.text, range };
      else if (step.type === 'index') expr = { kind: 'index', object: expr, key: this.indexKey(step), range };
    }
    return expr;
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
        const text = this.source.slice(node.startIndex, node.endIndex);
        if (!/^[0-9]/.test(text) || /^0[xX]/.test(text)) throw new HclSyntaxError(`invalid number ${JSON.stringify(text)}: HCL numbers are decimal`, range);
        return { kind: 'literal', value: Number(text), range };
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
    return this.quotedLiteral(open.endIndex, close.startIndex);
  }

  /** Quoted literal text between two offsets, decoded; HCL rejects newlines and bad escapes in it. */
  private quotedLiteral(from: number, to: number): string {
    const raw = this.source.slice(from, to);
    const newline = raw.indexOf('\n');
    if (newline >= 0) {
      throw new HclSyntaxError('invalid multi-line string: quoted strings may not be split over lines (use \\n or a heredoc)', this.positionAt(from));
    }
    try {
      return detached(decodeQuotedText(raw));
    } catch (error) {
      if (error instanceof InvalidEscapeError) throw new HclSyntaxError(error.message, this.positionAt(from + error.offset));
      throw error;
    }
  }

  /** 1-based line and column (UTF-16 units, as tree-sitter counts) of a source offset. */
  private positionAt(offset: number): { line: number; column: number } {
    let line = 1;
    let lineStart = 0;
    for (let i = this.source.indexOf('\n'); i >= 0 && i < offset; i = this.source.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    return { line, column: offset - lineStart + 1 };
  }

  private template(node: Node): Expr {
    const children = node.children;
    if (node.type === 'quoted_template') {
      const open = children[0]!;
      const close = children[children.length - 1]!;
      const tokens: TemplateToken[] = [];
      this.templateTokens(children, 1, children.length - 1, open.endIndex, close.startIndex, false, tokens);
      return { kind: 'template', parts: this.templateParts(tokens, false), range: this.range(node) };
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
    const tokens: TemplateToken[] = [];
    this.templateTokens(children, first, last, contentStart, Math.max(contentStart, contentEnd), true, tokens);
    return { kind: 'template', parts: this.templateParts(tokens, flush), range: this.range(node) };
  }

  /**
   * The flat token list HCL's template parser works on: literal text (in heredocs one token per line, as HCL's
   * scanner makes them), interpolations and directive tags, in source order between offsets `from` and `to`.
   */
  private templateTokens(siblings: Node[], first: number, last: number, from: number, to: number, heredoc: boolean, out: TemplateToken[]): void {
    let position = from;
    const literal = (end: number) => {
      if (end <= position) return;
      if (!heredoc) {
        out.push({ kind: 'text', text: this.quotedLiteral(position, end) });
        return;
      }
      for (const line of this.source.slice(position, end).split(/(?<=\n)/)) out.push({ kind: 'text', text: detached(decodeTemplateText(line)) });
    };
    for (let i = first; i < last; i++) {
      const child = siblings[i]!;
      if (child.type !== 'template_interpolation' && child.type !== 'template_directive') continue;
      if (child.startIndex < position) continue;
      literal(child.startIndex);
      position = child.endIndex;
      if (child.type === 'template_interpolation') {
        out.push({ kind: 'interpolation', node: child, ...strips(child) });
        continue;
      }
      const inner = child.namedChildren[0]!;
      const kids = inner.children;
      const open = kids[0]!;
      const close = kids[kids.length - 1]!;
      out.push({ kind: inner.type === 'template_if' ? 'if' : 'for', node: inner, directive: child, ...strips(open) });
      const elseIndex = kids.findIndex((k) => k.type === 'template_else_intro');
      const bodyEnd = elseIndex >= 0 ? kids[elseIndex]! : close;
      this.templateTokens(kids, 1, elseIndex >= 0 ? elseIndex : kids.length - 1, open.endIndex, bodyEnd.startIndex, heredoc, out);
      if (elseIndex >= 0) {
        out.push({ kind: 'else', node: bodyEnd, ...strips(bodyEnd) });
        this.templateTokens(kids, elseIndex + 1, kids.length - 1, bodyEnd.endIndex, close.startIndex, heredoc, out);
      }
      out.push({ kind: 'end', node: close, ...strips(close) });
    }
    literal(to);
  }

  /**
   * Template parts from tokens, in HCL's order: strip markers trim the neighbouring literal token only, then
   * `<<-` removes indentation, then the nesting of directives is rebuilt.
   */
  private templateParts(tokens: TemplateToken[], flush: boolean): TemplatePart[] {
    tokens.forEach((token, i) => {
      if (token.kind === 'text') return;
      const before = tokens[i - 1];
      const after = tokens[i + 1];
      if (token.stripBefore && before?.kind === 'text') before.text = trimSpaceEnd(before.text);
      if (token.stripAfter && after?.kind === 'text') after.text = trimSpaceStart(after.text);
    });
    if (flush) flushIndent(tokens);
    const parts = this.nestParts(tokens, 0).parts;
    // A template that is exactly one interpolation yields its value; anything else (even text stripped to
    // nothing) yields a string, which the empty text part keeps.
    const passthrough = tokens.length === 1 && tokens[0]!.kind === 'interpolation';
    if (!passthrough && parts.length === 1 && parts[0]!.kind === 'interpolation') parts.push({ kind: 'text', text: '' });
    return parts;
  }

  private nestParts(tokens: readonly TemplateToken[], start: number): { parts: TemplatePart[]; next: number } {
    const parts: TemplatePart[] = [];
    let i = start;
    while (i < tokens.length) {
      const token = tokens[i]!;
      if (token.kind === 'else' || token.kind === 'end') break;
      i++;
      if (token.kind === 'text') {
        const previous = parts[parts.length - 1];
        if (previous?.kind === 'text') previous.text += token.text;
        else if (token.text !== '') parts.push({ kind: 'text', text: token.text });
      } else if (token.kind === 'interpolation') parts.push(this.interpolation(token.node));
      else {
        const body = this.nestParts(tokens, i);
        let otherwise: TemplatePart[] = [];
        i = body.next;
        if (tokens[i]?.kind === 'else') {
          const elseBody = this.nestParts(tokens, i + 1);
          otherwise = elseBody.parts;
          i = elseBody.next;
        }
        i++; // the end tag
        const directive = token as DirectiveToken;
        parts.push(directive.kind === 'if' ? this.ifDirective(directive, body.parts, otherwise) : this.forDirective(directive, body.parts));
      }
    }
    return { parts, next: i };
  }

  private interpolation(node: Node): TemplatePart {
    const exprNode = node.namedChildren.find((c) => c.type === 'expression');
    const expr = exprNode ? this.expression(exprNode) : this.invalid(node, 'empty interpolation');
    return { kind: 'interpolation', expr, range: this.range(node) };
  }

  private ifDirective(token: DirectiveToken, then: TemplatePart[], otherwise: TemplatePart[]): TemplatePart {
    const intro = token.node.children[0]!;
    const conditionNode = intro.namedChildren.find((c) => c.type === 'expression');
    const condition = conditionNode ? this.expression(conditionNode) : this.invalid(intro, 'empty condition');
    return { kind: 'if', condition, then, else: otherwise, range: this.range(token.directive) };
  }

  private forDirective(token: DirectiveToken, body: TemplatePart[]): TemplatePart {
    const start = token.node.children[0]!;
    const names = start.namedChildren.filter((c) => c.type === 'identifier').map((c) => c.text);
    const collectionNode = start.namedChildren.find((c) => c.type === 'expression');
    const collection = collectionNode ? this.expression(collectionNode) : this.invalid(start, 'empty collection');
    const valueVar = names[names.length - 1] ?? '_';
    const range = this.range(token.directive);
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
    const elements = node.namedChildren.filter((c) => c.type === 'object_elem');
    elements.forEach((elem, i) => {
      const before = elements[i - 1];
      if (before && !this.source.slice(before.endIndex, elem.startIndex).includes(',') && !this.newlineBetween(before, elem, node.namedChildren)) {
        throw new HclSyntaxError('missing attribute separator: a newline or comma must come before the next attribute', this.range(elem));
      }
    });
    const items = elements
      .map((elem) => {
        // The grammar's `key` and `val` fields: the element's two expressions, around `=` or `:`.
        const [key, value] = elem.namedChildren.filter((c) => c.type === 'expression');
        return { key: this.objectKey(key!), value: this.expression(value!), range: this.range(elem) };
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

type Strips = { stripBefore: boolean; stripAfter: boolean };
type DirectiveToken = { kind: 'if' | 'for'; node: Node; directive: Node } & Strips;
type TemplateToken =
  | LiteralToken
  | ({ kind: 'interpolation'; node: Node } & Strips)
  | DirectiveToken
  | ({ kind: 'else' | 'end'; node: Node } & Strips);

/** Whether a `${…}` / `%{…}` tag carries a `~` right after its opening or right before its closing brace. */
function strips(tag: Node): Strips {
  const kids = tag.children;
  return { stripBefore: kids[1]?.type === 'strip_marker', stripAfter: kids[kids.length - 2]?.type === 'strip_marker' };
}

function reassociate(left: Extract<Expr, { kind: 'conditional' }>, then: Expr, otherwise: Expr, range: Range): Expr {
  const innermost: Expr =
    left.else.kind === 'conditional' && left.else.range.endLine === left.range.endLine && left.else.range.endColumn === left.range.endColumn
      ? reassociate(left.else, then, otherwise, range)
      : { kind: 'conditional', condition: left.else, then, else: otherwise, range };
  return { ...left, else: innermost, range };
}
