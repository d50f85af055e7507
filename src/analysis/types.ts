import type { Model } from '../model/domain';
import type { Group } from '../model/facts';
import type { SourceRef } from '../model/location';

/** What the analyses of one run produced besides the facts they wrote onto nodes. */
export interface AnalysisOutput {
  groups: Group[];
  /** Subjects an analysis failed on (see `analyseSubject`): each becomes one BL001 at the subject. */
  failures: AnalysisFailure[];
}

/** An analysis that threw while handling one subject: its facts from that analysis are Unknown, the run goes on. */
export interface AnalysisFailure {
  /** The analysis' id (`egress`). */
  analysis: string;
  /** How the subject is named in the message (`VM`, `scale set`, `protected item`). */
  subject: string;
  at: SourceRef;
  /** Kept for its kind only (failureMessage): its text may quote the input and is never printed. */
  error: unknown;
  /**
   * What the failure leaves out when it is not the subject's own findings from that analysis (its contribution to
   * what other subjects read failed): `the BL104 checks of VMs whose proxy may be it are left out`.
   */
  leftOut?: string;
}

/** A section of `--explain`: one line per subject, locations already turned into `file:line` text. */
export interface ExplainSection {
  title: string;
  lines: string[];
}

/** Turns a source location into `file:line` for explain text (resolved lazily by the lint stage). */
export type Where = (at: SourceRef) => string;

/**
 * One analysis (DESIGN §5): reads the whole model once and writes typed facts onto nodes, or adds groups.
 * Runs after the analyses listed before it (it may read their facts), never after the policies.
 */
export interface Analysis {
  /** Short name; also the fact's name on the node when it writes one (`vm.facts.network`). */
  id: string;
  /** May be async (the guest analysis loads its grammars on first use). */
  run(model: Model, output: AnalysisOutput): void | Promise<void>;
  /** What `--explain` shows of the facts, if anything. */
  explain?(model: Model, output: AnalysisOutput, where: Where): ExplainSection | undefined;
}
