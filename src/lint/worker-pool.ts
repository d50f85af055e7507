import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { ResourceLimits } from 'node:worker_threads';
import type { BuiltTemplate, SettledTemplate, TemplateEnvironment, TemplateTask } from './load-template';
import type { TerraformEnvironment, TerraformOutcome, TerraformTask } from './load-terraform';
import type { FromWorker, WorkerSetup } from './load-worker';
import { POOL_KINDS, type PoolKind, type PoolKindName } from './pool-kinds';

/** Below this many templates a worker's start-up (~0.1 s) costs more than it saves. */
export const MIN_TEMPLATES_FOR_WORKERS = 200;

/**
 * The same for Terraform modules' files, which are read faster than templates are expanded: measured on the corpus,
 * a worker made no difference at ~600 files (and cost 0.1 s at ~240), and saved a third of the time at ~1,700.
 */
export const MIN_TERRAFORM_FILES_FOR_WORKERS = 800;

export interface PoolOptions {
  /** Worker threads besides the main thread; default: one per further core, none for small runs. */
  workers?: number;
  /**
   * Fewest files for which workers are started: templates (default MIN_TEMPLATES_FOR_WORKERS), Terraform modules' files
   * (default MIN_TERRAFORM_FILES_FOR_WORKERS).
   */
  minFiles?: number;
  /** Whether this thread loads too while the workers run (default true; tests turn it off). */
  mainThreadLoads?: boolean;
  /** Called as tasks of one kind are done, with how many files they hold (templates, modules' files) on all threads. */
  onProgress?: (done: number) => void;
  /** Each worker's V8 heap limits (default: Node's); a worker that exceeds them ends, and its tasks run here. */
  workerLimits?: ResourceLimits;
  /** How often (ms) this thread, between its own tasks, settles the outcomes workers sent; default SETTLE_EVERY_MS. */
  settleEveryMs?: number;
  /**
   * Counts the outcomes that came from workers, per kind, and of the templates those settled while this thread was
   * still loading (for tests and benchmarks).
   */
  stats?: { fromWorkers: number; terraformModulesFromWorkers?: number; settledWhileLoading?: number };
}

/** The worker script beside this module: present in the build, absent when run from sources or bundled. */
const WORKER_SCRIPT = path.join(__dirname, 'load-worker.js');

/** How many worker threads a run of `tasks` tasks holding `files` files gets (none below `minFiles`). */
export function workersFor(tasks: number, options: PoolOptions = {}, files: number = tasks, minFiles: number = MIN_TEMPLATES_FOR_WORKERS): number {
  if (files < (options.minFiles ?? minFiles) || !existsSync(WORKER_SCRIPT)) return 0;
  return Math.max(0, Math.min(options.workers ?? availableParallelism() - 1, 8, tasks));
}

/** Loads the templates, on worker threads as well as this one when there are many (see `runPool`). */
export function loadTemplates(tasks: readonly TemplateTask[], environment: TemplateEnvironment, options: PoolOptions = {}): Promise<SettledTemplate[]> {
  return runPool<TemplateTask, BuiltTemplate, TemplateEnvironment, SettledTemplate>('templates', tasks, environment, options, { files: tasks.length, minFiles: MIN_TEMPLATES_FOR_WORKERS }, () => {
    if (options.stats) options.stats.fromWorkers++;
  });
}

/** Reads the Terraform module folders, on worker threads as well as this one when they hold many files. */
export function readTerraformModules(tasks: readonly TerraformTask[], environment: TerraformEnvironment, options: PoolOptions = {}): Promise<TerraformOutcome[]> {
  const files = tasks.reduce((total, task) => total + task.files.length, 0);
  return runPool<TerraformTask, TerraformOutcome, TerraformEnvironment>('terraformModules', tasks, environment, options, { files, minFiles: MIN_TERRAFORM_FILES_FOR_WORKERS }, () => {
    if (options.stats) options.stats.terraformModulesFromWorkers = (options.stats.terraformModulesFromWorkers ?? 0) + 1;
  });
}

