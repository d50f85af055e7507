import path from 'node:path';
import { guessJsonFormat } from './detect';
import { pairParameters } from './pair-parameters';
import { listFolder, toReportedPath, walkPaths, type UnreadablePath } from './walk';
import { confinedFilesFor, type ConfinedFiles } from '../io/confined-files';
import { guessFromHead, moduleFileSyntax, type SourceFormat } from '../formats/registry';

/**
 * A JSON file that looks like one of our formats from its text. It is parsed (and its format confirmed) only when
 * it is loaded, one file at a time: the parsed form, several times larger than the text, is held for one file only.
 */
export interface JsonCandidate {
  path: string;
  format: SourceFormat;
  /** Guessed from the file's first bytes only: `arm` may yet be `bicep-json` (see `guessFromHead`). */
  formatTentative?: true;
}

export interface TemplateCandidate extends JsonCandidate {
  /** The paired parameter file's path. */
  parameters?: string;
}

export interface TerraformModuleSource {
  /** Folder, relative and `/`-separated (`.` for the working directory). */
  dir: string;
  /** Its module files (`.tf`, `.tf.json`) and `.tfvars` files. */
  files: string[];
}

export interface Discovery {
  templates: TemplateCandidate[];
  parameterFiles: JsonCandidate[];
  plans: JsonCandidate[];
  terraformModules: TerraformModuleSource[];
  /** When the user named files (pre-commit), findings are reported only for these; other files give context. */
  reportOnly?: Set<string>;
  /** Files and folders that were not read (outside the root, not regular, too large, permission denied), and why. */
  unreadable: UnreadablePath[];
}

export interface DiscoverOptions {
  cwd: string;
  paths: readonly string[];
  ignore: readonly string[];
  /** `--parameters template=params` pairs and a lone `--parameters params` for all templates. */
  parameterPairs: ReadonlyMap<string, string>;
  defaultParameters?: string;
  /** The run's confined file access: every file is read through it (default: confined to the paths' root). */
  files?: ConfinedFiles;
}

/** How much of a JSON file over the size cap is read to tell whether it is a template, parameter file or plan. */
const HEAD_BYTES = 64 * 1024;

/** How much of a JSON file is read first to guess its format: templates name their schema in the first few lines. */
const GUESS_BYTES = 4096;

/**
 * The format a JSON file looks like from its text. Its first bytes tell most templates and parameter files; only
 * when they cannot tell is the whole file read. The text is not kept: the loader reads each file again when its turn
 * comes, so that memory holds one file's text at a time rather than the whole repository's.
 */
function guessFile(file: string, files: ConfinedFiles): { format: SourceFormat | undefined; tentative: boolean } | { missing: true } | { refused: string } {
  const head = files.readHead(file, GUESS_BYTES);
  if (!('text' in head)) return head;
  if (head.whole) return { format: guessJsonFormat(head.text), tentative: false };
  const fromHead = guessFromHead(head.text);
  if (fromHead) return fromHead;
  const read = files.read(file);
  return 'text' in read ? { format: guessJsonFormat(read.text), tentative: false } : read;
}

export function discover(options: DiscoverOptions): Discovery {
  const { cwd } = options;
  const files = options.files ?? confinedFilesFor(cwd, options.paths);
  const { walked, unreadable } = walkPaths(options.paths, cwd, options.ignore, files);
  const explicitFiles = walked.filter((f) => f.explicit).map((f) => f.path);
  const jsonFiles = new Set<string>();
  const tfFolders = new Map<string, Set<string>>();
  for (const file of walked) {
    if (isTerraformFile(file.path)) addTerraformFile(tfFolders, file.path);
    else if (file.path.endsWith('.json')) jsonFiles.add(file.path);
  }
  // Named .tf files bring their module's other files; named templates their parameter files, and named parameter
  // files their templates: the context they are evaluated in.
  for (const file of explicitFiles) {
    if (isTerraformFile(file)) {
      for (const sibling of listFolder(path.posix.dirname(file), files)) {
        if (isTerraformFile(sibling)) addTerraformFile(tfFolders, sibling);
      }
    } else if (/\.parameters\.json$/i.test(file)) {
      jsonFiles.add(file.replace(/\.parameters\.json$/i, '.json'));
    }
  }
  const reported = (p: string) => toReportedPath(path.resolve(cwd, p), cwd);
  const defaultParameters = options.defaultParameters ? reported(options.defaultParameters) : undefined;
  const explicitPairs = new Map([...options.parameterPairs].map(([t, p]) => [reported(t), reported(p)]));
  for (const p of [...explicitPairs.values(), ...(defaultParameters ? [defaultParameters] : [])]) jsonFiles.add(p);
  if (explicitFiles.length > 0) {
    for (const file of [...jsonFiles]) {
      const sibling = file.replace(/\.json$/i, '.parameters.json');
      if (sibling !== file) jsonFiles.add(sibling);
    }
  }

  const discovery: Discovery = { templates: [], parameterFiles: [], plans: [], terraformModules: [], unreadable };
  for (const file of jsonFiles) {
    const guessed = guessFile(file, files);
    if ('missing' in guessed) continue; // a guessed sibling parameter file that does not exist
    if ('refused' in guessed) {
      // A JSON file over the size cap that is none of ours (a big lock file or data set) is skipped like any other.
      const head = files.peek(file, HEAD_BYTES);
      if (head === undefined || guessJsonFormat(head) !== undefined) discovery.unreadable.push({ path: file, reason: guessed.refused });
      continue;
    }
    const { format, tentative } = guessed;
    if (format === undefined) continue;
    // A literal, not a spread: objects built from a spread each get a hidden class of their own (see withFields).
    const candidate: JsonCandidate = { path: file, format, ...(tentative ? { formatTentative: true as const } : {}) };
    if (format === 'arm' || format === 'bicep-json') discovery.templates.push(candidate);
    else if (format === 'arm-parameters') discovery.parameterFiles.push(candidate);
    else if (format === 'tfplan') discovery.plans.push(candidate);
  }

  const pairs = pairParameters(
    discovery.templates.map((t) => t.path),
    discovery.parameterFiles.map((p) => p.path),
    explicitPairs,
    defaultParameters,
  );
  for (const template of discovery.templates) {
    const paired = pairs.get(template.path);
    if (paired) template.parameters = paired;
  }

  discovery.terraformModules = [...tfFolders.entries()]
    .filter(([, files]) => [...files].some((f) => moduleFileSyntax(f) !== undefined))
    .map(([dir, files]) => ({ dir, files: [...files].sort() }))
    .sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
  if (explicitFiles.length > 0 && walked.every((f) => f.explicit)) {
    discovery.reportOnly = new Set(explicitFiles);
    // A changed parameter file changes what its template deploys: the template's findings concern it.
    for (const template of discovery.templates) {
      if (template.parameters && discovery.reportOnly.has(template.parameters)) discovery.reportOnly.add(template.path);
    }
  }
  return discovery;
}

/** A member of a Terraform module folder: a module file in any syntax, or a `.tfvars` file. */
function isTerraformFile(file: string): boolean {
  return moduleFileSyntax(file) !== undefined || file.endsWith('.tfvars');
}

function addTerraformFile(folders: Map<string, Set<string>>, file: string): void {
  const dir = path.posix.dirname(file);
  let files = folders.get(dir);
  if (!files) folders.set(dir, (files = new Set()));
  files.add(file);
}
