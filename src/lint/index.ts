import { loadSources } from './load-sources';
import type { PoolOptions } from './worker-pool';
import { limitFinding, parseErrorFinding, toFinding, type UnidentifiedFinding } from './to-findings';
import type { RuleConfig } from '../config/load';
import path from 'node:path';
import { discover } from '../discover';
import { toReportedPath } from '../discover/walk';
import { compareFindings, comparePositions, type LintResult, type Severity } from '../findings/finding';
import { fingerprints } from '../findings/fingerprint';
import { LocationResolver } from '../findings/resolve-location';
import { DEFAULT_DEPLOYMENT_CONTEXT, type DeploymentContext } from '../formats/arm/expand';
import { attachArmChildren } from '../model/builders/arm';
import type { DomainNode } from '../model/domain';
import { buildTerraformNodes } from '../model/builders/terraform';
import { createModel } from '../model';
import { releaseValues } from '../model/release-values';
import { explainAnalyses, runAnalyses } from '../analysis';
import { runPolicies, type EngineResult } from '../policy/engine';
import { formatPolicyError } from '../policy/load';
import { UsageError } from '../config/errors';
import { confinedFilesFor, type ConfinedFiles } from '../io/confined-files';
import type { RawResource } from '../model/resource';
import { failureMessage, type LoadedSources } from './load-sources';
import { analysisProblem } from './problems';
import type { CompiledPolicy } from '../policy/types';
import type { SourceRef } from '../model/location';
import { DEFAULT_LIMITS, type EvaluationLimits } from '../formats/budget';
import { DEFAULT_WINDOW_MINUTES, summariseSchedules } from './schedule-summary';
import { applySuppressions, type Baseline, type ConfigSuppression } from '../suppress';

export interface LintOptions {
  cwd: string;
  paths: readonly string[];
  ignore: readonly string[];
  parameterPairs: ReadonlyMap<string, string>;
  defaultParameters?: string;
  context: Partial<DeploymentContext>;
  policies: CompiledPolicy[];
  /** Rule ID → severity/options, config file and --rule merged. */
  rules: Record<string, RuleConfig>;
  /** Report errors only. */
  quiet: boolean;
  /** Folder of the `.tf` files behind the run's plans, when they do not sit beside the plan. */
  terraformDir?: string;
  /** The run's confined file access (its root and size cap); default: the git work tree of the paths, 16 MiB. */
  files?: ConfinedFiles;
  /** Also describe the analyses' facts (`--explain`). */
  explain?: boolean;
  /**
   * Give the evaluation notes (a linked template not followed …) with their lines: what `--explain` prints, and no
   * other output. Each note's line costs a read of its file (~1,000 notes on the corpus: 2–3 % of a run). Default: with
   * `explain`; otherwise `notes` is empty.
   */
  notes?: boolean;
  /** Worker threads for large runs (default: one per further core, none under 200 templates). */
  parallel?: PoolOptions;
  /** Evaluation limits replacing the defaults (config `limits`). */
  limits?: Partial<EvaluationLimits>;
  /** Evaluate the names of every ARM resource for `armNames` (the corpus snapshot's statistics), not only of those read. */
  countAllArmNames?: boolean;
  /** Called as discovered files are loaded (a Terraform module: once for all its files), for a progress line. */
  onProgress?: (done: number, total: number) => void;
  /** The suppress stage's inputs besides the sources' own suppressions. */
  suppress?: {
    config?: readonly ConfigSuppression[];
    configFile?: string;
    baseline?: Baseline;
    /** YYYY-MM-DD (UTC); defaults to today. */
    today?: string;
  };
}

/** Rule ID or name → rule ID, for suppressions that may name either. */
function ruleNames(policies: readonly CompiledPolicy[]): Map<string, string> {
  return new Map(policies.flatMap((p) => [[p.id, p.id] as const, [p.name, p.id] as const]));
}

export const PARSE_ERROR_RULE = 'BL001';
export const EVALUATION_LIMIT_RULE = 'BL002';
const CONGESTION_RULE = 'BL402';

