import { Unknown, type Value } from '../../../model/unknown';
import { stripBom } from '../../json/parse';
import { evaluate, type Environment } from './evaluate';
import type { ModuleLoader } from './loader';
import { parseHcl, type TsParser } from './parser';
import { baseName } from './paths';

export interface VariableFileValues {
  values: Map<string, Value>;
  /**
   * Set when a file could not be parsed: any variable it may set is Unknown, unless a later file sets it; never the
   * default (or an earlier file's value) that the broken file may override.
   */
  unreadable?: Unknown;
}

/** Variable values from the files Terraform loads by itself, later files overriding earlier ones. */
export function readVariableFiles(paths: readonly string[], loader: ModuleLoader, parser: TsParser, env: Environment): VariableFileValues {
  const result: VariableFileValues = { values: new Map() };
  for (const path of orderOfPrecedence(paths)) {
    const text = loader.readFile(path);
    if (text === undefined) {
      // A variable file that exists but may not be read (outside the repository…): as unreadable as a broken one.
      const refused = loader.refusal(path);
      if (refused === undefined) continue;
      loader.fileErrors.push({ file: path, message: refused, line: 1, column: 1 });
      result.values.clear();
      result.unreadable = new Unknown(`variable file ${path} is not read: ${refused}`);
      continue;
    }
    const errors = loader.fileErrors.length;
    if (path.endsWith('.json')) readJsonVariables(path, text, result.values, loader);
    else readHclVariables(path, text, result.values, loader, parser, env);
    if (loader.fileErrors.length > errors) {
      result.values.clear();
      result.unreadable = new Unknown(`variable file ${path} could not be read`, undefined, 'not-in-run');
    }
  }
  return result;
}

/** terraform.tfvars, terraform.tfvars.json, then *.auto.tfvars(.json) in lexical order; others need -var-file. */
function orderOfPrecedence(paths: readonly string[]): string[] {
  const named = (name: string) => paths.filter((p) => baseName(p) === name);
  const auto = paths
    .filter((p) => /\.auto\.tfvars(\.json)?$/.test(baseName(p)))
    .sort((a, b) => (baseName(a) < baseName(b) ? -1 : 1));
  return [...named('terraform.tfvars'), ...named('terraform.tfvars.json'), ...auto];
}

function readJsonVariables(path: string, text: string, values: Map<string, Value>, loader: ModuleLoader): void {
  try {
    const parsed = JSON.parse(stripBom(text)) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    for (const [name, value] of Object.entries(parsed)) values.set(name, value as Value);
  } catch (error) {
    loader.fileErrors.push({ file: path, message: `invalid JSON: ${(error as Error).message}`, line: 1, column: 1 });
  }
}

function readHclVariables(
  path: string,
  text: string,
  values: Map<string, Value>,
  loader: ModuleLoader,
  parser: TsParser,
  env: Environment,
): void {
  const outcome = parseHcl(parser, text);
  if (!outcome.ok) {
    loader.fileErrors.push({ file: path, ...outcome.error });
    return;
  }
  for (const attribute of outcome.file.body.attributes) {
    values.set(attribute.name, evaluate(attribute.expr, { env, file: path, names: new Map(), refs: new Set() }));
  }
}
