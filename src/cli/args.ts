import { parseArgs } from 'node:util';
import { UsageError } from '../config/errors';
import type { RuleSeverity, Severity } from '../findings/finding';
import { FORMATS, type FormatName } from '../report/format-names';

export type FailOn = Severity;

export interface LintArgs {
  command: 'lint';
  paths: string[];
  formats: { name: FormatName; outputFile?: string }[];
  config?: string;
  parameterPairs: Map<string, string>;
  defaultParameters?: string;
  rules: Map<string, RuleSeverity>;
  failOn: FailOn;
  maxWarnings?: number;
  quiet: boolean;
  explain: boolean;
  noColor: boolean;
  terraformDir?: string;
  /** The run's root: nothing outside it is read (default: the git work tree of the paths). */
  root?: string;
  /** Files larger than this are not read (bytes). */
  maxFileBytes?: number;
  /** Findings in this baseline file are not counted. */
  baseline?: string;
  /** Write the run's findings (all but those suppressed in the source or configuration) as a baseline. */
  writeBaseline?: string;
}

export type CliArgs =
  | LintArgs
  | { command: 'rules'; format: 'text' | 'json'; noColor: boolean }
  | { command: 'explain'; ruleId: string; noColor: boolean }
  | { command: 'test-policies'; dir: string; fixtures?: string }
  | { command: 'help' }
  | { command: 'version' };

const OPTIONS = {
  format: { type: 'string', short: 'f', multiple: true },
  'output-file': { type: 'string', short: 'o', multiple: true },
  config: { type: 'string', short: 'c', multiple: true },
  parameters: { type: 'string', short: 'p', multiple: true },
  rule: { type: 'string', multiple: true },
  'fail-on': { type: 'string' },
  'max-warnings': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  explain: { type: 'boolean' },
  'terraform-dir': { type: 'string' },
  root: { type: 'string' },
  'max-file-size': { type: 'string' },
  fixtures: { type: 'string' },
  baseline: { type: 'string' },
  'write-baseline': { type: 'string' },
  'no-color': { type: 'boolean' },
  color: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

const SEVERITIES: readonly RuleSeverity[] = ['off', 'info', 'warning', 'error'];
const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'info'];

export function parseCommandLine(argv: readonly string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(firstSentence((error as Error).message));
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const noColor = values['no-color'] === true;

  if (positionals[0] === 'rules') {
    if (positionals.length > 1) throw new UsageError(`'rules' takes no arguments (got ${positionals.slice(1).join(' ')})`);
    const format = values.format?.[values.format.length - 1] ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`'rules' prints text or json, not '${format}'`);
    return { command: 'rules', format, noColor };
  }
  if (positionals[0] === 'explain') {
    const ruleId = positionals[1];
    if (!ruleId || positionals.length > 2) throw new UsageError("'explain' takes one rule ID, e.g. backup-lint explain BL201");
    return { command: 'explain', ruleId: ruleId.toUpperCase(), noColor };
  }

  if (positionals[0] === 'test-policies') {
    const dir = positionals[1];
    if (!dir || positionals.length > 2) throw new UsageError("'test-policies' takes one policy folder, e.g. backup-lint test-policies policies/");
    return { command: 'test-policies', dir, ...(values.fixtures ? { fixtures: values.fixtures } : {}) };
  }
  if (values.fixtures !== undefined) throw new UsageError('--fixtures is an option of test-policies');

  if ((values.config?.length ?? 0) > 1) throw new UsageError('give --config once: one configuration file is read');
  const config = values.config?.[0];

  const formatNames = values.format ?? ['stylish'];
  const outputFiles = values['output-file'] ?? [];
  if (outputFiles.length > formatNames.length) {
    throw new UsageError('more --output-file options than --format options: give each output file its format');
  }
  const formats = formatNames.map((name, index) => {
    if (!(FORMATS as readonly string[]).includes(name)) {
      throw new UsageError(`unknown format '${name}' (choose one of ${FORMATS.join(', ')})`);
    }
    const outputFile = outputFiles[index];
    return { name: name as FormatName, ...(outputFile ? { outputFile } : {}) };
  });
  if (formats.filter((f) => !f.outputFile).length > 1) {
    throw new UsageError('only one format can go to standard output; give the others an --output-file');
  }

  const rules = new Map<string, RuleSeverity>();
  for (const setting of values.rule ?? []) {
    const match = /^([A-Za-z]{2}\d{3})=(\w+)$/.exec(setting);
    if (!match || !(SEVERITIES as readonly string[]).includes(match[2]!.toLowerCase())) {
      throw new UsageError(`--rule takes ID=off|info|warning|error, e.g. --rule BL204=off (got '${setting}')`);
    }
    rules.set(match[1]!.toUpperCase(), match[2]!.toLowerCase() as RuleSeverity);
  }

  const failOn = values['fail-on'] ?? 'error';
  if (!(FAIL_ON as readonly string[]).includes(failOn)) {
    throw new UsageError(`--fail-on takes error, warning or info (got '${failOn}')`);
  }

  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    if (!/^\d+$/.test(values['max-warnings'])) {
      throw new UsageError(`--max-warnings takes a whole number of 0 or more (got '${values['max-warnings']}')`);
    }
    maxWarnings = Number(values['max-warnings']);
  }

  let maxFileBytes: number | undefined;
  const maxFileSize = values['max-file-size'];
  if (maxFileSize !== undefined) {
    if (!/^[1-9]\d{0,4}$/.test(maxFileSize)) throw new UsageError(`--max-file-size takes a whole number of MiB from 1 to 99999 (got '${maxFileSize}')`);
    maxFileBytes = Number(maxFileSize) * 1024 * 1024;
  }

  const parameterPairs = new Map<string, string>();
  let defaultParameters: string | undefined;
  for (const entry of values.parameters ?? []) {
    const separator = entry.indexOf('=');
    if (separator > 0) parameterPairs.set(entry.slice(0, separator), entry.slice(separator + 1));
    else if (defaultParameters) throw new UsageError('give at most one --parameters file without a template= prefix');
    else defaultParameters = entry;
  }

  return {
    command: 'lint',
    paths: positionals.length > 0 ? positionals : ['.'],
    formats,
    ...(config ? { config } : {}),
    parameterPairs,
    ...(defaultParameters ? { defaultParameters } : {}),
    rules,
    failOn: failOn as FailOn,
    ...(maxWarnings !== undefined ? { maxWarnings } : {}),
    quiet: values.quiet === true,
    explain: values.explain === true,
    noColor,
    ...(values['terraform-dir'] ? { terraformDir: values['terraform-dir'] } : {}),
    ...(values.root ? { root: values.root } : {}),
    ...(maxFileBytes !== undefined ? { maxFileBytes } : {}),
    ...(values.baseline ? { baseline: values.baseline } : {}),
    ...(values['write-baseline'] ? { writeBaseline: values['write-baseline'] } : {}),
  };
}

