import { closeSync, constants, existsSync, fstatSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { fsReason, UsageError } from '../config/errors';

/**
 * The default cap on one file's size: 16 MiB. ARM refuses templates over 4 MiB and the largest real templates,
 * plans and modules of the corpus are far below that, while a Terraform plan (`terraform show -json`) of a big
 * estate can reach a few MiB. Four times ARM's own limit leaves room for those and still bounds memory.
 */
export const DEFAULT_MAX_FILE_BYTES = 16 * 1024 * 1024;

/**
 * Terraform sources (`.tf`, `.tfvars`, files read by `file()`/`templatefile()`) are capped at a sixteenth of that,
 * 1 MiB by default: tree-sitter parses HCL at about 4 s and 200 MB per MiB on this project's machines, the largest
 * `.tf` file of the corpus is 120 KB, and Azure takes at most 64 KB of custom data.
 */
export const TERRAFORM_CAP_DIVISOR = 16;

/** Non-blocking, so that a FIFO swapped in after the check cannot hang the open; never through a new link. */
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

/** Why a file was not read, in words safe to print: they never carry the file's content or a link's target. */
export const OUTSIDE_ROOT = 'outside the repository';
export const NOT_REGULAR = 'not a regular file';

/** The outcome of a read: the text, no such file, or a refusal with a printable reason. */
export type ReadOutcome = { text: string } | { missing: true } | { refused: string };

/** `16 MiB`, `512 KiB`: how a size limit is told to the user. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/**
 * Every file a run reads goes through here (DESIGN §2, SECURITY.md): only regular files whose real path, links
 * resolved, lies inside the run's root, and none larger than the size cap, checked before reading. Paths are
 * relative to the working directory (the reported paths) or absolute. Nothing here throws on a file-system error.
 */
export class ConfinedFiles {
  /** The root and the working directory with links resolved: containment compares real paths. */
  readonly root: string;
  private readonly cwd: string;
  private readonly refusals = new Map<string, string>();
  private readonly realFolders = new Map<string, string | undefined>();
  private readonly rootPrefix: string | undefined;

  constructor(
    root: string,
    cwd: string,
    readonly maxBytes: number = DEFAULT_MAX_FILE_BYTES,
  ) {
    this.root = realOrSelf(path.resolve(cwd, root));
    this.cwd = realOrSelf(cwd);
    // Windows paths compare without case: path.relative() knows how, a prefix does not.
    if (process.platform !== 'win32') this.rootPrefix = this.root.endsWith('/') ? this.root : `${this.root}/`;
  }

  /** What it takes to make the same confinement elsewhere (a worker thread): `new ConfinedFiles(root, cwd, maxBytes)`. */
  get setup(): { root: string; cwd: string; maxBytes: number } {
    return { root: this.root, cwd: this.cwd, maxBytes: this.maxBytes };
  }

  /** True when `absolute` (a real path) is the root or inside it. */
  contains(absolute: string): boolean {
    // The common case without path.relative()'s allocations: a POSIX path under the root with no `.`, `..` or empty
    // segment (a path with any, or with a dot file, takes path.relative()).
    if (this.rootPrefix !== undefined && absolute.startsWith(this.rootPrefix) && !absolute.includes('/.') && !absolute.includes('//')) return true;
    const relative = path.relative(this.root, absolute);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  }

  /** The cap of Terraform sources, which are slower to parse than JSON (see TERRAFORM_CAP_DIVISOR). */
  get terraformMaxBytes(): number {
    return Math.max(1, Math.floor(this.maxBytes / TERRAFORM_CAP_DIVISOR));
  }

  /** Reads a source file as text (UTF-8, or UTF-16 after its byte order mark), up to `maxBytes` (default: the cap). */
  read(file: string, maxBytes: number = this.maxBytes): ReadOutcome {
    const outcome = this.readBytes(file, maxBytes);
    if ('bytes' in outcome) return { text: decodeSourceText(outcome.bytes) };
    if ('refused' in outcome) this.refusals.set(file, outcome.refused);
    return outcome;
  }

  /**
   * The text of a file's first `bytes` bytes, refused as `read` would refuse the whole file (a folder, not a regular
   * file, over `maxBytes`); `whole` when that is the whole file. Enough to tell most templates from their first lines.
   */
  readHead(file: string, bytes: number, maxBytes: number = this.maxBytes): { text: string; whole: boolean } | { missing: true } | { refused: string } {
    const outcome = this.readBytes(file, maxBytes, bytes);
    if ('bytes' in outcome) return { text: decodeSourceText(outcome.bytes), whole: outcome.whole };
    if ('refused' in outcome) this.refusals.set(file, outcome.refused);
    return outcome;
  }

  /** The text, or undefined when the file is missing or refused (`refusal` then says why). */
  readText(file: string, maxBytes: number = this.maxBytes): string | undefined {
    const outcome = this.read(file, maxBytes);
    return 'text' in outcome ? outcome.text : undefined;
  }

  /** Why the last read (or listing) of `file` was refused; undefined when it was not, or the file is missing. */
  refusal(file: string): string | undefined {
    return this.refusals.get(file);
  }

  /**
   * The names of the entries of a folder inside the root that may be files: regular files and links (a link is
   * checked when read). Undefined when the folder is missing, outside the root or cannot be listed.
   */
  listFiles(dir: string): string[] | undefined {
    const real = this.realInside(dir);
    if (typeof real !== 'string') {
      if ('refused' in real) this.refusals.set(dir, real.refused);
      return undefined;
    }
    try {
      return readdirSync(real, { withFileTypes: true })
        .filter((entry) => entry.isFile() || entry.isSymbolicLink())
        .map((entry) => entry.name);
    } catch (error) {
      this.refusals.set(dir, fsReason(error));
      return undefined;
    }
  }

  /** The real path of an existing folder inside the root, else why not (missing, outside, not a folder). */
  folder(dir: string): { real: string } | { missing: true } | { refused: string } {
    const real = this.realInside(dir);
    if (typeof real !== 'string') return real;
    return statSync(real, { throwIfNoEntry: false })?.isDirectory() ? { real } : { refused: 'not a folder' };
  }

  /**
   * The first `bytes` bytes of a regular file inside the root, whatever its size: enough to tell whether a file over
   * the cap is one of ours at all. Undefined when it may not be read.
   */
  peek(file: string, bytes: number): string | undefined {
    const real = this.realInside(file);
    if (typeof real !== 'string') return undefined;
    let fd: number | undefined;
    try {
      fd = openSync(real, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
      if (!fstatSync(fd).isFile()) return undefined;
      const buffer = Buffer.alloc(bytes);
      const read = readSync(fd, buffer, 0, bytes, 0);
      return decodeSourceText(buffer.subarray(0, read));
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  /** Whether a path exists inside the root (links resolved), without reading it; outside paths are refused. */
  probe(file: string): { present: true } | { missing: true } | { refused: string } {
    const real = this.realInside(file);
    return typeof real === 'string' ? { present: true } : real;
  }

  /** The path as written, its folder's links resolved: inside the root although it may be a link leading out. */
  containsPath(file: string): boolean {
    const absolute = path.resolve(this.cwd, file);
    return this.contains(path.join(realOrSelf(path.dirname(absolute)), path.basename(absolute)));
  }

  /** The file's bytes, or only its first `headBytes` when it has more (`whole` false). */
  private readBytes(file: string, maxBytes: number, headBytes = Number.POSITIVE_INFINITY): { bytes: Buffer; whole: boolean } | { missing: true } | { refused: string } {
    const opened = this.open(file);
    if (!('fd' in opened)) return opened;
    const { fd } = opened;
    try {
      const stats = fstatSync(fd);
      if (stats.isDirectory()) return { refused: 'it is a folder' };
      if (!stats.isFile()) return { refused: NOT_REGULAR };
      const tooLarge = { refused: this.tooLarge(maxBytes) };
      if (stats.size > maxBytes) return tooLarge;
      if (stats.size > headBytes) {
        const head = Buffer.allocUnsafe(headBytes);
        let length = 0;
        while (length < headBytes) {
          const read = readSync(fd, head, length, headBytes - length, null);
          if (read === 0) break;
          length += read;
        }
        return { bytes: head.subarray(0, length), whole: false };
      }
      // Files whose size the kernel does not know (size 0) are read up to the cap, never further. One byte over the
      // size tells a file that grew since.
      const buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, stats.size > 0 ? stats.size + 1 : 64 * 1024));
      let length = 0;
      for (;;) {
        if (length === buffer.length) {
          if (length > maxBytes) return tooLarge;
          return { bytes: Buffer.concat([buffer.subarray(0, length), this.readRest(fd, length, maxBytes)]), whole: true };
        }
        const read = readSync(fd, buffer, length, buffer.length - length, null);
        if (read === 0) break;
        length += read;
      }
      if (length > maxBytes) return tooLarge;
      return { bytes: buffer.subarray(0, length), whole: true };
    } catch (error) {
      return { refused: fsReason(error) };
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Opens a file inside the root, never through a link that leads out. Most files sit in a folder already seen and
   * are not links themselves: they are opened by their folder's real path with O_NOFOLLOW, one realpath(3) per
   * folder rather than per file. A link (O_NOFOLLOW refuses it) takes the full check of realInside().
   */
  private open(file: string): { fd: number } | { missing: true } | { refused: string } {
    if (constants.O_NOFOLLOW !== undefined) {
      const absolute = path.resolve(this.cwd, file);
      const folder = this.contains(absolute) ? this.realFolder(path.dirname(absolute)) : undefined;
      if (folder !== undefined) {
        try {
          return { fd: openSync(path.join(folder, path.basename(absolute)), READ_FLAGS) };
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { missing: true };
          // ELOOP: the file is a link, which realInside() follows and checks.
        }
      }
    }
    const real = this.realInside(file);
    if (typeof real !== 'string') return real;
    try {
      return { fd: openSync(real, READ_FLAGS) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return { missing: true };
      return { refused: code === 'ELOOP' ? OUTSIDE_ROOT : fsReason(error) };
    }
  }

  /** The real path of a folder when it lies inside the root, remembered; undefined when it does not or is unreadable. */
  private realFolder(absolute: string): string | undefined {
    if (this.realFolders.has(absolute)) return this.realFolders.get(absolute);
    let real: string | undefined;
    try {
      real = realpathSync.native(absolute);
      if (!this.contains(real)) real = undefined;
    } catch {
      real = undefined;
    }
    this.realFolders.set(absolute, real);
    return real;
  }

  private tooLarge(maxBytes: number): string {
    return `larger than the size limit of ${formatBytes(maxBytes)}${maxBytes < this.maxBytes ? ' for Terraform files' : ''} (--max-file-size)`;
  }

  /** What is left of a file that grew past the buffer sized from its stat, up to one byte over the cap. */
  private readRest(fd: number, already: number, maxBytes: number): Buffer {
    const chunks: Buffer[] = [];
    let total = already;
    while (total <= maxBytes) {
      const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, maxBytes + 1 - total));
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      total += read;
    }
    if (total > maxBytes) throw new Error(this.tooLarge(maxBytes));
    return Buffer.concat(chunks);
  }

  /**
   * The real path of `file` when it lies inside the root, links resolved. A path written outside the root (a
   * link to the repository: `--root /work/link`, paths under it) is read when its real path is inside, and told
   * missing when its folder's is; otherwise, whether it exists or not, it is refused as outside, so that whether a
   * file outside exists is never told. A link whose target is missing is refused like one that leads outside: its
   * target is not the repository's to name.
   */
  private realInside(file: string): string | { missing: true } | { refused: string } {
    const absolute = path.resolve(this.cwd, file);
    const writtenInside = this.contains(absolute);
    let real: string;
    try {
      // The system's realpath(3): one call, where Node's own walks and lstat()s every folder of the path.
      real = realpathSync.native(absolute);
    } catch (error) {
      // Written outside: told missing only when its folder really is inside the root.
      if (!writtenInside && this.realFolder(path.dirname(absolute)) === undefined) return { refused: OUTSIDE_ROOT };
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return danglingLink(absolute) ? { refused: OUTSIDE_ROOT } : { missing: true };
      if (code === 'ELOOP') return { refused: OUTSIDE_ROOT };
      return { refused: fsReason(error) };
    }
    return this.contains(real) ? real : { refused: OUTSIDE_ROOT };
  }
}

function danglingLink(absolute: string): boolean {
  try {
    return lstatSync(absolute).isSymbolicLink();
  } catch {
    return false;
  }
}

/** The path with links resolved, or as given when it does not exist. */
export function realOrSelf(absolute: string): string {
  try {
    return realpathSync(absolute);
  } catch {
    return absolute;
  }
}

/**
 * A source file's bytes as text: UTF-8 (a BOM is left for the parsers, which skip it), or UTF-16 LE/BE when it
 * starts with that byte order mark, as Windows tools (PowerShell 5 `Out-File`, some editors) save templates.
 */
export function decodeSourceText(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.toString('utf16le', 2);
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2, bytes.length - (bytes.length % 2))).swap16().toString('utf16le');
  return bytes.toString('utf8');
}

/**
 * The run's root (README, SECURITY.md): `--root` when given, else the git work tree holding the named paths (the
 * nearest folder with `.git` above each), else the working directory. Named paths in different work trees are
 * a usage error: one run reads one repository.
 */
export function findRunRoot(cwd: string, paths: readonly string[], explicitRoot: string | undefined): { root: string } | { error: string } {
  if (explicitRoot !== undefined) {
    const root = path.resolve(cwd, explicitRoot);
    if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) return { error: `--root: no such folder '${explicitRoot}'` };
    return { root: realOrSelf(root) };
  }
  const roots = new Set<string>();
  for (const given of paths.length > 0 ? paths : ['.']) {
    // Where the named path sits, not where a link leads: the walk and the reader check link targets against the root.
    const lexical = path.resolve(cwd, given);
    const isFolder = statSync(lexical, { throwIfNoEntry: false })?.isDirectory() === true;
    const absolute = path.join(realOrSelf(path.dirname(lexical)), path.basename(lexical));
    const start = isFolder ? absolute : path.dirname(absolute);
    const here = realOrSelf(cwd);
    const relative = path.relative(here, absolute);
    const insideCwd = relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
    roots.add(gitWorkTree(start) ?? (insideCwd ? here : start));
  }
  if (roots.size > 1) return { error: 'the named paths are in different repositories: lint them one repository at a time, or give --root' };
  return { root: [...roots][0]! };
}

function gitWorkTree(start: string): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The confined file access of a run over `paths` from `cwd` (root as findRunRoot finds it, default size cap). */
export function confinedFilesFor(cwd: string, paths: readonly string[], explicitRoot?: string, maxBytes?: number): ConfinedFiles {
  const found = findRunRoot(cwd, paths, explicitRoot);
  if ('error' in found) throw new UsageError(found.error);
  return new ConfinedFiles(found.root, cwd, maxBytes);
}
