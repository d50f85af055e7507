import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** What only-changed lints: the changed files, or everything (with the reason) when there is no diff to take. */
export type ChangedFiles = { kind: 'changed'; base: string; files: string[] } | { kind: 'all'; reason: string; warn: boolean };

/** Files the linter reads: templates, parameter files and plans (.json), Terraform (.tf, .tfvars). */
const LINTABLE = /\.(json|tf|tfvars)$/i;

/**
 * The files a pull request changed (added, copied, modified, renamed; not deleted), against the event's base commit,
 * that lie under one of `paths`. `git diff base...HEAD` needs the base commit and the merge base in the clone:
 * actions/checkout fetches one commit unless `fetch-depth: 0`, and then the whole of `paths` is linted instead.
 */
export function changedFiles(workspace: string, eventPath: string | undefined, paths: readonly string[]): ChangedFiles {
  const base = pullRequestBase(eventPath);
  if (!base) return { kind: 'all', reason: 'only-changed applies to pull_request events; linting all of paths', warn: false };
  const short = base.slice(0, 12);
  const git = (...args: string[]) => execFileSync('git', ['-C', workspace, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const shallowHint = 'actions/checkout fetches a single commit unless fetch-depth: 0';
  try {
    git('cat-file', '-e', `${base}^{commit}`);
  } catch {
    return { kind: 'all', reason: `only-changed: the base commit ${short} is not in this clone (${shallowHint}); linting all of paths instead`, warn: true };
  }
  let listed: string;
  try {
    listed = git('diff', '--name-only', '-z', '--no-renames', '--diff-filter=ACMRT', `${base}...HEAD`);
  } catch (error) {
    const detail = firstLine((error as { stderr?: string }).stderr ?? '') || 'git diff failed';
    return { kind: 'all', reason: `only-changed: cannot diff against the base commit ${short} (${detail}; ${shallowHint}); linting all of paths instead`, warn: true };
  }
  const roots = paths.map(normalise);
  const files = listed
    .split('\0')
    .filter((file) => file !== '' && LINTABLE.test(file))
    .filter((file) => roots.some((root) => root === '.' || file === root || file.startsWith(root + '/')))
    .sort();
  return { kind: 'changed', base, files };
}

/** pull_request(_target).base.sha from the event payload, when it is one. */
function pullRequestBase(eventPath: string | undefined): string | undefined {
  if (!eventPath) return undefined;
  let event: unknown;
  try {
    event = JSON.parse(readFileSync(eventPath, 'utf8'));
  } catch {
    return undefined;
  }
  const sha = (event as { pull_request?: { base?: { sha?: unknown } } } | null)?.pull_request?.base?.sha;
  return typeof sha === 'string' && /^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(sha) ? sha : undefined;
}

/** A `paths` entry as git prints paths: `/`-separated, no leading `./`, no trailing `/`. */
function normalise(p: string): string {
  const posix = path.posix.normalize(p.replace(/\\/g, '/'));
  return posix === './' ? '.' : posix.replace(/^\.\//, '').replace(/\/$/, '');
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.replace(/^fatal: /, '') ?? '';
}
