import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { UsageError } from '../config/errors';

/** Folders never walked into: VCS data, dependencies, Terraform's provider/module cache. */
const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules', '.terraform']);

export interface WalkedFile {
  /** `/`-separated path relative to the working directory (as reported). */
  path: string;
  /** True when the user named this file itself (pre-commit passes changed files one by one). */
  explicit: boolean;
}

export class PathNotFoundError extends UsageError {}

/**
 * Lists the `.json`, `.tf` and `.tfvars` files under the given paths, skipping ignored folders and the configured
 * ignore globs (matched against the relative path). Files named explicitly are kept even when their extension differs.
 */
export function walkPaths(paths: readonly string[], cwd: string, ignoreGlobs: readonly string[]): WalkedFile[] {
  const isIgnored = ignoreGlobs.length > 0 ? picomatch(ignoreGlobs as string[], { dot: true }) : () => false;
  const found = new Map<string, WalkedFile>();
  const visit = (absolute: string): void => {
    for (const entry of readdirSync(absolute, { withFileTypes: true })) {
      const child = path.join(absolute, entry.name);
      const relative = toReportedPath(child, cwd);
      if (isIgnored(relative)) continue;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) visit(child);
      } else if (entry.isFile() && isCandidate(entry.name)) {
        if (!found.has(relative)) found.set(relative, { path: relative, explicit: false });
      }
    }
  };
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    let stats;
    try {
      stats = statSync(absolute);
    } catch {
      throw new PathNotFoundError(`no such file or directory: ${given}`);
    }
    if (stats.isDirectory()) {
      visit(absolute);
    } else {
      const relative = toReportedPath(absolute, cwd);
      found.set(relative, { path: relative, explicit: true });
    }
  }
  return [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function isCandidate(name: string): boolean {
  return name.endsWith('.json') || name.endsWith('.tf') || name.endsWith('.tfvars');
}

/** Paths relative to the working directory with `/` separators (DESIGN §7). */
export function toReportedPath(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute) || '.';
  return relative.split(path.sep).join('/');
}