/**
 * Runs the tasks of one kind, on worker threads as well as this one when they hold many files. Every thread takes
 * the next task from one shared counter; the outcomes come back in the tasks' order whichever thread loaded them,
 * so the run is the same either way. Tasks a worker could not return (it crashed, or a value could not cross) are
 * loaded again here.
 */
async function runPool<Task, Outcome, Environment, Settled = Outcome>(
  name: PoolKindName,
  tasks: readonly Task[],
  environment: Environment,
  options: PoolOptions,
  size: { files: number; minFiles: number },
  fromWorker: () => void,
): Promise<Settled[]> {
  const kind = POOL_KINDS[name] as unknown as PoolKind<Task, Outcome, Environment, unknown, unknown, Settled>;
  const outcomes: (Settled | undefined)[] = new Array(tasks.length);
  const load = async (index: number): Promise<Settled> => kind.settle(await kind.load(tasks[index]!, environment), tasks[index]!, environment);
  const count = workersFor(tasks.length, options, size.files, size.minFiles);
  if (count === 0) {
    let done = 0;
    for (let index = 0; index < tasks.length; index++) {
      outcomes[index] = await load(index);
      done += kind.weight(tasks[index]!);
      options.onProgress?.(done);
    }
    return outcomes as Settled[];
  }

  const counters = new Int32Array(new SharedArrayBuffer(8));
  const progressed = (): void => options.onProgress?.(Atomics.load(counters, 1));
  const setup: WorkerSetup = { kind: name, environment: kind.setup(environment), tasks, counters };
  let loading = options.mainThreadLoads !== false;
  const workers = Array.from({ length: count }, () =>
    runWorker(setup, options.workerLimits, (message) => {
      progressed();
      if (!('message' in message)) return;
      outcomes[message.index] = kind.settle(kind.decode(message.message, environment), tasks[message.index]!, environment);
      fromWorker();
      if (loading && options.stats) options.stats.settledWhileLoading = (options.stats.settledWhileLoading ?? 0) + 1;
    }),
  );
  if (options.mainThreadLoads !== false) {
    let lastYield = performance.now();
    for (let index = Atomics.add(counters, 0, 1); index < tasks.length; index = Atomics.add(counters, 0, 1)) {
      outcomes[index] = await load(index);
      Atomics.add(counters, 1, kind.weight(tasks[index]!));
      progressed();
      if (performance.now() - lastYield > (options.settleEveryMs ?? SETTLE_EVERY_MS)) {
        await receiveMessages();
        lastYield = performance.now();
      }
    }
    loading = false;
  }
  await Promise.all(workers);
  for (let index = 0; index < tasks.length; index++) outcomes[index] ??= await load(index);
  return outcomes as Settled[];
}

/**
 * How often the main thread, between its own tasks, lets the workers' outcomes in to be settled (made nodes). Left
 * queued until it is done, each would hold its resources' values and declarations, serialised, to the end of loading:
 * at 4× the corpus, settling them as they come lowered the peak by 5 % and the time by 10 %.
 */
const SETTLE_EVERY_MS = 50;

/** Lets the event loop deliver the messages waiting (a promise resolved in the check phase, after the poll phase). */
const receiveMessages = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Starts one worker; resolves when it says it is done (messages arrive in order, so after all its outcomes), or when it
 * ends without saying so. Tearing down a worker's heap takes 20–30 ms on the corpus, which the main thread need not
 * wait for: the worker ends on its own core while the analyses run here.
 */
export function runWorker(setup: WorkerSetup, limits: ResourceLimits | undefined, received: (message: Exclude<FromWorker, { done: true }>) => void, script: string = WORKER_SCRIPT): Promise<void> {
  // Required here: a run too small for workers (a one-template lint, a pre-commit run) never loads the module.
  const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
  return new Promise((resolve) => {
    const worker = new Worker(script, { workerData: setup, ...(limits ? { resourceLimits: limits } : {}) });
    worker.on('message', (message: FromWorker) => {
      if ('done' in message) resolve();
      else received(message);
    });
    // A worker that fails leaves its tasks without outcome: the main thread loads them after.
    worker.on('error', () => undefined);
    worker.on('exit', () => resolve());
  });
}
