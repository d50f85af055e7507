import type { NodeKind } from '../model/domain';
import type { GroupKind } from '../model/facts';
import type { CompiledExpression } from './expression/ast';

import type { Severity } from '../findings/finding';

export type { Severity };

/**
 * Anything wrong with a policy, its evaluation or its configuration, positioned in a file.
 * `kind: 'configuration'` (invalid rule options from the config file) is a usage error: the CLI exits 2.
 */
export interface PolicyError {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  message: string;
  kind?: 'policy' | 'evaluation' | 'configuration';
}

/** Bad and good snippets per source format, for the rule's documentation. */
export interface Examples {
  arm?: ExamplePair;
  bicep?: ExamplePair;
  terraform?: ExamplePair;
}

export interface ExamplePair {
  bad: string;
  good: string;
}

export interface Remediation {
  arm?: string;
  bicep?: string;
  terraform?: string;
}

/** A `message` with `{{ expr }}` placeholders: literal text and compiled expressions, in order. */
export interface CompiledTemplate {
  parts: (string | { expression: CompiledExpression })[];
}

export interface FilePosition {
  line: number;
  column: number;
}

/**
 * A policy ready to run (and to serialise: built-ins are compiled at build time into JSON).
 * Catalogue-only entries (`implemented: false`) have no subject and no expressions.
 */
export interface CompiledPolicy {
  id: string;
  name: string;
  title: string;
  /** DESIGN §1 cause 1–4; null for rules outside the four causes (BL001). */
  cause: number | null;
  severity: Severity;
  errorCodes: string[];
  implemented: boolean;
  /** A node kind, or `group` (then `groupKind` says which groups). Also the subject's name in expressions. */
  subject?: NodeKind | 'group';
  groupKind?: GroupKind;
  when?: CompiledExpression;
  assert?: CompiledExpression;
  message?: CompiledTemplate;
  /** Field path of the subject whose source location is reported (`agent.provisioned`). */
  at?: string;
  /**
   * Extra locations. Without `each`, `at` is a field path of the subject; with it, one location per node (or group)
   * the `each` expression yields, `at` a field path of that item, and `item` names it in the message.
   */
  related: { at: string; each?: CompiledExpression; message: CompiledTemplate }[];
  /** JSON Schema (type object) of the rule's options, as written in the policy. */
  options?: Record<string, unknown>;
  /** Each option's `default` from the options schema. */
  optionDefaults: Record<string, unknown>;
  rationale: string;
  remediation: Remediation;
  /** Remediation texts with `{{ expr }}` placeholders, rendered per finding (the fix then depends on the facts). */
  remediationTemplates?: Partial<Record<keyof Remediation, CompiledTemplate>>;
  docs: string[];
  examples?: Examples;
  /** The policy file (relative path for built-ins) and where its parts are, for error messages. */
  file: string;
  positions: { id: FilePosition; options?: FilePosition };
}