/** Discover, load, expand, model and analyse (DESIGN §2, up to the policies): the run's model over all its files. */
export async function loadModel(options: Omit<LintOptions, 'policies' | 'rules' | 'quiet'>) {
  const files = options.files ?? confinedFilesFor(options.cwd, options.paths);
  const discovery = discover({ ...options, files });
  const context = { ...DEFAULT_DEPLOYMENT_CONTEXT, ...options.context };
  const terraformDir = options.terraformDir ? toReportedPath(path.resolve(options.cwd, options.terraformDir), options.cwd) : undefined;
  const { model, sources, resourceCount } = modelOf(
    await loadSources(discovery, files, {
      context,
      terraformDir,
      limits: { ...DEFAULT_LIMITS, ...options.limits },
      parallel: options.parallel,
      onProgress: options.onProgress,
      countAllArmNames: options.countAllArmNames,
    }),
  );
  const analysis = await runAnalyses(model);
  for (const failure of analysis.failures) sources.problems.push(analysisProblem(failure));
  return { discovery, sources, resourceCount, model, analysis, files };
}

/**
 * The run's model, and what the run keeps of its loaded sources besides: not the resources the nodes were built
 * from, nor those that joined them. Memory follows the model, not the tree.
 */
function modelOf(loaded: LoadedSources) {
  const model = createModel(buildNodes(loaded));
  const { resources: _resources, armNodes: _nodes, armChildren: _children, resourceCount, ...sources } = loaded;
  return { model, sources, resourceCount };
}

/** The whole pipeline of DESIGN §2 from paths to sorted findings. */
export async function lint(options: LintOptions): Promise<LintResult> {
  const started = Date.now();
  const { discovery, sources, resourceCount, model, analysis, files } = await loadModel(options);
  const engine = runPoliciesIsolated(options.policies, model, options.rules, analysis.groups);
  const configurationError = engine.errors.find((e) => e.kind === 'configuration');
  if (configurationError) throw new UsageError(formatPolicyError(configurationError));

  const resolver = new LocationResolver(options.cwd, files);
  // Named files (pre-commit): a finding belongs to them when its resource is declared there, it points there (a
  // plan's finding may point at the .tf line behind it), or its module is instantiated there.
  const reportOnly = discovery.reportOnly;
  const concernsTargets = (...files: string[]) => !reportOnly || files.some((f) => reportOnly.has(f));
  type Found = { finding: UnidentifiedFinding; raw?: RawResource };
  let found: Found[] = engine.findings
    .filter((f) => concernsTargets(f.node.raw.file, f.at.file, ...(sources.concerns.get(f.node.raw) ?? [])))
    .map((f) => ({ finding: toFinding(f, resolver), raw: f.node.raw }));
  const parseRule = options.policies.find((p) => p.id === PARSE_ERROR_RULE);
  const parseSeverity = options.rules[PARSE_ERROR_RULE]?.severity ?? parseRule?.severity ?? 'error';
  if (parseRule && parseSeverity !== 'off') {
    for (const problem of sources.problems.filter((p) => concernsTargets(p.at.file))) {
      found.push({ finding: parseErrorFinding(problem, parseRule, parseSeverity, resolver) });
    }
  }
  const limitRule = options.policies.find((p) => p.id === EVALUATION_LIMIT_RULE);
  const limitSeverity = options.rules[EVALUATION_LIMIT_RULE]?.severity ?? limitRule?.severity ?? 'warning';
  if (limitRule && limitSeverity !== 'off') {
    for (const hit of sources.limits.filter((h) => concernsTargets(h.at.file))) found.push({ finding: limitFinding(hit, limitRule, limitSeverity, resolver) });
  }
  if (options.quiet) found = found.filter((f) => f.finding.severity === 'error');
  found.sort((a, b) => compareFindings(a.finding, b.finding));
  const ids = fingerprints(found.map((f) => f.finding));
  const identified = found.map((f, index) => ({ finding: { ...f.finding, fingerprint: ids[index]! }, ...(f.raw ? { raw: f.raw } : {}) }));
  const suppress = options.suppress ?? {};
  const { findings, suppressed, warnings } = applySuppressions(identified, {
    files,
    resolver,
    rules: ruleNames(options.policies),
    config: suppress.config ?? [],
    ...(suppress.configFile ? { configFile: suppress.configFile } : {}),
    ...(suppress.baseline ? { baseline: suppress.baseline } : {}),
    today: suppress.today ?? new Date().toISOString().slice(0, 10),
  });

  const notes = (options.notes ?? options.explain === true ? sources.notes : [])
    .filter((note) => concernsTargets(note.at.file))
    .map((note) => {
      const { file, line, column } = resolver.resolve(note.at);
      return { file, line, column, message: note.message };
    })
    .sort(comparePositions);

  const where = (at: SourceRef) => {
    const { file, line } = resolver.resolve(at);
    return `${file}:${line}`;
  };
  const explanations = options.explain ? explainAnalyses(model, analysis, where) : [];
  const schedules = summariseSchedules(
    analysis.groups.filter((group) => concernsTargets(group.at.file)),
    (at) => resolver.resolve(at),
    congestionWindow(options),
  );

  const count = (severity: Severity) => findings.filter((f) => f.severity === severity).length;
  const skippedChecks = engine.skippedChecks;
  return {
    files: sources.files,
    findings,
    suppressed,
    skippedChecks,
    notes,
    explanations,
    schedules,
    policyErrors: engine.errors.map(formatPolicyError),
    armNames: sources.armNames,
    suppressionWarnings: warnings,
    summary: {
      files: sources.files.length,
      resources: resourceCount,
      errors: count('error'),
      warnings: count('warning'),
      infos: count('info'),
      skippedChecks: skippedChecks.length,
      suppressed: suppressed.length,
      durationMs: Date.now() - started,
    },
  };
}

