import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LintArgs } from './args';
import { exitCode } from './exit-code';
import type { Io } from './main';
import { createProgress } from './progress';
import { terminalColors } from './terminal';
import { loadConfig, type Config, type RuleConfig } from '../config/load';
import { FileConfigError, fsReason, UsageError } from '../config/errors';
import { lint, type LintOptions } from '../lint';
import { confinedFilesFor, type ConfinedFiles } from '../io/confined-files';
import { catalogue, formatPolicyError, loadBuiltinPolicies, loadUserPolicies, PolicyLoadError, resolveOptions } from '../policy';
import type { CompiledPolicy } from '../policy/types';
import type { PolicyFileReader } from '../policy/load';
import { makeColors, type Colors } from '../report/color';
import { format, type FormatName } from '../report';
import { sanitizeText } from '../findings/sanitize';
import { formatBaseline, readBaseline } from '../suppress/baseline';

/**
 * The lint command (the default one): loaded by main only when it runs, so that --version, --help, rules and
 * explain load none of the pipeline.
 */

/**
 * The lint run the command line asks for: configuration found from `cwd`, built-in policies plus the configured
 * ones, rule settings merged, named inputs checked. Also used by scripts that lint in process (corpus snapshot).
 */
export function lintOptions(args: LintArgs, cwd: string): LintOptions {
  const files = confinedFilesFor(cwd, args.paths, args.root, args.maxFileBytes);
  const config = loadConfig(cwd, args.config, files);
  const builtins = loadBuiltinPolicies();
  const policies = [...builtins, ...(config.policies.length > 0 ? userPolicies(config.policies, builtins, config.readPolicyFile, cwd) : [])];
  const rules = mergeRuleSettings(config, args, policies);
  requireInputs(args, config, cwd, files);
  const baseline = args.baseline ? readBaseline(path.resolve(cwd, args.baseline), args.baseline) : undefined;
  requireKnownSuppressions(config, policies);
  return {
    cwd,
    paths: args.paths,
    ignore: config.ignore,
    parameterPairs: new Map([...config.parameters, ...args.parameterPairs]),
    ...(args.defaultParameters ? { defaultParameters: args.defaultParameters } : {}),
    context: config.context,
    limits: config.limits,
    policies,
    rules,
    quiet: args.quiet,
    ...(args.terraformDir ? { terraformDir: args.terraformDir } : {}),
    files,
    explain: args.explain,
    suppress: { config: config.suppress, ...(config.file ? { configFile: config.file } : {}), ...(baseline ? { baseline } : {}) },
  };
}

export async function runLint(args: LintArgs, io: Io): Promise<number> {
  const options = lintOptions(args, io.cwd);
  const progress = createProgress(io, args.formats.filter((f) => !f.outputFile).map((f) => f.name));
  let result;
  try {
    result = await lint(progress ? { ...options, onProgress: progress.update } : options);
  } finally {
    progress?.finish();
  }
  for (const problem of result.policyErrors) io.stderr.write(`backup-lint: warning: policy could not be evaluated: ${sanitizeText(problem)}\n`);
  for (const warning of result.suppressionWarnings) io.stderr.write(`backup-lint: warning: ${sanitizeText(warning)}\n`);
  const colors = terminalColors(io, args.noColor);
  const builtinIds = new Set(loadBuiltinPolicies().map((p) => p.id));
  const rulesCatalogue = catalogue(options.policies, (id) => builtinIds.has(id));
  const fullReport = args.formats.find((f) => f.outputFile && f.name !== 'github')?.outputFile;
  const sourceBaseUrl = githubSourceBaseUrl(io);
  const render = (name: FormatName, c: Colors) =>
    format(name, result, rulesCatalogue, { colors: c, explain: args.explain, ...(fullReport ? { fullReport } : {}), ...(sourceBaseUrl ? { sourceBaseUrl } : {}) });
  // Files first: a file that cannot be written fails the run before stdout carries a report.
  const linted = new Set(result.files.map((f) => path.resolve(io.cwd, f.path)));
  const outputs = args.formats.flatMap((f) => (f.outputFile ? [{ file: f.outputFile, origin: '--output-file', text: () => render(f.name, makeColors(false)) }] : []));
  if (args.writeBaseline) {
    outputs.push({ file: args.writeBaseline, origin: '--write-baseline', text: () => formatBaseline(result) });
  }
  for (const output of outputs) {
    const target = path.resolve(io.cwd, output.file);
    if (linted.has(target)) throw new UsageError(`${output.origin} '${output.file}' is one of the linted files; not overwriting it`);
    try {
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, output.text());
    } catch (error) {
      throw new UsageError(`cannot write ${output.origin} '${output.file}': ${fsReason(error)}`);
    }
  }
  for (const output of args.formats) {
    if (!output.outputFile) io.stdout.write(render(output.name, colors));
  }
  return exitCode(result.summary, args.failOn, args.maxWarnings);
}

