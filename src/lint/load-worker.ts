import { parentPort, workerData } from 'node:worker_threads';
import type { DeploymentContext } from '../formats/arm/expand';
import type { EvaluationLimits } from '../formats/budget';
import { ConfinedFiles } from '../io/confined-files';
import { loadTemplateFile, type TemplateTask } from './load-template';
import { encodeOutcome, type OutcomeMessage } from './transfer';

/**
 * What a worker needs to load templates as the main thread would: the run's tasks, and the counters all threads
 * share: `counters[0]` the next task to take (`Atomics.add`), so that no thread waits for another to be fed, and
 * `counters[1]` the tasks done, for progress.
 */
export interface WorkerSetup {
  files: ConfinedFiles['setup'];
  context: DeploymentContext;
  limits: EvaluationLimits;
  tasks: readonly TemplateTask[];
  counters: Int32Array;
}

/** Worker → main: one message per template taken, its outcome or `failed` (then the main thread loads it). */
export type FromWorker = { index: number; message: OutcomeMessage } | { index: number; failed: true };

// A worker thread of the template pool (template-pool.ts): takes templates until none is left, then ends.
if (parentPort) {
  const port = parentPort;
  const setup = workerData as WorkerSetup;
  const environment = { files: new ConfinedFiles(setup.files.root, setup.files.cwd, setup.files.maxBytes), context: setup.context, limits: setup.limits };
  for (let index = Atomics.add(setup.counters, 0, 1); index < setup.tasks.length; index = Atomics.add(setup.counters, 0, 1)) {
    try {
      port.postMessage({ index, message: encodeOutcome(loadTemplateFile(setup.tasks[index]!, environment)) } satisfies FromWorker);
    } catch {
      // Anything that cannot cross (or fails here) is loaded again by the main thread, which reports it.
      port.postMessage({ index, failed: true } satisfies FromWorker);
    }
    Atomics.add(setup.counters, 1, 1);
  }
}
