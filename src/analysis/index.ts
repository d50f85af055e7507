import { explainSection } from './boundary';
import { egressAnalysis } from './egress';
import { groupsAnalysis } from './groups';
import { guestAnalysis } from './guest';
import { networkAnalysis } from './network';
import { schedulesAnalysis } from './schedules';
import { sqlBackupAnalysis } from './sql-backup';
import type { Analysis, AnalysisOutput, ExplainSection, Where } from './types';
import type { Model } from '../model/domain';

export type { Analysis, AnalysisOutput, ExplainSection, Where } from './types';

/** The analyses of DESIGN §5, in the order they run (an analysis may read the facts of those before it). */
export const ANALYSES: readonly Analysis[] = [networkAnalysis, guestAnalysis, egressAnalysis, groupsAnalysis, schedulesAnalysis, sqlBackupAnalysis];

/** Runs every analysis over the run's model: facts go onto the nodes, groups into the output. */
export async function runAnalyses(model: Model, analyses: readonly Analysis[] = ANALYSES): Promise<AnalysisOutput> {
  const output: AnalysisOutput = { groups: [], failures: [] };
  for (const analysis of analyses) await analysis.run(model, output);
  return output;
}

/** The `--explain` sections of the analyses that have something to show. */
export function explainAnalyses(model: Model, output: AnalysisOutput, where: Where, analyses: readonly Analysis[] = ANALYSES): ExplainSection[] {
  return analyses.flatMap((analysis) => explainSection(analysis.id, () => analysis.explain?.(model, output, where)) ?? []);
}
