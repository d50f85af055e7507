import { accessSync, constants, readdirSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { fsReason, UsageError } from '../config/errors';

/** Folders never walked into: VCS data, dependencies, Terraform's provider/module cache. */
const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules', '.terraform']);

export interface WalkedFile {
  /** `/`-separated path relative to the working directory (as reported). */
  path: string;
  /** True when the user named this file itself (pre-commit passes changed files one by one). */
  explicit: boolean;
}

/**
 * Lists the `.json`, `.tf` and `.tfvars` files under the given paths, skipping ignored folders and the configured
 * ignore globs (matched against the relative path). Files named explicitly are kept even when their extension differs.
 */
export function walkPaths(paths: readonly string[], cwd: string, ignoreGlobs: readonly string[]): WalkedFile[] {
  const isIgnored = ignoreGlobs.length > 0 ? picomatch(ignoreGlobs as string[], { dot: true }) : () => false;
  const found = new Map<string, WalkedFile>();
  const visit = (absolute: string): void => {
    for (const entry of readFolder(absolute, cwd)) {
      const child = path.join(absolute, entry.name);
      const relative = toReportedPath(child, cwd);
      if (isIgnored(relative)) continue;
      // A link to a file is that file (shared templates are often linked in); a dangling link is skipped, and links
      // to folders are not followed: they loop, or lead out of the tree and to files linted twice.
      const isFile = entry.isFile() || (entry.isSymbolicLink() && statOrUndefined(child)?.isFile() === true);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) visit(child);
      } else if (isFile && isCandidate(entry.name)) {
        assertReadable(child, cwd);
        if (!found.has(relative)) found.set(relative, { path: relative, explicit: false });
      }
    }
  };
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    let stats;
    try {
      stats = statSync(absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new UsageError(`no such file or directory: ${given}`);
      throw new UsageError(`cannot read '${toReportedPath(absolute, cwd)}': ${fsReason(error)}`);
    }
    if (stats.isDirectory()) {
      visit(absolute);
    } else {
      assertReadable(absolute, cwd);
      const relative = toReportedPath(absolute, cwd);
      found.set(relative, { path: relative, explicit: true });
    }
  }
  return [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * A folder or file the run cannot read is a usage error (exit 2) naming it: never an internal error, and never
 * skipped silently, which would pass a run that did not look at everything.
 */
function readFolder(absolute: string, cwd: string) {
  try {
    return readdirSync(absolute, { withFileTypes: true });
  } catch (error) {
    throw new UsageError(`cannot read '${toReportedPath(absolute, cwd)}': ${fsReason(error)}`);
  }
}

function assertReadable(absolute: string, cwd: string): void {
  try {
    accessSync(absolute, constants.R_OK);
  } catch (error) {
    throw new UsageError(`cannot read '${toReportedPath(absolute, cwd)}': ${fsReason(error)}`);
  }
}

function statOrUndefined(absolute: string): Stats | undefined {
  try {
    return statSync(absolute);
  } catch {
    return undefined;
  }
}

function isCandidate(name: string): boolean {
  return name.endsWith('.json') || name.endsWith('.tf') || name.endsWith('.tfvars');
}

/** Paths relative to the working directory with `/` separators (DESIGN §7). */
export function toReportedPath(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute) || '.';
  return relative.split(path.sep).join('/');
}

/** The files of one folder (not its subfolders), as reported paths. */
export function listFolder(dir: string, cwd: string): string[] {
  try {
    return readdirSync(path.resolve(cwd, dir), { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => (dir === '.' ? entry.name : `${dir}/${entry.name}`));
  } catch {
    return [];
  }
}
