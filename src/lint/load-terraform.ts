import type { EvaluationLimits } from '../formats/budget';
import { readTerraformModule, type TfModuleResult } from '../formats/terraform/hcl';
import type { ConfinedFiles } from '../io/confined-files';
import { TERRAFORM_MODELLED_TYPES } from '../model/builders/terraform';

/** One Terraform module folder to read (with the local child modules it calls). */
export interface TerraformTask {
  dir: string;
  files: string[];
}

/** What reading one module gives the run. Crosses from a worker thread to the main thread (see transfer.ts). */
export interface TerraformOutcome {
  result: TfModuleResult;
  /** Files among the result's errors that were refused (outside the repository, too large): their BL001s get the fix. */
  refused: string[];
}

export interface TerraformEnvironment {
  files: ConfinedFiles;
  limits: EvaluationLimits;
}

/** Reads one module as every thread does: through the run's confinement, with the Terraform size cap. Never throws. */
export async function loadTerraformModule(task: TerraformTask, { files, limits }: TerraformEnvironment): Promise<TerraformOutcome> {
  const result = await readTerraformModule({
    dir: task.dir,
    files: task.files,
    readFile: (file) => files.readText(file, files.terraformMaxBytes),
    listFiles: (dir) => files.listFiles(dir),
    refusal: (file) => files.refusal(file),
    limits,
    modelledTypes: TERRAFORM_MODELLED_TYPES,
  });
  // Here rather than by the caller: a worker thread's refusals are its own.
  const refused = [...new Set(result.fileErrors.map((error) => error.file))].filter((file) => files.refusal(file) !== undefined);
  return { result, refused };
}