/** BL402's window in minutes, as configured, else its policy's default. */
function congestionWindow(options: LintOptions): number {
  const configured = options.rules[CONGESTION_RULE]?.options?.['windowMinutes'];
  const byDefault = options.policies.find((p) => p.id === CONGESTION_RULE)?.optionDefaults['windowMinutes'];
  const minutes = typeof configured === 'number' ? configured : typeof byDefault === 'number' ? byDefault : DEFAULT_WINDOW_MINUTES;
  return Number.isInteger(minutes) && minutes >= 1 && minutes <= 1440 ? minutes : DEFAULT_WINDOW_MINUTES;
}

/**
 * The domain nodes of all resources: the ARM templates' (made as each was loaded) with their children joined, and
 * the Terraform resources'. Should joining or building fail on some file (a bug, or a value too large), that file
 * becomes one BL001 and loses its nodes, and the other files keep their findings.
 */
function buildNodes(sources: LoadedSources): DomainNode[] {
  const failedFiles = new Set<string>();
  const failed = (file: string, error: unknown): void => {
    if (failedFiles.has(file)) return;
    failedFiles.add(file);
    sources.problems.push({ at: { file, line: 1, column: 1 }, message: failureMessage(error) });
    const report = sources.files.find((f) => f.path === file);
    if (report) report.status = 'error';
  };
  const arm = attachArmChildren(sources.armNodes, sources.armChildren, failed);
  const terraform = buildTerraformNodesIsolated(sources.resources, failed);
  releaseValues(terraform);
  const nodes = [...arm, ...terraform];
  return failedFiles.size === 0 ? nodes : nodes.filter((node) => !failedFiles.has(node.file));
}

/** The Terraform nodes; should a builder fail, they are built again file by file and the failing file gets none. */
function buildTerraformNodesIsolated(resources: readonly RawResource[], failed: (file: string, error: unknown) => void): DomainNode[] {
  try {
    return buildTerraformNodes(resources);
  } catch {
    const byFile = new Map<string, RawResource[]>();
    for (const resource of resources) {
      let list = byFile.get(resource.file);
      if (!list) byFile.set(resource.file, (list = []));
      list.push(resource);
    }
    const nodes: DomainNode[] = [];
    for (const [file, ofFile] of byFile) {
      try {
        for (const node of buildTerraformNodes(ofFile)) nodes.push(node);
      } catch (error) {
        failed(file, error);
      }
    }
    return nodes;
  }
}

/**
 * The policies over the model. Should the engine fail (an analysis that throws on some model), the policies are run
 * one by one: the one that fails is reported as a policy error on stderr, and every other rule keeps its findings.
 */
function runPoliciesIsolated(
  policies: readonly CompiledPolicy[],
  model: ReturnType<typeof createModel>,
  rules: LintOptions['rules'],
  groups: Parameters<typeof runPolicies>[3],
): EngineResult {
  try {
    return runPolicies(policies, model, rules, groups);
  } catch {
    const merged: EngineResult = { findings: [], skippedChecks: [], errors: [] };
    for (const policy of policies) {
      try {
        const result = runPolicies([policy], model, rules, groups);
        for (const finding of result.findings) merged.findings.push(finding);
        for (const skipped of result.skippedChecks) merged.skippedChecks.push(skipped);
        for (const error of result.errors) merged.errors.push(error);
      } catch (error) {
        const kind = error instanceof Error ? error.name : typeof error;
        merged.errors.push({ file: policy.file, line: 1, column: 1, message: `rule ${policy.id} (${policy.name}) could not be evaluated: internal error (${kind})`, kind: 'evaluation' });
      }
    }
    return merged;
  }
}
