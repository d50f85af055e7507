import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { loadTemplateFile, type TemplateEnvironment, type TemplateOutcome, type TemplateTask } from './load-template';
import type { FromWorker, ToWorker, WorkerSetup } from './load-worker';
import { decodeOutcome, type OutcomeMessage } from './transfer';

/** Below this many templates a worker's start-up (~0.1 s) costs more than it saves. */
export const MIN_TEMPLATES_FOR_WORKERS = 200;
/** Templates handed to a worker at a time: small, so that the threads finish together. */
const CHUNK = 4;

export interface PoolOptions {
  /** Worker threads besides the main thread; default: one per further core, none for small runs. */
  workers?: number;
  /** Fewest templates for which workers are started (default MIN_TEMPLATES_FOR_WORKERS). */
  minTemplates?: number;
  /** Whether this thread loads templates too while the workers run (default true; tests turn it off). */
  mainThreadLoads?: boolean;
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
 * Loads the templates, on worker threads as well as this one when there are many; the outcomes come back in the
 * tasks' order whichever thread loaded them, so the run is the same either way. Templates a worker could not
 * return (it crashed, or a value could not cross) are loaded again here.
 */
export async function loadTemplates(tasks: readonly TemplateTask[], environment: TemplateEnvironment, options: PoolOptions = {}): Promise<TemplateOutcome[]> {
  const outcomes: (TemplateOutcome | undefined)[] = new Array(tasks.length);
  let next = 0;
  const take = (count: number): number[] => {
    const taken: number[] = [];
    while (taken.length < count && next < tasks.length) taken.push(next++);
    return taken;
  };
  const setup: WorkerSetup = { files: environment.files.setup, context: environment.context, limits: environment.limits };
  const received = (index: number, message: OutcomeMessage) => {
    outcomes[index] = decodeOutcome(message);
    if (options.stats) options.stats.fromWorkers++;
  };
  const workers = Array.from({ length: workersFor(tasks.length, options) }, () => runWorker(setup, tasks, take, received));

  const mainThreadLoads = workers.length === 0 || options.mainThreadLoads !== false;
  for (let index = mainThreadLoads ? take(1)[0] : undefined; index !== undefined; index = take(1)[0]) {
    outcomes[index] = loadTemplateFile(tasks[index]!, environment);
    if (workers.length > 0) await new Promise((resolve) => setImmediate(resolve)); // let the workers be fed
  }
  await Promise.all(workers);
  return tasks.map((task, index) => outcomes[index] ?? loadTemplateFile(task, environment));
}

function runWorker(
  setup: WorkerSetup,
  tasks: readonly TemplateTask[],
  take: (count: number) => number[],
  received: (index: number, message: OutcomeMessage) => void,
): Promise<void> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_SCRIPT, { workerData: setup });
    worker.on('message', (message: FromWorker) => {
      if ('ready' in message) {
        const chunk = take(CHUNK);
        const reply: ToWorker = chunk.length === 0 ? 'end' : { tasks: chunk.map((index) => ({ index, task: tasks[index]! })) };
        worker.postMessage(reply);
      } else if ('message' in message) {
        received(message.index, message.message);
      }
    });
    // A worker that fails leaves its templates without outcome: the main thread loads them after.
    worker.on('error', () => undefined);
    worker.on('exit', () => resolve());
  });
}
