import type { AnalysisOutput } from './types';
import type { DomainNode } from '../model/domain';
import { unknown, type Unknown } from '../model/unknown';

/**
 * The analyses' failure boundary ("never let one file lose the others' findings"): runs one analysis' work on one
 * subject. Should the work throw (a bug, or a RangeError such as a stack overflow on hostile input), the failure is
 * recorded once per analysis and subject, to become one BL001 at the subject, and the subject gets
 * `ifFailed(cause)`: its facts from this analysis as Unknown, so the rules that read them stay silent on it. The
 * other subjects, and the run, go on as if nothing happened.
 */
export function analyseSubject<T>(output: AnalysisOutput, analysis: string, subject: DomainNode, work: () => T, ifFailed: (cause: Unknown) => T): T {
  try {
    return work();
  } catch (error) {
    const named = subjectName(subject);
    if (!output.failures.some((f) => f.analysis === analysis && f.at === subject.at)) output.failures.push({ analysis, subject: named, at: subject.at, error });
    return ifFailed(unknown(`the ${analysis} analysis failed on this ${named} (reported as BL001)`, subject.at));
  }
}

/** `VM`, `scale set`, `protected item`: how messages name the subject. */
function subjectName(node: DomainNode): string {
  if (node.kind === 'vm') return node.isScaleSet ? 'scale set' : 'VM';
  return node.kind.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);
}
