import type { SourceRef } from './location';
import { escapeSymbolIdentity, SymbolicText, Unknown, type SymbolToken } from './unknown';

/** One member access: a property name (`.name`, `['name']`) or an array index (`[0]`). */
export type AccessStep = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function displayStep(step: AccessStep): string {
  if (typeof step === 'number') return `[${step}]`;
  return IDENTIFIER.test(step) ? `.${step}` : `['${step.replace(/'/g, "''")}']`;
}

/**
 * Steps are introduced by `%.` and `%[`, which an escaped identity never holds (its only `%` start `%25`, `%2f`,
 * `%01`), so root and path split one way only. Property names keep their case: an object may hold keys that
 * differ only in case, and a shared identity must mean a shared value.
 */
function identityStep(step: AccessStep): string {
  return typeof step === 'number' ? `%[${step}]` : `%.${escapeSymbolIdentity(step)}`;
}

/**
 * A whole object or array that is one deploy-time input (an object/array parameter without value), or a member
 * of one (`vms[0]`). It is NOT text: string builders see a plain Unknown. Reading a member by a known name or
 * index gives a SymbolicMember, text whose one token names the parameter declaration plus the access path.
 */
export class SymbolicValue extends Unknown {
  readonly token: SymbolToken;

  /** `rootIdentity`: the parameter's escaped identity (see `escapeSymbolIdentity`). */
  constructor(
    readonly rootName: string,
    readonly rootIdentity: string,
    readonly path: readonly AccessStep[],
    reason: string,
    at?: SourceRef,
  ) {
    super(reason, at, 'deploy-time-input');
    this.token = {
      display: `{${rootName}${path.map(displayStep).join('')}}`,
      identity: rootIdentity + path.map(identityStep).join(''),
    };
  }

  get display(): string {
    return this.token.display;
  }

  member(step: AccessStep): SymbolicMember {
    return new SymbolicMember(new SymbolicValue(this.rootName, this.rootIdentity, this.path.concat([step]), this.reason, this.at));
  }
}

/**
 * A member of a SymbolicValue used as text (`concat(parameters('vm').name, '-nic')`). Whatever it holds renders
 * the same wherever the same path is read, so equal identities stay equal strings; a member that is not a string
 * where a name is built fails the deployment. Unlike a string parameter it may be null.
 */
export class SymbolicMember extends SymbolicText {
  constructor(readonly value: SymbolicValue) {
    super([value.token], value.reason, value.at);
  }
}

/** `target.step` when the target is a symbolic object or member; undefined for any other Unknown. */
export function symbolicMemberOf(target: Unknown, step: AccessStep): SymbolicMember | undefined {
  if (target instanceof SymbolicValue) return target.member(step);
  if (target instanceof SymbolicMember) return target.value.member(step);
  return undefined;
}

/** The access step a known index value denotes: a property name or a non-negative integer. */
export function accessStepOf(index: unknown): AccessStep | undefined {
  if (typeof index === 'string') return index;
  if (typeof index === 'number' && Number.isInteger(index) && index >= 0) return index;
  return undefined;
}
