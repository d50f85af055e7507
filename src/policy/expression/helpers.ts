import { congestion, type CongestionOptions } from '../../analysis/schedules/congestion';
import type { BackupPolicyNode, DomainNode } from '../../model/domain';
import { syntaxOf } from '../../model/location';
import { findUnknown, isUnknown, type Value } from '../../model/unknown';

/**
 * Helper functions a policy expression can call by name. Each receives already evaluated arguments and
 * returns a value (an Unknown argument generally gives Unknown), or throws a TypeError with a message for
 * the policy author.
 */
export type Helper = (args: unknown[]) => unknown;

function caseMapped(map: (s: string) => string, fn: string): Helper {
  return ([value]) => {
    if (isUnknown(value) || value === null || value === undefined) return value;
    if (typeof value !== 'string') throw new TypeError(`${fn}() expects a string, got ${describeType(value)}`);
    return map(value);
  };
}

export const HELPERS: Readonly<Record<string, Helper>> = {
  /** True when the value itself is Unknown. Never Unknown. */
  isUnknown: ([value]) => isUnknown(value),
  /** True when the value contains no Unknown at any depth. Never Unknown. */
  known: ([value]) => value === undefined || findUnknown(value as Value) === undefined,
  /** The reason of an Unknown value, else undefined. */
  unknownReason: ([value]) => (isUnknown(value) ? value.reason : undefined),
  /** The kind of an Unknown value (`deploy-time-input`, `after-apply`, …: UNKNOWN_KINDS), else undefined. */
  unknownKind: ([value]) => (isUnknown(value) ? value.kind : undefined),
  /**
   * The one "absent" test (domain.ts, "Absent"): true for null (not set, no default) and undefined (an optional
   * field, `?.`, `find`), Unknown for Unknown (it may or may not be set), false for any value.
   */
  absent: ([value]) => (isUnknown(value) ? value : value === null || value === undefined),
  lower: caseMapped((s) => s.toLowerCase(), 'lower'),
  upper: caseMapped((s) => s.toUpperCase(), 'upper'),
  /** Case-insensitive equality for strings (Azure names, service tags); strict equality otherwise. */
  equalsIgnoreCase: ([a, b]) => {
    if (isUnknown(a)) return a;
    if (isUnknown(b)) return b;
    if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
    return a === b;
  },
  /** The declared property behind a node's field, as written in its file: `source(vm, "agent.provisioned").setting`. */
  source: fieldSource,
  /**
   * BL402: the busiest window of backup starts that a backup policy takes part in, in a group of its VMs (of the
   * `options.groupBy` kind, or its vault) above the group's limit, or null. Reads the schedule analysis' facts
   * (`backupPolicy.facts.groups[].backupStarts`); the counting lives in analysis/schedules/congestion.ts.
   */
  backupCongestion: ([policy, options]) => {
    if (isUnknown(policy) || !policy || typeof policy !== 'object' || (policy as BackupPolicyNode).kind !== 'backupPolicy') {
      throw new TypeError('backupCongestion() expects a backup policy and the options');
    }
    const node = policy as BackupPolicyNode;
    const id = typeof node.id === 'string' ? node.id : node.label;
    return congestion(node.facts?.groups ?? [], id, options as CongestionOptions);
  },
};

/** A node of the domain model (the subject, or what `model` returns), as opposed to one of its field values. */
export function isModelNode(value: unknown): value is DomainNode {
  return typeof value === 'object' && value !== null && typeof (value as DomainNode).kind === 'string' && typeof (value as DomainNode).sources === 'object';
}

/** What `source(node, field)` gives a policy: where a declared field is, named as written in its file. */
export interface FieldSource {
  file: string;
  /** The property as written (`provisionVMAgent`, `provision_vm_agent`). */
  property: string;
  /** The property with its value in the file's own syntax (`provisionVMAgent: false`, `provision_vm_agent = false`). */
  setting: string;
}

/**
 * `source(vm, "agent.provisioned")`: the declared property behind a node's field, or undefined when the field
 * was not declared (it holds a default) — so a message names the setting in the file's own syntax.
 */
function fieldSource([node, field]: unknown[]): FieldSource | undefined {
  if (!isModelNode(node)) throw new TypeError(`source() expects a model node first, got ${describeType(node)}`);
  if (typeof field !== 'string') throw new TypeError(`source() expects a field path such as "agent.provisioned", got ${describeType(field)}`);
  const at = node.sources[field];
  if (!at?.property) return undefined;
  let value: unknown = node;
  for (const step of field.split('.')) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[step] : undefined;
  const shown = typeof value === 'boolean' || typeof value === 'number' ? String(value) : typeof value === 'string' ? JSON.stringify(value) : undefined;
  const assign = syntaxOf(at) === 'hcl' ? ' = ' : ': ';
  return { file: at.file, property: at.property, setting: shown === undefined ? at.property : `${at.property}${assign}${shown}` };
}

export const HELPER_NAMES: ReadonlySet<string> = new Set(Object.keys(HELPERS));

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (isUnknown(value)) return 'unknown';
  return typeof value;
}
