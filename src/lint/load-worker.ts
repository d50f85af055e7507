import { parentPort, workerData } from 'node:worker_threads';
import type { DeploymentContext } from '../formats/arm/expand';
import type { EvaluationLimits } from '../formats/budget';
import { ConfinedFiles } from '../io/confined-files';
import { loadTemplateFile, type TemplateTask } from './load-template';
import { encodeOutcome } from './transfer';

/** What a worker needs to load templates as the main thread would. */
export interface WorkerSetup {
  files: ConfinedFiles['setup'];
  context: DeploymentContext;
  limits: EvaluationLimits;
}

/** Main → worker: templates to load, or `end`. Worker → main: one outcome per template, then `ready` for more. */
export type ToWorker = { tasks: { index: number; task: TemplateTask }[] } | 'end';
export type FromWorker = { ready: true } | { index: number; message: import('./transfer').OutcomeMessage } | { index: number; failed: true };

// A worker thread of the template pool (template-pool.ts): loads and expands the templates it is sent.
if (parentPort) {
  const port = parentPort;
  const setup = workerData as WorkerSetup;
  const environment = { files: new ConfinedFiles(setup.files.root, setup.files.cwd, setup.files.maxBytes), context: setup.context, limits: setup.limits };
  port.on('message', (message: ToWorker) => {
    if (message === 'end') {
      port.close();
      return;
    }
    for (const { index, task } of message.tasks) {
      try {
        port.postMessage({ index, message: encodeOutcome(loadTemplateFile(task, environment)) } satisfies FromWorker);
      } catch {
        // Anything that cannot cross (or fails here) is loaded again by the main thread, which reports it.
        port.postMessage({ index, failed: true } satisfies FromWorker);
      }
    }
    port.postMessage({ ready: true } satisfies FromWorker);
  });
  port.postMessage({ ready: true } satisfies FromWorker);
}
