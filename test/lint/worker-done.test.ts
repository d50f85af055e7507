import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runWorker } from '../../src/lint/worker-pool';

// Issue #12: the main thread goes on once a worker has sent its last outcome, without waiting for the worker's heap
// to be torn down (20–30 ms on the corpus, on the worker's own core).

describe('a pool worker that is done', () => {
  it('is waited for only until it says so, not until it has ended', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'backup-lint-worker-'));
    const script = path.join(dir, 'worker.js');
    // Sends one outcome, says it is done, then stays alive until the test lets it end.
    writeFileSync(
      script,
      `const { parentPort, workerData } = require('node:worker_threads');
       parentPort.postMessage({ index: 0, message: 'outcome' });
       parentPort.postMessage({ done: true });
       Atomics.wait(workerData.counters, 1, 0);`,
    );
    const counters = new Int32Array(new SharedArrayBuffer(8));
    const received: unknown[] = [];
    try {
      const ended = runWorker({ kind: 'templates', environment: undefined, tasks: [], counters }, undefined, (message) => received.push(message), script);
      let timer: NodeJS.Timeout | undefined;
      const stillRunning = new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), 5_000)));
      expect(await Promise.race([ended.then(() => 'returned' as const), stillRunning])).toBe('returned');
      clearTimeout(timer);
      expect(received).toEqual([{ index: 0, message: 'outcome' }]);
    } finally {
      Atomics.store(counters, 1, 1);
      Atomics.notify(counters, 1);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 10_000);

  it('is still waited for when it ends without saying so (a crash): its tasks are then loaded here', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'backup-lint-worker-'));
    const script = path.join(dir, 'worker.js');
    writeFileSync(script, `throw new Error('crashed');`);
    try {
      const counters = new Int32Array(new SharedArrayBuffer(8));
      await expect(runWorker({ kind: 'templates', environment: undefined, tasks: [], counters }, undefined, () => undefined, script)).resolves.toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 10_000);
});