/**
 * In a GitHub Actions job run from the repository root, the commit's blob URL (`<server>/<owner>/<repo>/blob/<sha>/`),
 * so the markdown report links each finding's line. Elsewhere, or from a subfolder (paths would not be repository
 * paths), none.
 */
function githubSourceBaseUrl(io: Io): string | undefined {
  const { GITHUB_ACTIONS, GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_SHA, GITHUB_WORKSPACE } = io.env;
  if (GITHUB_ACTIONS !== 'true' || !GITHUB_SERVER_URL || !GITHUB_REPOSITORY || !GITHUB_SHA || !GITHUB_WORKSPACE) return undefined;
  if (path.resolve(GITHUB_WORKSPACE) !== path.resolve(io.cwd)) return undefined;
  if (!/^https?:\/\/[^\s/]+$/.test(GITHUB_SERVER_URL) || !/^[\w.-]+\/[\w.-]+$/.test(GITHUB_REPOSITORY) || !/^[0-9a-f]{40}$/.test(GITHUB_SHA)) return undefined;
  return `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/blob/${GITHUB_SHA}/`;
}

/** Every `suppress:` entry of the configuration must name a rule of the run (exit 2 at the entry's line otherwise). */
function requireKnownSuppressions(config: Config, policies: readonly CompiledPolicy[]): void {
  const known = new Set(policies.flatMap((p) => [p.id, p.name]));
  config.suppress.forEach((entry, index) => {
    if (known.has(entry.rule)) return;
    const position = config.suppressPosition(index);
    throw new FileConfigError(config.file ?? '.backup-lint.yaml', position.line, position.column, `suppress names an unknown rule '${entry.rule}'`);
  });
}

/** Files named by options or the configuration must exist: a typo must not silently lint without them. */
function requireInputs(args: LintArgs, config: Config, cwd: string, files: ConfinedFiles): void {
  // Asked through the confined access: whether a file outside the root exists is not for the repository to learn.
  const requireFile = (file: string, origin: string) => {
    if ('missing' in files.probe(path.resolve(cwd, file))) throw new UsageError(`${origin}: no such file '${file}'`);
  };
  for (const [template, parameters] of args.parameterPairs) {
    requireFile(template, '--parameters');
    requireFile(parameters, '--parameters');
  }
  if (args.defaultParameters) requireFile(args.defaultParameters, '--parameters');
  for (const [template, parameters] of config.parameters) {
    requireFile(template, `${config.file ?? 'configuration'} parameters`);
    requireFile(parameters, `${config.file ?? 'configuration'} parameters`);
  }
  if (args.terraformDir) {
    const folder = files.folder(args.terraformDir);
    if ('missing' in folder) throw new UsageError(`--terraform-dir: no such folder '${args.terraformDir}'`);
    if ('refused' in folder) throw new UsageError(`--terraform-dir '${args.terraformDir}' is not read: ${folder.refused} (see --root)`);
  }
}

/** User policies; a broken one is a configuration error (exit 2) naming its file, line and column. */
function userPolicies(dirs: readonly string[], builtins: readonly CompiledPolicy[], read: PolicyFileReader | undefined, cwd: string): CompiledPolicy[] {
  try {
    return loadUserPolicies(dirs, builtins, read, cwd);
  } catch (error) {
    if (!(error instanceof PolicyLoadError)) throw error;
    const [first] = error.errors;
    const more = error.errors.length > 1 ? ` (and ${error.errors.length - 1} more problems)` : '';
    throw new UsageError(first ? `${formatPolicyError(first)}${more}` : error.message);
  }
}

/** Config file settings, then --rule severities on top; every rule ID must exist, and its options fit the rule. */
function mergeRuleSettings(config: Config, args: LintArgs, policies: readonly CompiledPolicy[]): Record<string, RuleConfig> {
  const known = new Map(policies.map((p) => [p.id, p]));
  const rules: Record<string, RuleConfig> = {};
  for (const [id, setting] of Object.entries(config.rules)) {
    const policy = known.get(id);
    const position = config.rulePosition(id);
    const configError = (problem: string) => new FileConfigError(config.file ?? '.backup-lint.yaml', position.line, position.column, problem);
    if (!policy) throw configError(`unknown rule '${id}'`);
    // Checked here, where the mistake's line is known (the engine would point at the rule's policy file).
    const options = resolveOptions(policy, setting.options);
    if ('error' in options) throw configError(options.error.message);
    rules[id] = { ...setting };
  }
  for (const [id, severity] of args.rules) {
    if (!known.has(id)) throw new UsageError(`--rule names an unknown rule '${id}' (backup-lint rules lists them)`);
    rules[id] = { ...rules[id], severity };
  }
  return rules;
}
