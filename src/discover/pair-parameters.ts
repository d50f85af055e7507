import path from 'node:path';

/** Parameter files used for a folder's only template when it has no `<name>.parameters.json` of its own. */
const FOLDER_PARAMETER_FILES = ['azuredeploy.parameters.json', 'main.parameters.json', 'parameters.json'];

/**
 * Pairs each template with its parameter file: explicit `--parameters template=params` pairs first, then
 * `x.json` ↔ `x.parameters.json`, then the folder's `azuredeploy.parameters.json`/`main.parameters.json` when the
 * folder holds a single template, then a lone `--parameters file` given for every template.
 */
export function pairParameters(
  templates: readonly string[],
  parameterFiles: readonly string[],
  explicitPairs: ReadonlyMap<string, string>,
  defaultParameters: string | undefined,
): Map<string, string> {
  const available = new Set(parameterFiles);
  const templatesPerFolder = new Map<string, number>();
  for (const template of templates) {
    const folder = path.posix.dirname(template);
    templatesPerFolder.set(folder, (templatesPerFolder.get(folder) ?? 0) + 1);
  }
  const pairs = new Map<string, string>();
  for (const template of templates) {
    const explicit = explicitPairs.get(template);
    if (explicit) {
      pairs.set(template, explicit);
      continue;
    }
    const sameName = template.replace(/\.json$/i, '.parameters.json');
    if (available.has(sameName)) {
      pairs.set(template, sameName);
      continue;
    }
    const folder = path.posix.dirname(template);
    const folderFile = templatesPerFolder.get(folder) === 1
      ? FOLDER_PARAMETER_FILES.map((name) => (folder === '.' ? name : `${folder}/${name}`)).find((p) => available.has(p))
      : undefined;
    const chosen = folderFile ?? defaultParameters;
    if (chosen) pairs.set(template, chosen);
  }
  return pairs;
}
