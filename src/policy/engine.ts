import { familyOf } from '../formats/registry';
import type { RuleSeverity, SkippedCheck } from '../findings/finding';
import type { DomainNode, Model } from '../model/domain';
import { GROUP_RESOURCE_TYPES, type Group } from '../model/facts';
import type { SourceRef } from '../model/location';
import { isUnknown, SymbolicText, type Unknown, type UnknownKind } from '../model/unknown';
import type { CompiledExpression } from './expression/ast';
import type { ExpressionError } from './expression/errors';
import { evaluate, type Scope } from './expression/interpret';
import { ModelHandle } from './expression/model-handle';
import { positionInOrigin } from './origin';
import { renderTemplate } from './template';
import type { CompiledPolicy, PolicyError, Severity } from './types';

export interface RuleSetting {
  severity?: RuleSeverity;
  options?: Record<string, unknown>;
}

/** What a policy runs on: a node of the model, or a group an analysis built. */
export type Subject = DomainNode | Group;

export interface PolicyFinding {
  policy: CompiledPolicy;
  /** The node the finding is reported on (a group's anchor, else its first member). */
  node: DomainNode;
  /** The resource the report names, when not `node` (a group: its type and label). */
  resource?: { type: string; name: string };
  severity: Severity;
  message: string;
  at: SourceRef;
  related: { at: SourceRef; message: string }[];
  fix: string;
  /** The reason the resource exists only under a condition; the reporter says "if deployed". */
  conditional?: string;
}

export type { SkippedCheck };

export interface EngineResult {
  findings: PolicyFinding[];
  skippedChecks: SkippedCheck[];
  /** Evaluation errors (a policy bug) and configuration errors (invalid options: the CLI exits 2). */
  errors: PolicyError[];
}

/**
 * Runs every implemented, enabled policy over every node of its subject kind, or every group of its group kind.
 * Never throws for a policy's fault.
 */
export function runPolicies(
  policies: readonly CompiledPolicy[],
  model: Model,
  settings: Readonly<Record<string, RuleSetting>>,
  groups: readonly Group[] = [],
): EngineResult {
  const result: EngineResult = { findings: [], skippedChecks: [], errors: [] };
  const handle = new ModelHandle(model);
  for (const policy of policies) {
    if (!policy.implemented || !policy.subject || !policy.assert) continue;
    const setting = settings[policy.id] ?? settings[policy.name] ?? {};
    const severity = setting.severity ?? policy.severity;
    if (severity === 'off') continue;
    const options = resolveOptions(policy, setting.options);
    if ('error' in options) {
      result.errors.push(options.error);
      continue;
    }
    const subjects = policy.subject === 'group' ? groups.filter((g) => g.groupKind === policy.groupKind) : model.ofKind(policy.subject);
    new PolicyRun(policy, severity, options.values, handle, result).run(subjects);
  }
  return result;
}

