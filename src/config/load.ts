import type { RuleSeverity } from '../findings/finding';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { FileConfigError, UsageError } from './errors';
import { ConfinedFiles, realOrSelf } from '../io/confined-files';
import type { ConfigSuppression } from '../suppress/types';
import { describeSchemaError, schemaValidator } from './validate';
import type { EvaluationLimits } from '../formats/budget';
import { parseYamlDocument, YamlSyntaxError } from './yaml-document';


export interface RuleConfig {
  severity?: RuleSeverity;
  options?: Record<string, unknown>;
}

export interface DeploymentContextConfig {
  subscriptionId?: string;
  resourceGroup?: string;
  location?: string;
  deploymentName?: string;
  tenantId?: string;
  managementGroup?: string;
}

export interface Config {
  /** The configuration file, relative to the working directory; undefined when none was found. */
  file?: string;
  rules: Record<string, RuleConfig>;
  /** Absolute folders of user policies. */
  policies: string[];
  /** Reads the policy files: a found configuration's inside the run's root; a named one's beside it too. */
  readPolicyFile?: (file: string) => ReturnType<ConfinedFiles['read']>;
  ignore: string[];
  /** Template → parameter file, relative to the working directory. */
  parameters: Map<string, string>;
  context: DeploymentContextConfig;
  /** Evaluation limits that replace the defaults (schema-checked against fixed maxima). */
  limits: Partial<EvaluationLimits>;
  /** `suppress:` entries, each with its line in the file. */
  suppress: ConfigSuppression[];
  /** Where each rule was configured, for errors about unknown rule IDs. */
  rulePosition(ruleId: string): { line: number; column: number };
  /** Where the `rule` of the index-th `suppress:` entry is written. */
  suppressPosition(index: number): { line: number; column: number };
}

const CONFIG_NAMES = ['.backup-lint.yaml', '.backup-lint.yml', '.backup-lint.json'];

const EMPTY_CONFIG: Config = {
  rules: {},
  policies: [],
  ignore: [],
  parameters: new Map(),
  context: {},
  limits: {},
  suppress: [],
  rulePosition: () => ({ line: 1, column: 1 }),
  suppressPosition: () => ({ line: 1, column: 1 }),
};

/**
 * `--config` if given, else the first `.backup-lint.{yaml,yml,json}` from the working directory up to the git root
 * (never above the run's root). A found configuration is the repository's, and as hostile as its templates: it is
 * read through the run's confined file access, and the folders it names must be inside the root. A named one is
 * the user's: it may be anywhere, and its policy folders may also be beside it.
 */
export function loadConfig(cwd: string, explicit: string | undefined, files: ConfinedFiles = new ConfinedFiles(cwd, cwd)): Config {
  const file = explicit ? path.resolve(cwd, explicit) : findConfig(cwd, files.root);
  if (!file) return EMPTY_CONFIG;
  // Found above the root (the working directory is outside the repository linted): the user's, like a named one.
  const named = explicit || !files.containsPath(file) ? new ConfinedFiles(path.dirname(file), cwd, files.maxBytes) : undefined;
  const read = (named ?? files).read(file);
  if (!('text' in read)) {
    throw new UsageError(`cannot read configuration file ${explicit ?? file}${'refused' in read ? `: ${read.refused}` : ''}`);
  }
  return parseConfig(read.text, file, cwd, named ? [files, named] : [files]);
}

export function parseConfig(text: string, absoluteFile: string, cwd: string, readers: readonly ConfinedFiles[] = [new ConfinedFiles('/', cwd)]): Config {
  const shown = path.relative(cwd, absoluteFile).split(path.sep).join('/') || absoluteFile;
  let document;
  try {
    document = parseYamlDocument(text);
  } catch (error) {
    if (error instanceof YamlSyntaxError) throw new FileConfigError(shown, error.position.line, error.position.column, error.message);
    throw error;
  }
  const raw = document.value ?? {};
  const validate = schemaValidator('config.schema.json');
  if (!validate(raw)) {
    const { path: instancePath, message } = describeSchemaError(validate.errors ?? []);
    const position = document.positionOf(instancePath);
    throw new FileConfigError(shown, position.line, position.column, message);
  }
  const data = raw as {
    rules?: Record<string, RuleSeverity | RuleConfig>;
    policies?: string[];
    ignore?: string[];
    parameters?: Record<string, string>;
    context?: DeploymentContextConfig;
    limits?: Partial<EvaluationLimits>;
    suppress?: Omit<ConfigSuppression, 'line'>[];
  };
  const base = path.dirname(absoluteFile);
  const relativeToCwd = (p: string) => path.relative(cwd, path.resolve(base, p)).split(path.sep).join('/');
  const policies = (data.policies ?? []).map((p) => path.resolve(base, p));
  const readerOf = new Map<string, ConfinedFiles>();
  policies.forEach((dir, index) => {
    const outcomes = readers.map((reader) => ({ reader, folder: reader.folder(dir) }));
    const allowed = outcomes.find((o) => 'real' in o.folder);
    if (allowed) {
      readerOf.set(dir, allowed.reader);
      return;
    }
    const position = document.positionOf(`/policies/${index}`);
    const refused = outcomes.map((o) => o.folder).find((f): f is { refused: string } => 'refused' in f);
    const problem = refused ? `is not read: ${refused.refused}` : 'not found';
    throw new FileConfigError(shown, position.line, position.column, `policy folder '${data.policies![index]}' ${problem}`);
  });
  const readPolicyFile = (file: string) => (readerOf.get(path.dirname(file)) ?? readers[0]!).read(file);
  const rules: Record<string, RuleConfig> = {};
  for (const [id, setting] of Object.entries(data.rules ?? {})) {
    rules[id] = typeof setting === 'string' ? { severity: setting } : setting;
  }
  return {
    file: shown,
    rules,
    policies,
    readPolicyFile,
    ignore: data.ignore ?? [],
    parameters: new Map(Object.entries(data.parameters ?? {}).map(([t, p]) => [relativeToCwd(t), relativeToCwd(p)])),
    context: data.context ?? {},
    limits: data.limits ?? {},
    suppress: (data.suppress ?? []).map((entry, index) => ({ ...entry, line: document.positionOf(`/suppress/${index}`).line })),
    rulePosition: (ruleId) => document.positionOf(`/rules/${ruleId}`),
    suppressPosition: (index) => document.positionOf(`/suppress/${index}/rule`),
  };
}

function findConfig(cwd: string, root: string): string | undefined {
  let dir = path.resolve(cwd);
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    if (existsSync(path.join(dir, '.git')) || realOrSelf(dir) === root) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
