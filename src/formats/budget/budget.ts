import type { SourceRef } from '../../model/location';
import { Unknown, type Value } from '../../model/unknown';
import { DEFAULT_LIMITS, type EvaluationLimits } from './limits';
import { measureValue } from '../../model/measure';

/** Where and why evaluation stopped: reported as BL002 at `at`. */
export interface LimitHit {
  at: SourceRef;
  /** `evaluation of X stopped at the limit of N …` */
  message: string;
  /** What was evaluated under the budget: `infra/vm.json`, `module infra/net`; its findings may be incomplete. */
  scope: string;
}

/** A file reports at most this many limit hits: the first ones say enough, and the output stays small. */
const MAX_HITS_PER_FILE = 5;

/**
 * The evaluation budget of one file (ARM) or root module (Terraform). Evaluators charge it as they go; once a
 * cumulative limit (steps, produced size, instances) is spent everything still to evaluate is Unknown, while a
 * value over a per-value limit (one string, list or loop) is Unknown on its own. Every hit is recorded for BL002.
 */
export class EvaluationBudget {
  readonly hits: LimitHit[] = [];
  private steps = 0;
  private produced = 0;
  private instanceCount = 0;
  private sourceCharacters = 0;
  private sourceStopped: Unknown | undefined;
  private stopped: Unknown | undefined;
  private readonly places: (SourceRef | (() => SourceRef))[] = [];

  constructor(
    /** The file (or module folder) that is charged, for hits without a more precise place. */
    readonly file: string,
    readonly limits: Readonly<EvaluationLimits> = DEFAULT_LIMITS,
    /** How messages name what is evaluated: the file, or `module <folder>`. */
    readonly scope: string = file,
  ) {}

  /** What evaluation used so far (for statistics and for choosing the limits). */
  usage(): { steps: number; produced: number; instances: number } {
    return { steps: this.steps, produced: this.produced, instances: this.instanceCount };
  }

  /** The Unknown every further evaluation answers once a cumulative limit is spent. */
  get exhausted(): Unknown | undefined {
    return this.stopped;
  }

  /**
   * Runs `body` with `at` as the place reported for hits that do not name a more precise one; a function is asked
   * only should a hit need it (nearly none does: most places would be computed for nothing).
   */
  within<T>(at: SourceRef | (() => SourceRef), body: () => T): T {
    this.places.push(at);
    try {
      return body();
    } finally {
      this.places.pop();
    }
  }

  /** Counts one evaluation step; answers the Unknown to return instead once the steps are spent. */
  step(at?: () => SourceRef): Unknown | undefined {
    if (this.stopped) return this.stopped;
    if (++this.steps <= this.limits.steps) return undefined;
    return this.stop(`evaluation of ${this.subject()} stopped at the limit of ${this.limits.steps.toLocaleString('en-US')} steps`, at?.());
  }

  /** Counts `count` steps at once: the work of a call that compares every element with every other. */
  manySteps(count: number, at?: () => SourceRef): Unknown | undefined {
    if (this.stopped) return this.stopped;
    this.steps += Math.max(0, count - 1);
    return this.step(at);
  }

  /** Counts `count` instances of `what`; answers an Unknown when the file would get more than allowed. */
  instances(count: number, what: string, at?: SourceRef): Unknown | undefined {
    if (this.stopped) return this.stopped;
    if (count <= this.limits.instances - this.instanceCount) {
      this.instanceCount += count;
      return undefined;
    }
    return this.stop(`evaluation of ${what} stopped at the limit of ${this.limits.instances.toLocaleString('en-US')} instances`, at);
  }

  /**
   * Counts the characters of a source file about to be parsed (Terraform); answers an Unknown, and the file is not
   * parsed, once the module's source would pass `terraformSource`. Only that limit stops the reading of files: a
   * module whose evaluation stopped still has its files parsed, and their syntax errors reported.
   */
  sourceText(length: number, at: SourceRef): Unknown | undefined {
    if (this.sourceStopped) return this.sourceStopped;
    this.sourceCharacters += length;
    if (this.sourceCharacters <= this.limits.terraformSource) return undefined;
    const message = `evaluation of ${this.subject()} stopped at the limit of ${sizeText(this.limits.terraformSource)} of Terraform source`;
    this.sourceStopped = this.stop(message, at);
    return this.sourceStopped;
  }