/** Schema defaults overlaid with the configured options, validated against the policy's options schema. */
export function resolveOptions(
  policy: CompiledPolicy,
  configured: Record<string, unknown> | undefined,
): { values: Record<string, unknown> } | { error: PolicyError } {
  const values = { ...policy.optionDefaults, ...configured };
  if (configured === undefined || Object.keys(configured).length === 0) return { values };
  const position = policy.positions.options ?? policy.positions.id;
  const configurationError = (message: string): { error: PolicyError } => ({
    error: { file: policy.file, ...position, message: `rule ${policy.id} (${policy.name}): ${message}`, kind: 'configuration' },
  });
  if (!policy.options) return configurationError(`has no options, but the configuration sets ${Object.keys(configured).join(', ')}`);
  // Only configured options need ajv; the usual run (defaults only) never loads it.
  const { validateOptions } = require('./schema-validation') as typeof import('./schema-validation');
  const problems = validateOptions(policy.options, values);
  if (problems.length === 0) return { values };
  const described = problems.map((problem) => {
    const name = problem.instancePath.slice(1).replace(/\//g, '.');
    if (problem.keyword === 'additionalProperties') {
      return `unknown option \`${(problem.params as { additionalProperty: string }).additionalProperty}\``;
    }
    return `option \`${name}\` ${problem.message ?? 'is invalid'}`;
  });
  return configurationError(`invalid options in the configuration: ${described.join('; ')}`);
}

class PolicyRun {
  private readonly reportedErrors = new Set<string>();

  constructor(
    private readonly policy: CompiledPolicy,
    private readonly severity: Severity,
    private readonly options: Record<string, unknown>,
    private readonly model: ModelHandle,
    private readonly result: EngineResult,
  ) {}

  run(subjects: readonly Subject[]): void {
    for (const subject of subjects) {
      if (subject.kind !== 'group' && subject.raw?.existing) continue;
      this.check(subject);
    }
  }

  private check(node: Subject): void {
    const { policy } = this;
    const scope: Scope = { [policy.subject as string]: node, options: this.options, model: this.model.forSubjectIn(node.file) };
    if (policy.when) {
      const applies = this.condition(policy.when, 'when', scope, node);
      if (applies === undefined || applies === false) return;
      if (isUnknown(applies)) {
        this.skip(node, `whether the rule applies is unknown: ${applies.reason}`, applies.kind);
        return;
      }
    }
    const holds = this.condition(policy.assert as CompiledExpression, 'assert', scope, node);
    if (holds === undefined || holds === true) return;
    if (isUnknown(holds)) {
      this.skip(node, holds.reason, holds.kind);
      return;
    }
    this.report(node, scope);
  }

  /** true/false/Unknown, or undefined after recording an error. */
  private condition(expression: CompiledExpression, field: string, scope: Scope, node: Subject): boolean | Unknown | undefined {
    const evaluated = evaluate(expression, scope);
    if (!evaluated.ok) {
      this.error(expression, evaluated.error, field, node);
      return undefined;
    }
    const value = evaluated.value;
    if (typeof value === 'boolean' || isUnknown(value)) return value;
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    this.error(expression, { message: `must be true or false, got ${got}`, start: 0 }, field, node);
    return undefined;
  }

  private report(subject: Subject, scope: Scope): void {
    const { policy } = this;
    const message = this.render(policy.message, 'message', scope, subject) ?? policy.title;
    const related = policy.related.flatMap((entry) => this.related(entry, scope, subject));
    const node = reportedNode(subject);
    const finding: PolicyFinding = {
      policy,
      node,
      severity: this.severity,
      message,
      at: locateIn(subject, policy.at),
      related,
      fix: this.renderFix(node, scope, subject),
    };
    if (subject.kind === 'group') finding.resource = { type: subject.anchor?.type ?? GROUP_RESOURCE_TYPES[subject.groupKind], name: subject.label };
    if (subject.kind !== 'group' && subject.conditional !== undefined) finding.conditional = subject.conditional;
    this.result.findings.push(finding);
  }

  /** One related location, or one per item of `each` (named `item` in the message). */
  private related(entry: CompiledPolicy['related'][number], scope: Scope, subject: Subject): { at: SourceRef; message: string }[] {
    if (!entry.each) {
      const text = this.render(entry.message, 'related', scope, subject);
      return text === undefined ? [] : [{ at: locateIn(subject, entry.at), message: text }];
    }
    const evaluated = evaluate(entry.each, scope);
    if (!evaluated.ok) {
      this.error(entry.each, evaluated.error, 'related.each', subject);
      return [];
    }
    if (isUnknown(evaluated.value)) return [];
    const items = Array.isArray(evaluated.value) ? evaluated.value : [evaluated.value];
    return items.flatMap((value) => {
      // Absent or Unknown items have no location; a link (a fact's `nic`, `subnet` …) stands for its node.
      if (value === null || value === undefined || isUnknown(value)) return [];
      const item = isLink(value) ? value.node : value;
      if (!isSubject(item)) {
        this.error(entry.each as CompiledExpression, { message: 'must yield nodes, groups or links to nodes', start: 0 }, 'related.each', subject);
        return [];
      }
      const text = this.render(entry.message, 'related', { ...scope, item }, subject);
      return text === undefined ? [] : [{ at: locateIn(item, entry.at), message: text }];
    });
  }

  /** The remediation for the node's format; a templated one rendered with the subject's facts. */
  private renderFix(node: DomainNode, scope: Scope, subject: Subject): string {
    const format = remediationFormat(node);
    const template = this.policy.remediationTemplates?.[format] ?? (format === 'bicep' ? this.policy.remediationTemplates?.arm : undefined);
    return (template && this.render(template, `remediation.${format}`, scope, subject)) ?? fixFor(this.policy, node);
  }

  private render(template: CompiledPolicy['message'], field: string, scope: Scope, node: Subject): string | undefined {
    if (!template) return undefined;
    const rendered = renderTemplate(template, scope);
    if (rendered.ok) return rendered.text;
    this.error(rendered.expression, rendered.error, field, node);
    return undefined;
  }

  private skip(node: Subject, reason: string, kind: UnknownKind): void {
    const label = node.kind === 'group' ? `${node.groupKind} ${node.label}` : nodeLabel(node);
    this.result.skippedChecks.push({ ruleId: this.policy.id, resource: label, file: node.file, reason, kind });
  }

  private error(expression: CompiledExpression, error: Pick<ExpressionError, 'message' | 'start'>, field: string, node: Subject): void {
    const position = expression.origin ? positionInOrigin(expression.origin, error.start) : this.policy.positions.id;
    const file = expression.origin?.file ?? this.policy.file;
    const key = `${file}:${position.line}:${position.column}:${error.message}`;
    if (this.reportedErrors.has(key)) return;
    this.reportedErrors.add(key);
    this.result.errors.push({
      file,
      ...position,
      message: `rule ${this.policy.id}, \`${field}\` on ${node.kind === 'group' ? `${node.groupKind} ${node.label}` : nodeLabel(node)}: ${error.message}`,
      kind: 'evaluation',
    });
  }
}

/** The source of a field path, else of its nearest declared ancestor, else the node's own location. */
export function locate(node: DomainNode, fieldPath: string | undefined): SourceRef {
  if (!fieldPath) return node.at;
  const segments = fieldPath.split('.');
  for (let length = segments.length; length > 0; length--) {
    const source = node.sources[segments.slice(0, length).join('.')];
    if (source) return source;
  }
  return node.at;
}

/**
 * The source of a field path of a node or group. A group's path goes through `anchor` (`anchor.name`) or a member
 * (`members.2.availabilitySetId`; `members.availabilitySetId` is the first member's); anything else is the group.
 */
export function locateIn(subject: Subject, fieldPath: string | undefined): SourceRef {
  if (subject.kind !== 'group') return locate(subject, fieldPath);
  if (!fieldPath) return subject.at;
  const [head, ...rest] = fieldPath.split('.');
  if (head === 'anchor') return subject.anchor ? locate(subject.anchor, rest.join('.') || undefined) : subject.at;
  if (head === 'members') {
    const index = rest[0] !== undefined && /^\d+$/.test(rest[0]) ? Number(rest.shift()) : 0;
    const member = subject.members[index];
    return member ? locate(member, rest.join('.') || undefined) : subject.at;
  }
  return subject.at;
}

/** The node a finding on a subject is reported on: a group's anchor, else its first member. */
function reportedNode(subject: Subject): DomainNode {
  if (subject.kind !== 'group') return subject;
  return subject.anchor ?? (subject.members[0] as DomainNode);
}

function isLink(value: unknown): value is { node: DomainNode } {
  return typeof value === 'object' && value !== null && 'node' in value && 'via' in value;
}

function isSubject(value: unknown): value is Subject {
  return typeof value === 'object' && value !== null && 'kind' in value && 'at' in value && 'label' in value;
}

function remediationFormat(node: DomainNode): 'arm' | 'bicep' | 'terraform' {
  if (familyOf(node.format) === 'terraform') return 'terraform';
  return node.format === 'bicep-json' ? 'bicep' : 'arm';
}

/** The remediation text for the node's format family (Bicep's own when it has one, else ARM's). */
export function fixFor(policy: CompiledPolicy, node: DomainNode): string {
  const { arm, bicep, terraform } = policy.remediation;
  if (familyOf(node.format) === 'terraform') return terraform ?? '';
  return (node.format === 'bicep-json' ? bicep : undefined) ?? arm ?? '';
}

function nodeLabel(node: DomainNode): string {
  if (typeof node.name === 'string') return node.name;
  if (node.name instanceof SymbolicText) return node.name.display;
  if (typeof node.id === 'string') return node.id;
  return `${node.type} in ${node.file}`;
}