/** Node's parser explains over several lines; the contract is one line on stderr. */
function firstSentence(message: string): string {
  const line = message.split('\n')[0]!;
  const cut = line.indexOf('. ');
  return (cut > 0 ? line.slice(0, cut) : line).replace(/\.$/, '');
}

export const HELP = `Usage: backup-lint [options] [paths...]
       backup-lint rules [--format json]
       backup-lint explain <rule-id>
       backup-lint test-policies <policy-folder> [--fixtures <folder>]

Lints ARM templates, Bicep-compiled JSON, Terraform plans (terraform show -json) and .tf
modules for configurations that make Azure VM Backup fail ("Snapshot VM sub task timed out").
Paths are files or folders (default: the current folder).

Options:
  -f, --format <name>        stylish (default), json, sarif, github (workflow annotations), markdown
                             (job summary) or junit; repeat for several outputs
  -o, --output-file <file>   write the matching --format to a file instead of stdout
  -c, --config <file>        configuration file (default: .backup-lint.yaml found upward to the git root)
  -p, --parameters <p>       template.json=params.json, or one parameter file for all templates
      --rule <ID=severity>   override a rule: off, info, warning or error (repeatable)
      --fail-on <severity>   lowest severity that fails the run: error (default), warning, info
      --max-warnings <n>     also fail when there are more than n warnings
  -q, --quiet                report errors only
      --terraform-dir <dir>  the .tf files behind the plans, to report plan findings at .tf lines
                             (default: the plan's own folder)
      --root <dir>           nothing outside this folder is read, links included (default: the git
                             work tree holding the paths, else the current folder)
      --max-file-size <MiB>  files larger than this are not read (default: 16)
      --baseline <file>      count only findings not in this baseline file
      --write-baseline <file>
                             write the run's findings to a baseline file (exit code as usual)
      --explain              list the checks skipped because their inputs are unknown, what the
                             analyses found (each VM's network, groups) and the suppressed findings
      --no-color             no colours (NO_COLOR and FORCE_COLOR are honoured too)
      --fixtures <dir>       test-policies: the folder holding <policy-id>/valid and /invalid
                             (default: fixtures/ beside the policy folder, else inside it)
  -v, --version              print the version
  -h, --help                 print this help

Exit codes: 0 no failing findings, 1 failing findings, 2 usage, configuration or internal error.
test-policies: 0 every case passed, 1 a case failed, 2 a policy or folder is broken.
`;
