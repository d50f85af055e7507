import { pathSegments } from '../config/yaml-document';
import type { NodeKind } from '../model/domain';
import type { GroupKind } from '../model/facts';
import type { CompiledExpression } from './expression/ast';
import { compileExpression } from './expression/compile';
import { ExpressionError } from './expression/errors';
import { SCOPE_NAMES } from './expression/vocabulary';
import { positionInOrigin, rebaseOrigin } from './origin';
import { compileOptionsSchema, describeSchemaError, validatePolicyDocument } from './schema-validation';
import { checkExpressionFields, checkFieldPath, itemShapeOf, subjectShape, type FieldProblem } from './field-check';
import { compileTemplate } from './template';
import type { Shape } from '../model/field-schema';
import type { ExpressionOrigin } from './expression/ast';
import type { CompiledPolicy, CompiledTemplate, Examples, PolicyError, Remediation, Severity } from './types';
import { YamlSource } from './yaml-source';

/** A policy file's fields after schema validation (DESIGN §6; schemas/policy.schema.json). */
interface PolicyDocument {
  id: string;
  name: string;
  title: string;
  cause?: number;
  severity: Severity;
  errorCodes?: string[];
  implemented?: boolean;
  reportedBy?: 'command';
  subject?: NodeKind | 'group';
  groupKind?: GroupKind;
  when?: string;
  assert?: string;
  message?: string;
  at?: string;
  related?: { at: string; each?: string; message: string }[];
  options?: { type: 'object'; properties: Record<string, { default: unknown }> };
  rationale: string;
  remediation?: Remediation;
  docs?: string[];
  examples?: Examples;
}

export interface PolicyLoadResult {
  policy?: CompiledPolicy;
  errors: PolicyError[];
}

/** Validates and compiles one policy file's text. Every problem comes back as a PolicyError with its line. */
export function compilePolicyText(text: string, file: string): PolicyLoadResult {
  const source = new YamlSource(file, text);
  const syntaxErrors = source.syntaxErrors();
  if (syntaxErrors.length > 0) {
    return { errors: syntaxErrors.map(({ position, message }) => policyError(file, position, `YAML: ${message}`)) };
  }
  const data = source.toJS();
  const schemaErrors = validatePolicyDocument(data);
  if (schemaErrors.length > 0) {
    return {
      errors: dedupe(
        schemaErrors.map((error) => {
          const segments = pathSegments(error.instancePath);
          const position =
            error.keyword === 'additionalProperties'
              ? source.positionOfKey(segments, (error.params as { additionalProperty: string }).additionalProperty)
              : source.positionOfPath(segments);
          return policyError(file, position, describeSchemaError(error));
        }),
      ),
    };
  }
  return new PolicyCompiler(source, data as PolicyDocument).compile();
}

class PolicyCompiler {
  private readonly errors: PolicyError[] = [];
  private readonly globals: readonly string[] | undefined;
  /** Scope names whose fields are checked against the model's field schema: the subject. */
  private readonly shapes: Record<string, Shape>;

  constructor(
    private readonly source: YamlSource,
    private readonly doc: PolicyDocument,
  ) {
    this.globals = doc.subject ? [doc.subject, ...SCOPE_NAMES] : undefined;
    this.shapes = doc.subject ? { [doc.subject]: subjectShape(doc.subject) } : {};
  }

