import type { EvaluationLimits } from '../formats/budget';
import { ConfinedFiles } from '../io/confined-files';
import type { BuiltTemplate, SettledTemplate, TemplateEnvironment, TemplateTask } from './load-template';
import type { TerraformEnvironment, TerraformOutcome, TerraformTask } from './load-terraform';

// Each kind's reader is required when a run has such tasks: an ARM run loads no Terraform reader, and a worker
// thread reading Terraform modules no ARM expansion.
const templateLoader = () => require('./load-template') as typeof import('./load-template');
const templateTransfer = () => require('./transfer') as typeof import('./transfer');
const terraformLoader = () => require('./load-terraform') as typeof import('./load-terraform');
const terraformTransfer = () => require('./transfer-terraform') as typeof import('./transfer-terraform');

/**
 * A kind of task the worker pool runs (worker-pool.ts): how one task is loaded (the same on every thread), what a
 * worker needs to make the environment the main thread has, and how an outcome crosses back.
 */
export interface PoolKind<Task, Outcome, Environment, Setup, Message, Settled = Outcome> {
  load(task: Task, environment: Environment): Outcome | Promise<Outcome>;
  /** What the main thread makes of an outcome as soon as it has it, whichever thread loaded it. */
  settle(outcome: Outcome, task: Task, environment: Environment): Settled;
  /** How many files a task stands for, for progress. */
  weight(task: Task): number;
  /** Plain data the worker makes the environment from. */
  setup(environment: Environment): Setup;
  environment(setup: Setup): Environment;
  encode(outcome: Outcome): Message;
  decode(message: Message, environment: Environment): Outcome;
}

type FilesSetup = ConfinedFiles['setup'];
const confined = (setup: FilesSetup): ConfinedFiles => new ConfinedFiles(setup.root, setup.cwd, setup.maxBytes);

/**
 * ARM and Bicep templates (with their linked templates), one task per template, made into nodes on the thread that
 * loads them (see buildTemplate).
 */
type TemplateSetup = Omit<TemplateEnvironment, 'files'> & { files: FilesSetup };
const TEMPLATES: PoolKind<TemplateTask, BuiltTemplate, TemplateEnvironment, TemplateSetup, unknown, SettledTemplate> = {
  load: (task, environment) => {
    const loader = templateLoader();
    return loader.buildTemplate(loader.loadTemplateFile(task, environment), task, environment);
  },
  settle: (outcome, task, environment) => templateLoader().settleTemplate(outcome, task, environment),
  weight: () => 1,
  setup: ({ files, ...rest }) => ({ ...rest, files: files.setup }),
  environment: ({ files, ...rest }) => ({ ...rest, files: confined(files) }),
  encode: (outcome) => templateTransfer().encodeOutcome(outcome),
  decode: (message, environment) => templateTransfer().decodeOutcome(message as import('./transfer').OutcomeMessage, templateLoader().settlingRereader(environment.files)),
};

/** Terraform module folders (with the local modules they call), one task per folder. */
const TERRAFORM_MODULES: PoolKind<TerraformTask, TerraformOutcome, TerraformEnvironment, { files: FilesSetup; limits: EvaluationLimits }, unknown> = {
  load: (task, environment) => terraformLoader().loadTerraformModule(task, environment),
  settle: (outcome) => outcome,
  weight: (task) => task.files.length,
  setup: ({ files, limits }) => ({ files: files.setup, limits }),
  environment: ({ files, limits }) => ({ files: confined(files), limits }),
  encode: (outcome) => terraformTransfer().encodeTerraformOutcome(outcome),
  decode: (message) => terraformTransfer().decodeTerraformOutcome(message as import('./transfer-terraform').TerraformMessage),
};

export const POOL_KINDS = { templates: TEMPLATES, terraformModules: TERRAFORM_MODULES } as const;

export type PoolKindName = keyof typeof POOL_KINDS;

