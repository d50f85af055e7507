import { readdirSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { fsReason, UsageError } from '../config/errors';
import { realOrSelf, type ConfinedFiles } from '../io/confined-files';

/** Folders never walked into: VCS data, dependencies, Terraform's provider/module cache. */
const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules', '.terraform']);

export interface WalkedFile {
  /** `/`-separated path relative to the working directory (as reported). */
  path: string;
  /** True when the user named this file itself (pre-commit passes changed files one by one). */
  explicit: boolean;
}

/** A folder the walk could not list: reported (BL001 at it), never skipped silently, and the run goes on. */
export interface UnreadablePath {
  path: string;
  reason: string;
}

/**
 * Lists the `.json`, `.tf` and `.tfvars` files under the given paths, skipping ignored folders and the configured
 * ignore globs (matched against the relative path). Files named explicitly are kept even when their extension differs.
 * Links to files and special files (FIFOs, devices) are listed too: the confined reader refuses what is outside the
 * root or not a regular file, and that refusal is reported at the file.
 */
export function walkPaths(
  paths: readonly string[],
  cwd: string,
  ignoreGlobs: readonly string[],
  files: ConfinedFiles,
): { walked: WalkedFile[]; unreadable: UnreadablePath[] } {
  // Required only when there are patterns: most runs have none.
  const isIgnored = ignoreGlobs.length > 0 ? (require('picomatch') as typeof import('picomatch'))(ignoreGlobs as string[], { dot: true }) : () => false;
  const found = new Map<string, WalkedFile>();
  const unreadable: UnreadablePath[] = [];
  const visit = (absolute: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(absolute, { withFileTypes: true });
    } catch (error) {
      unreadable.push({ path: toReportedPath(absolute, cwd), reason: fsReason(error) });
      return;
    }
    // Children's reported paths extend the folder's, except in a folder that holds the working directory. join()
    // makes a flat string, where `+` would keep a pair of parts alive in every location that names the file.
    const folder = toReportedPath(absolute, cwd);
    const extendable = !/^\.\.(\/\.\.)*$/.test(folder);
    for (const entry of entries) {
      const child = path.join(absolute, entry.name);
      const relative = !extendable ? toReportedPath(child, cwd) : folder === '.' ? entry.name : [folder, entry.name].join('/');
      if (isIgnored(relative)) continue;
      // Links to folders are not followed: they loop, or lead out of the tree and to files linted twice. A dangling
      // link is skipped.
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) visit(child);
      } else if (isCandidate(entry.name) && !(entry.isSymbolicLink() && !isLinkToFile(child))) {
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
    // A named file as written (a link that leads outside is refused when read, at the file); a named folder as it
    // really is, since everything under it is listed.
    const named = stats.isDirectory() ? realOrSelf(absolute) : path.join(realOrSelf(path.dirname(absolute)), path.basename(absolute));
    if (!files.contains(named)) throw new UsageError(`'${given}' is outside the run's root ${files.root} (set --root)`);
    if (stats.isDirectory()) {
      visit(absolute);
    } else {
      const relative = toReportedPath(absolute, cwd);
      found.set(relative, { path: relative, explicit: true });
    }
  }
  const walked = [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { walked, unreadable };
}

/** A link to something that is not a folder: the reader decides whether it may be read. */
function isLinkToFile(absolute: string): boolean {
  try {
    return !statSync(absolute).isDirectory();
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
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

/** The files of one folder (not its subfolders), as reported paths; links included, the reader checks them. */
export function listFolder(dir: string, files: ConfinedFiles): string[] {
  return (files.listFiles(dir) ?? []).map((name) => (dir === '.' ? name : `${dir}/${name}`));
}
