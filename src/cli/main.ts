import path from 'node:path';
import { HELP, parseCommandLine, type LintArgs } from './args';
import { UsageError } from '../config/errors';
import { sanitizeText } from '../findings/sanitize';
import { TOOL_VERSION } from '../version';
import type { LintOptions } from '../lint';

// Each command requires what it needs when it runs: --version, --help, rules and explain load no pipeline (no
// readers, model, analyses, policy engine, YAML or schema validator), so they start as fast as Node itself.
// test/cli/lazy-loading.test.ts guards this.

export interface Io {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

const processIo = (): Io => ({
  stdout: process.stdout,
  // A getter: Node creates the stream on first use, which costs start-up time a run that writes nothing there saves.
  get stderr() {
    return process.stderr;
  },
  env: process.env,
  cwd: process.cwd(),
});

/**
 * V8 settings for a lint run, set by the command (and the Action) before the pipeline loads; the library leaves the
 * process's engine alone. Flags are process-wide, so worker threads get them too.
 *
 * `--no-turbo-inlining`: a lint is a few seconds of code that meets JSON objects of ever new shapes (each template's
 * own keys), so TurboFan's optimised code keeps meeting maps it did not see and is thrown away and compiled again.
 * With inlining, each of those compilations is large: on the corpus they took 1.6 s of CPU on V8's background
 * threads, about a third of the run's CPU, and on two cores they compete with the lint itself. Without it, the
 * ARM + Bicep corpus lints in 18 % less time with 20 % less CPU, and the Terraform corpus in 15 % less (README,
 * Speed).
 *
 * `--interrupt-budget=500000` (V8's default is 67,584 bytecodes' worth): a function is sent to TurboFan only after
 * about seven times as much use. Most of a lint's functions run for a few hundred milliseconds on data of changing
 * shapes, and their optimised code was paid for (on the two cores the lint itself uses) and then barely run or thrown
 * away: on the corpus, ARM + Bicep lint 7 % faster with 9 % less CPU, Terraform 6 % faster (medians of 3,
 * interleaved; 250,000 and 1,000,000 do as well, the gain is flat between them).
 *
 * They are set before the lint command's bundle loads: its code cache is made under them (scripts/bundle-cli.js),
 * and V8 rejects a cache made under other flags.
 */
const LINT_ENGINE_FLAGS = ['--no-turbo-inlining', '--interrupt-budget=500000'];

let tuned = false;

export function tuneEngineForLint(): void {
  if (tuned) return;
  tuned = true;
  const v8 = require('node:v8') as typeof import('node:v8');
  for (const flag of LINT_ENGINE_FLAGS) v8.setFlagsFromString(flag);
}

type LintCommand = typeof import('./lint-command');
let lintCommandModule: LintCommand | undefined;
/** The lint command: from dist/, the bundle with its V8 code cache (code-cache.ts); otherwise required as usual. */
const lintCommand = (): LintCommand => {
  if (!lintCommandModule) {
    const { loadWithCodeCache } = require('./code-cache') as typeof import('./code-cache');
    const loaded = loadWithCodeCache(path.join(__dirname, 'lint-command.js'));
    lintCommandModule = (loaded?.exports as LintCommand | undefined) ?? (require('./lint-command') as LintCommand);
  }
  return lintCommandModule;
};

/** Runs the command; resolves to the exit code (0 clean, 1 failing findings, 2 usage/config/internal error). */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  try {
    const args = parseCommandLine(argv);
    switch (args.command) {
      case 'help':
        io.stdout.write(HELP);
        return 0;
      case 'version':
        io.stdout.write(`${TOOL_VERSION}\n`);
        return 0;
      case 'rules': {
        const { builtinRules } = require('./catalogue') as typeof import('./catalogue');
        const { terminalColors } = require('./terminal') as typeof import('./terminal');
        io.stdout.write(builtinRules(args.format, terminalColors(io, args.noColor)));
        return 0;
      }
      case 'explain': {
        const { explainRule } = require('./catalogue') as typeof import('./catalogue');
        io.stdout.write(explainRule(args.ruleId));
        return 0;
      }
      case 'test-policies': {
        // The harness compiles policies from YAML (yaml, ajv, the TypeScript parser).
        const { testPolicies, formatPolicyTests } = require('./test-policies') as typeof import('./test-policies');
        const results = await testPolicies({ cwd: io.cwd, dir: args.dir, ...(args.fixtures ? { fixtures: args.fixtures } : {}) });
        const { text, passed } = formatPolicyTests(results);
        io.stdout.write(text);
        return passed ? 0 : 1;
      }
      case 'lint':
        tuneEngineForLint();
        return await lintCommand().runLint(args, io);
    }
  } catch (error) {
    // Usage and configuration errors may quote the configuration (the repository's): sanitised like the report.
    if (error instanceof UsageError) {
      io.stderr.write(`backup-lint: ${sanitizeText(error.message)}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`backup-lint: internal error: ${sanitizeText(message)}\n`);
    if (io.env['DEBUG'] && error instanceof Error && error.stack) io.stderr.write(error.stack + '\n');
    return 2;
  }
}

/**
 * The lint run the command line asks for (see lint-command), for scripts that lint in process (corpus snapshot).
 */
export function lintOptions(args: LintArgs, cwd: string): LintOptions {
  return lintCommand().lintOptions(args, cwd);
}
