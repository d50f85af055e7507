import { readTerraformModule, type TfModuleResult } from '../../src/formats/terraform/hcl';

/** Reads a module from in-memory files: `{ 'main.tf': '...', 'modules/net/main.tf': '...' }` under folder `app`. */
export async function readModule(files: Record<string, string>, dir = 'app'): Promise<TfModuleResult> {
  const all = new Map(Object.entries(files).map(([name, text]) => [`${dir}/${name}`, text]));
  const rootFiles = [...all.keys()].filter((p) => !p.slice(dir.length + 1).includes('/'));
  return readTerraformModule({
    dir,
    files: rootFiles,
    readFile: (path) => all.get(path),
    listFiles: (folder) => [...all.keys()].filter((p) => p.startsWith(folder + '/') && !p.slice(folder.length + 1).includes('/')).map((p) => p.slice(folder.length + 1)),
  });
}

export function valuesOf(result: TfModuleResult, address: string): Record<string, unknown> {
  const resource = result.resources.find((r) => r.name === address);
  if (!resource) throw new Error(`no resource ${address}; have ${result.resources.map((r) => String(r.name)).join(', ')}`);
  return resource.values;
}
