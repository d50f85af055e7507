import type { AnalysisOutput, ExplainSection } from './types';
import type { DomainNode } from '../model/domain';
import type { Group } from '../model/facts';
import { unknown, type Unknown } from '../model/unknown';

/** What an analysis works on: a node (a VM, a protected item, a subnet whose prefixes it indexes) or a group. */
export type Subject = DomainNode | Group;

/**
 * The analyses' failure boundary ("never let one file lose the others' findings"): runs one analysis' work on one
 * subject. Should the work throw (a bug, or a RangeError such as a stack overflow on hostile input), the failure is
 * recorded once per analysis and subject, to become one BL001 at the subject, and the subject gets
 * `ifFailed(cause)`: its facts from this analysis as Unknown, so the rules that read them stay silent on it. The
 * other subjects, and the run, go on as if nothing happened.
 *
 * `leftOut` says what the failure costs when that is not the subject's own findings: the work was the subject's
 * contribution to something other subjects read (an index of addresses, the texts a VM runs), and `ifFailed` is
 * where the caller makes what depends on it Unknown.
 */
export function analyseSubject<T>(output: AnalysisOutput, analysis: string, subject: Subject, work: () => T, ifFailed: (cause: Unknown) => T, leftOut?: string): T {
  try {
    return work();
  } catch (error) {
    return ifFailed(recordFailure(output, analysis, subject, error, leftOut));
  }
}

/** Records that `analysis` failed on `subject` (once per analysis and subject) and gives the Unknown that says so. */
export function recordFailure(output: AnalysisOutput, analysis: string, subject: Subject, error: unknown, leftOut?: string): Unknown {
  const named = subjectName(subject);
  if (!output.failures.some((f) => f.analysis === analysis && f.at === subject.at)) {
    output.failures.push({ analysis, subject: named, at: subject.at, error, ...(leftOut ? { leftOut } : {}) });
  }
  return unknown(`the ${analysis} analysis failed on this ${named} (reported as BL001)`, subject.at);
}

/** Kinds whose name is not their words (`routeTable`: `route table`). */
const KIND_NAMES: Readonly<Record<string, string>> = { nsg: 'NSG', nic: 'network interface', sqlVm: 'SQL virtual machine' };

/** `VM`, `scale set`, `protected item`, `availability set group`: how messages name the subject. */
function subjectName(subject: Subject): string {
  if (subject.kind === 'vm') return subject.isScaleSet ? 'scale set' : 'VM';
  const named = KIND_NAMES[subject.kind];
  if (named) return named;
  const words = (text: string) => text.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);
  if (subject.kind === 'group') return `${words(subject.groupKind)} group`;
  return words(subject.kind);
}

/**
 * `--explain`'s boundary: the lines of one subject (a VM, a group), or, should making them throw, one line saying
 * that it could not be explained (the kind of failure only, never the error's text), so the others are explained.
 */
export function explainSubject(subject: Subject, work: () => string[]): string[] {
  try {
    return work();
  } catch (error) {
    return [`${titleOf(subject)}: could not be explained (internal error, ${errorKind(error)})`];
  }
}

/** An analysis' whole `--explain` section, or one saying it could not be made (its per-subject lines are bounded too). */
export function explainSection(id: string, explain: () => ExplainSection | undefined): ExplainSection | undefined {
  try {
    return explain();
  } catch (error) {
    return { title: `The ${id} analysis:`, lines: [`could not be explained (internal error, ${errorKind(error)})`] };
  }
}

/** `VM app-vm`, as the explain lines name it; the kind alone should the label not be a string. */
function titleOf(subject: Subject): string {
  const name = subjectName(subject);
  return typeof subject.label === 'string' ? `${name} ${subject.label}` : name;
}

function errorKind(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
