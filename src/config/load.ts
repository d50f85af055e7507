import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { FileConfigError, UsageError } from './errors';
import { describeSchemaError, schemaValidator } from './validate';
import { parseYamlDocument, YamlSyntaxError } from './yaml-document';

export type SeverityName = 'off' | 'info' | 'warning' | 'error';

export interface RuleConfig {
  severity?: SeverityName;
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
  ignore: string[];
  /** Template → parameter file, relative to the working directory. */
  parameters: Map<string, string>;
  context: DeploymentContextConfig;
  /** Where each rule was configured, for errors about unknown rule IDs. */
  rulePosition(ruleId: string): { line: number; column: number };
}

const CONFIG_NAMES = ['.backup-lint.yaml', '.backup-lint.yml', '.backup-lint.json'];

const EMPTY_CONFIG: Config = {
  rules: {},
  policies: [],
  ignore: [],
  parameters: new Map(),
  context: {},
  rulePosition: () => ({ line: 1, column: 1 }),
};

/** `--config` if given, else the first `.backup-lint.{yaml,yml,json}` from the working directory up to the git root. */
export function loadConfig(cwd: string, explicit: string | undefined): Config {
  const file = explicit ? path.resolve(cwd, explicit) : findConfig(cwd);
  if (!file) return EMPTY_CONFIG;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read configuration file ${explicit ?? file}`);
  }
  return parseConfig(text, file, cwd);
}

export function parseConfig(text: string, absoluteFile: string, cwd: string): Config {
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
    rules?: Record<string, SeverityName | RuleConfig>;
    policies?: string[];
    ignore?: string[];
    parameters?: Record<string, string>;
    context?: DeploymentContextConfig;
  };
  const base = path.dirname(absoluteFile);
  const relativeToCwd = (p: string) => path.relative(cwd, path.resolve(base, p)).split(path.sep).join('/');
  const policies = (data.policies ?? []).map((p) => path.resolve(base, p));
  policies.forEach((dir, index) => {
    if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
      const position = document.positionOf(`/policies/${index}`);
      throw new FileConfigError(shown, position.line, position.column, `policy folder '${data.policies![index]}' not found`);
    }
  });
  const rules: Record<string, RuleConfig> = {};
  for (const [id, setting] of Object.entries(data.rules ?? {})) {
    rules[id] = typeof setting === 'string' ? { severity: setting } : setting;
  }
  return {
    file: shown,
    rules,
    policies,
    ignore: data.ignore ?? [],
    parameters: new Map(Object.entries(data.parameters ?? {}).map(([t, p]) => [relativeToCwd(t), relativeToCwd(p)])),
    context: data.context ?? {},
    rulePosition: (ruleId) => document.positionOf(`/rules/${ruleId}`),
  };
}

function findConfig(cwd: string): string | undefined {
  let dir = path.resolve(cwd);
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    if (existsSync(path.join(dir, '.git'))) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
