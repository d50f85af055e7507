import * as fs from 'node:fs';
import type { HclFile } from './ast';
import type { ParseOutcome, TsParser } from './parser';
import { moduleFileSyntax } from '../../registry';
import { baseName, joinPath } from './paths';
import { currentBudget } from '../../budget';

export interface TfFileError {
  file: string;
  message: string;
  line: number;
  column: number;
}

export interface ParsedFile {
  path: string;
  hcl: HclFile;
}

export interface ModuleFiles {
  dir: string;
  /** Parsed `.tf` files in name order; files with syntax errors are left out. */
  files: ParsedFile[];
  /** `.tfvars` / `.tfvars.json` file paths the caller listed or that exist by their standard names. */
  varFiles: string[];
}

export interface FileAccess {
  readFile(path: string): string | undefined;
  /** Names (not paths) of the files in a folder, or undefined when it cannot be listed. */
  listFiles?(dir: string): string[] | undefined;
  /** Why a path that exists was not read or listed (outside the repository, not a regular file, too large). */
  refusal?(path: string): string | undefined;
}

/** Reads and parses module folders once per run, and collects the syntax errors of their files. */
export class ModuleLoader {
  private readonly cache = new Map<string, ModuleFiles | undefined>();
  readonly fileErrors: TfFileError[] = [];
  /** What the user should know was not read (a module source outside the repository), at the place concerned. */
  readonly notes: TfFileError[] = [];
  filesRead = 0;
  /** Set when a parse threw: the shared parser may be unusable, and is replaced before the next module. */
  parserFailed = false;

  constructor(
    private readonly parser: TsParser,
    private readonly access: FileAccess,
  ) {}

  readFile(path: string): string | undefined {
    try {
      return this.access.readFile(path);
    } catch {
      return undefined;
    }
  }

  /** Why `path` was not read or listed although it exists; undefined when it was, or is missing. */
  refusal(path: string): string | undefined {
    return this.access.refusal?.(path);
  }

  /** The module in `dir` made of `files` (root module: as given by the run). */
  loadGiven(dir: string, files: readonly string[]): ModuleFiles {
    const module = this.load(dir, files);
    this.cache.set(dir, module);
    return module;
  }

  /** Folders loaded as local child modules (everything loaded except `root`). */
  childDirs(root: string): string[] {
    return [...this.cache.entries()].filter(([dir, module]) => dir !== root && module !== undefined).map(([dir]) => dir);
  }

  /** A child module folder, listed through the file access; undefined when it has no `.tf` files. */
  loadFolder(dir: string): ModuleFiles | undefined {
    if (this.cache.has(dir)) return this.cache.get(dir);
    const names = this.list(dir);
    const module = names ? this.load(dir, names.map((name) => joinPath(dir, name))) : undefined;
    const result = module && module.files.length + this.errorsIn(dir) > 0 ? module : undefined;
    this.cache.set(dir, result);
    return result;
  }

  private errorsIn(dir: string): number {
    return this.fileErrors.filter((e) => e.file.startsWith(dir + '/')).length;
  }

  private list(dir: string): string[] | undefined {
    try {
      if (this.access.listFiles) return this.access.listFiles(dir);
      return fs.readdirSync(dir);
    } catch {
      return undefined;
    }
  }

  /** One file's parse; whatever goes wrong in it stays that file's error, so the module's other files are read. */
  private parse(path: string, text: string): ParseOutcome {
    try {
      return moduleFileSyntax(path)!.read(this.parser, text, path);
    } catch (error) {
      this.parserFailed = true;
      return { ok: false, error: { message: `internal error while parsing: ${(error as Error).message ?? String(error)}`, line: 1, column: 1 } };
    }
  }

  private load(dir: string, paths: readonly string[]): ModuleFiles {
    const files: ParsedFile[] = [];
    const tfPaths = paths.filter((p) => moduleFileSyntax(p) !== undefined).sort((a, b) => (baseName(a) < baseName(b) ? -1 : 1));
    for (const path of tfPaths) {
      const text = this.readFile(path);
      if (text === undefined) {
        this.fileErrors.push({ file: path, message: this.refusal(path) ?? 'file could not be read', line: 1, column: 1 });
        continue;
      }
      // A module's source is bounded as a whole (BL002): past the limit its files are not parsed.
      if (currentBudget().sourceText(text.length, { file: path, line: 1, column: 1 })) continue;
      this.filesRead++;
      const outcome = this.parse(path, text);
      if (outcome.ok) files.push({ path, hcl: outcome.file });
      else this.fileErrors.push({ file: path, ...outcome.error });
    }
    const varFiles = paths.filter((p) => p.endsWith('.tfvars') || p.endsWith('.tfvars.json'));
    for (const standard of ['terraform.tfvars', 'terraform.tfvars.json']) {
      const path = joinPath(dir, standard);
      if (!varFiles.includes(path) && (this.readFile(path) !== undefined || this.refusal(path) !== undefined)) varFiles.push(path);
    }
    return { dir, files, varFiles };
  }
}