  compile(): PolicyLoadResult {
    const { doc, source } = this;
    const policy: CompiledPolicy = {
      id: doc.id,
      name: doc.name,
      title: doc.title,
      cause: doc.cause ?? null,
      severity: doc.severity,
      errorCodes: doc.errorCodes ?? [],
      implemented: doc.implemented !== false,
      ...(doc.subject ? { subject: doc.subject } : {}),
      ...(doc.groupKind ? { groupKind: doc.groupKind } : {}),
      related: [],
      optionDefaults: {},
      rationale: doc.rationale,
      remediation: doc.remediation ?? {},
      docs: doc.docs ?? [],
      ...(doc.examples ? { examples: doc.examples } : {}),
      file: source.file,
      positions: { id: source.positionOfPath(['id']) },
    };
    const when = this.expression('when');
    if (when) policy.when = when;
    const assertion = this.expression('assert');
    if (assertion) policy.assert = assertion;
    const message = this.template(['message'], 'message');
    if (message) policy.message = message;
    if (doc.at) {
      policy.at = doc.at;
      if (doc.subject) this.checkPath(['at'], doc.at, subjectShape(doc.subject), doc.subject);
    }
    (doc.related ?? []).forEach((related, i) => {
      const each = related.each === undefined ? undefined : this.expressionAt(['related', i, 'each'], `related[${i}].each`);
      const item = each ? itemShapeOf(each.ast, each.source, this.shapes) : undefined;
      const template = this.template(['related', i, 'message'], `related[${i}].message`, item ? { item } : {});
      if (template) policy.related.push({ at: related.at, ...(each ? { each } : {}), message: template });
      if (item) this.checkPath(['related', i, 'at'], related.at, item, 'item');
      else if (doc.subject && related.each === undefined) this.checkPath(['related', i, 'at'], related.at, subjectShape(doc.subject), doc.subject);
    });
    for (const format of ['arm', 'bicep', 'terraform'] as const) {
      const text = doc.remediation?.[format];
      if (typeof text !== 'string' || !text.includes('{{')) continue;
      const template = this.template(['remediation', format], `remediation.${format}`);
      if (template) policy.remediationTemplates = { ...policy.remediationTemplates, [format]: template };
    }
    if (doc.options) this.options(policy, doc.options);
    this.errors.sort((a, b) => a.line - b.line || a.column - b.column);
    return this.errors.length > 0 ? { errors: this.errors } : { policy, errors: [] };
  }

  private expression(field: 'when' | 'assert'): CompiledExpression | undefined {
    return this.doc[field] === undefined ? undefined : this.expressionAt([field], field);
  }

  private expressionAt(path: (string | number)[], label: string): CompiledExpression | undefined {
    const scalar = this.source.scalarAt(path);
    if (!scalar || typeof scalar.value !== 'string') return undefined;
    const origin = this.source.originOf(scalar);
    try {
      const compiled = { ...compileExpression(scalar.value, this.globals ? { globals: this.globals } : {}), origin };
      this.report(checkExpressionFields(compiled.ast, compiled.source, this.shapes), origin);
      return compiled;
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      this.errors.push(policyError(this.source.file, positionInOrigin(origin, error.start), `in \`${label}\`: ${error.message}`));
      return undefined;
    }
  }

  private template(path: (string | number)[], label: string, extraShapes: Record<string, Shape> = {}): CompiledTemplate | undefined {
    const scalar = this.source.scalarAt(path);
    if (!scalar) return undefined;
    const origin = this.source.originOf(scalar);
    try {
      const extraNames = Object.keys(extraShapes);
      const { template, placeholders } = compileTemplate(String(scalar.value), this.globals ? { globals: [...this.globals, ...extraNames] } : {});
      for (const { expression, offset } of placeholders) {
        expression.origin = rebaseOrigin(origin, offset, expression.source.length);
        this.report(checkExpressionFields(expression.ast, expression.source, { ...this.shapes, ...extraShapes }), expression.origin);
      }
      return template;
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      this.errors.push(policyError(this.source.file, positionInOrigin(origin, error.start), `in \`${label}\`: ${error.message}`));
      return undefined;
    }
  }

  /** A field path (`at`) checked against the schema; positions point into its YAML scalar. */
  private checkPath(path: (string | number)[], fieldPath: string, from: Shape, label: string): void {
    const scalar = this.source.scalarAt(path);
    if (!scalar) return;
    this.report(checkFieldPath(fieldPath, from, label), this.source.originOf(scalar));
  }

  private report(problems: readonly FieldProblem[], origin: ExpressionOrigin): void {
    for (const problem of problems) {
      this.errors.push(policyError(this.source.file, positionInOrigin(origin, problem.start), problem.message));
    }
  }

  private options(policy: CompiledPolicy, schema: NonNullable<PolicyDocument['options']>): void {
    const position = this.source.positionOfPath(['options']);
    try {
      compileOptionsSchema(schema);
    } catch (error) {
      this.errors.push(policyError(this.source.file, position, `\`options\` is not a valid JSON Schema: ${(error as Error).message}`));
      return;
    }
    policy.options = schema;
    policy.positions.options = position;
    for (const [name, property] of Object.entries(schema.properties)) policy.optionDefaults[name] = property.default;
  }
}

function policyError(file: string, position: { line: number; column: number }, message: string): PolicyError {
  return { file, line: position.line, column: position.column, message, kind: 'policy' };
}

function dedupe(errors: PolicyError[]): PolicyError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.line}:${error.column}:${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
