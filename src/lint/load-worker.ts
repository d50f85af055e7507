import { parentPort, workerData } from 'node:worker_threads';
import { POOL_KINDS, type PoolKind, type PoolKindName } from './pool-kinds';

/**
 * What a worker needs to load tasks as the main thread would: their kind, the plain data its environment is made
 * from, the run's tasks, and the counters all threads share: `counters[0]` the next task to take (`Atomics.add`),
 * so that no thread waits for another to be fed, and `counters[1]` the files of the tasks done, for progress.
 */
export interface WorkerSetup {
  kind: PoolKindName;
  environment: unknown;
  tasks: readonly unknown[];
  counters: Int32Array;
}

/**
 * Worker → main: one message per task taken, its outcome or `failed` (then the main thread loads it), then `done`
 * once no task is left, so that the main thread goes on while the worker's heap is torn down.
 */
export type FromWorker = { index: number; message: unknown } | { index: number; failed: true } | { done: true };

/** A worker thread of the pool (worker-pool.ts): takes tasks until none is left, then ends. */
async function work(port: NonNullable<typeof parentPort>, setup: WorkerSetup): Promise<void> {
  const kind = POOL_KINDS[setup.kind] as unknown as PoolKind<unknown, unknown, unknown, unknown, unknown>;
  const environment = kind.environment(setup.environment);
  for (let index = Atomics.add(setup.counters, 0, 1); index < setup.tasks.length; index = Atomics.add(setup.counters, 0, 1)) {
    try {
      port.postMessage({ index, message: kind.encode(await kind.load(setup.tasks[index], environment)) } satisfies FromWorker);
    } catch {
      // Anything that cannot cross (or fails here) is loaded again by the main thread, which reports it.
      port.postMessage({ index, failed: true } satisfies FromWorker);
    }
    Atomics.add(setup.counters, 1, kind.weight(setup.tasks[index]));
  }
  port.postMessage({ done: true } satisfies FromWorker);
}

if (parentPort) void work(parentPort, workerData as WorkerSetup);
