import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { loadTemplateFile, type TemplateEnvironment, type TemplateOutcome, type TemplateTask } from './load-template';
import type { FromWorker, WorkerSetup } from './load-worker';
import { decodeOutcome } from './transfer';

/** Below this many templates a worker's start-up (~0.1 s) costs more than it saves. */
export const MIN_TEMPLATES_FOR_WORKERS = 200;

export interface PoolOptions {
  /** Worker threads besides the main thread; default: one per further core, none for small runs. */
  workers?: number;
  /** Fewest templates for which workers are started (default MIN_TEMPLATES_FOR_WORKERS). */
  minTemplates?: number;
  /** Whether this thread loads templates too while the workers run (default true; tests turn it off). */
  mainThreadLoads?: boolean;
  /** Called as templates are done, with how many are (on whichever thread). */
  onProgress?: (done: number) => void;
  /** Counts the outcomes that came from workers (for tests and benchmarks). */
  stats?: { fromWorkers: number };
}

/** The worker script beside this module: present in the build, absent when run from sources or bundled. */
const WORKER_SCRIPT = path.join(__dirname, 'load-worker.js');

export function workersFor(templates: number, options: PoolOptions = {}): number {
  if (templates < (options.minTemplates ?? MIN_TEMPLATES_FOR_WORKERS) || !existsSync(WORKER_SCRIPT)) return 0;
  return Math.max(0, Math.min(options.workers ?? availableParallelism() - 1, 8, templates));
}

/**
 * Loads the templates, on worker threads as well as this one when there are many. Every thread takes the next
 * template from one shared counter; the outcomes come back in the tasks' order whichever thread loaded them, so
 * the run is the same either way. Templates a worker could not return (it crashed, or a value could not cross)
 * are loaded again here.
 */
export async function loadTemplates(tasks: readonly TemplateTask[], environment: TemplateEnvironment, options: PoolOptions = {}): Promise<TemplateOutcome[]> {
  const outcomes: (TemplateOutcome | undefined)[] = new Array(tasks.length);
  const count = workersFor(tasks.length, options);
  if (count === 0) {
    return tasks.map((task, index) => {
      const outcome = loadTemplateFile(task, environment);
      options.onProgress?.(index + 1);
      return outcome;
    });
  }

  const counters = new Int32Array(new SharedArrayBuffer(8));
  const progressed = (): void => options.onProgress?.(Atomics.load(counters, 1));
  const setup: WorkerSetup = { files: environment.files.setup, context: environment.context, limits: environment.limits, tasks, counters };
  const workers = Array.from({ length: count }, () =>
    runWorker(setup, (message) => {
      progressed();
      if (!('message' in message)) return;
      outcomes[message.index] = decodeOutcome(message.message);
      if (options.stats) options.stats.fromWorkers++;
    }),
  );
  if (options.mainThreadLoads !== false) {
    for (let index = Atomics.add(counters, 0, 1); index < tasks.length; index = Atomics.add(counters, 0, 1)) {
      outcomes[index] = loadTemplateFile(tasks[index]!, environment);
      Atomics.add(counters, 1, 1);
      progressed();
    }
  }
  await Promise.all(workers);
  return tasks.map((task, index) => outcomes[index] ?? loadTemplateFile(task, environment));
}

function runWorker(setup: WorkerSetup, received: (message: FromWorker) => void): Promise<void> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_SCRIPT, { workerData: setup });
    worker.on('message', received);
    // A worker that fails leaves its templates without outcome: the main thread loads them after.
    worker.on('error', () => undefined);
    worker.on('exit', () => resolve());
  });
}