  /** A loop of `count` copies where the format allows at most `limits.copies` (ARM). */
  copies(count: number, what: string, at?: SourceRef): Unknown | undefined {
    if (count <= this.limits.copies) return undefined;
    return this.refuse(`evaluation of ${what} stopped at the limit of ${this.limits.copies} copies`, at);
  }

  /** A list about to be built with `length` elements. */
  listLength(length: number, what: string, at?: SourceRef): Unknown | undefined {
    if (length <= this.limits.listLength) return undefined;
    return this.refuse(`evaluation of ${what} stopped at the limit of ${this.limits.listLength.toLocaleString('en-US')} list elements`, at);
  }

  /** A string about to be built with `length` characters. */
  stringLength(length: number, what: string, at?: SourceRef): Unknown | undefined {
    if (length <= this.limits.valueSize) return undefined;
    return this.refuse(`evaluation of ${what} stopped at the limit of ${sizeText(this.limits.valueSize)} per value`, at);
  }

  /**
   * A value a function just built: over the per-value size (shared parts counted each time they appear, measured
   * once per object) it is replaced by an Unknown; its own new size is added to what the file produced.
   */
  built(value: Value, what: string, at?: SourceRef, allocated = true): Value {
    if (this.stopped) return this.stopped;
    if (Array.isArray(value) && value.length > this.limits.listLength) return this.listLength(value.length, what, at)!;
    const size = measureValue(value, this.limits.valueSize, this.limits.jsonDepth);
    if (size === Number.POSITIVE_INFINITY) return this.refuse(`evaluation of ${what} stopped at the limit of ${this.limits.jsonDepth} levels of nesting`, at);
    if (size > this.limits.valueSize) return this.refuse(`evaluation of ${what} stopped at the limit of ${sizeText(this.limits.valueSize)} per value`, at);
    if (!allocated) return value;
    this.produced += shallowSize(value);
    if (this.produced <= this.limits.producedSize) return value;
    return this.stop(`evaluation of ${this.subject()} stopped at the limit of ${sizeText(this.limits.producedSize)} of computed values`, at);
  }

  /** Records a hit that makes only the value concerned Unknown. */
  refuse(message: string, at?: SourceRef): Unknown {
    this.record(message, at);
    return new Unknown(`${message} (see BL002)`, at, 'evaluation-limit');
  }

  private stop(message: string, at?: SourceRef): Unknown {
    this.record(message, at);
    this.stopped = new Unknown(`${message} (see BL002)`, at, 'evaluation-limit');
    return this.stopped;
  }

  private record(message: string, at: SourceRef | undefined): void {
    if (this.hits.length >= MAX_HITS_PER_FILE) return;
    const around = this.places[this.places.length - 1];
    const place = at ?? (typeof around === 'function' ? around() : around) ?? { file: this.file, line: 1, column: 1 };
    if (this.hits.some((h) => h.message === message && samePlace(h.at, place))) return;
    this.hits.push({ at: place, message, scope: this.scope });
  }

  private subject(): string {
    return this.scope;
  }
}

function samePlace(a: SourceRef, b: SourceRef): boolean {
  return a.file === b.file && a.pointer === b.pointer && a.line === b.line && a.column === b.column;
}

/** About the bytes a new value takes of its own (its parts were charged when they were built). */
function shallowSize(value: Value): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return (value.length + 1) * 8;
  if (value !== null && typeof value === 'object' && !(value instanceof Unknown)) return (Object.keys(value).length + 1) * 16;
  return 8;
}

function sizeText(size: number): string {
  return size % (1024 * 1024) === 0 ? `${size / (1024 * 1024)} MB` : `${size.toLocaleString('en-US')} characters`;
}

/** Checks that never stop anything: evaluation outside a budgeted run (unit tests, tfvars files) still has per-value limits. */
const UNBOUNDED = new EvaluationBudget('', {
  ...DEFAULT_LIMITS,
  steps: Number.POSITIVE_INFINITY,
  producedSize: Number.POSITIVE_INFINITY,
  instances: Number.POSITIVE_INFINITY,
  terraformSource: Number.POSITIVE_INFINITY,
});

let active: EvaluationBudget | undefined;

/** The budget of the evaluation under way (evaluation is synchronous: one file or module at a time). */
export function currentBudget(): EvaluationBudget {
  return active ?? UNBOUNDED;
}

/** Runs a synchronous evaluation charged to `budget`. */
export function withBudget<T>(budget: EvaluationBudget, body: () => T): T {
  const previous = active;
  active = budget;
  try {
    return body();
  } finally {
    active = previous;
  }
}
