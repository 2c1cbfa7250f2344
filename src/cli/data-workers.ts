/**
 * Data workers for the command line: worker_threads that draw training batches ahead while the main thread
 * trains (see src/worker/data/batch-prefetch.ts). The CLI runs under tsx, so each thread first registers tsx's
 * loader, then imports data-worker-node.ts; a bundled runner (the Dawn bench of bench/device) has
 * data-worker-node.mjs bundled beside it instead. The threads are unref'd: they never keep the process alive.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BatchPrefetcher, roundRobin, type DrawnBatch } from '../worker/data/batch-prefetch';
import { dataWorkerCount } from '../worker/data/data-worker-client';

export interface NodePrefetcher {
  prefetcher: BatchPrefetcher;
  /** Ends the threads. */
  close(): Promise<void>;
}

const BUNDLED = new URL('./data-worker-node.mjs', import.meta.url);
const SOURCE = new URL('./data-worker-node.ts', import.meta.url).href;

/** The thread's code: the bundled worker, or tsx's loader (resolved from here, whatever the cwd) and the source. */
function startThread(): Worker {
  if (existsSync(fileURLToPath(BUNDLED))) return new Worker(BUNDLED);
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(SOURCE)}); })`;
  return new Worker(bootstrap, { eval: true });
}

export function startNodePrefetcher(count = dataWorkerCount(availableParallelism())): NodePrefetcher {
  const workers = Array.from({ length: count }, startThread);
  const prefetcher = new BatchPrefetcher(roundRobin(workers.map((w) => (msg) => w.postMessage(msg))));
  for (const w of workers) {
    w.unref();
    w.on('message', (msg: DrawnBatch) => prefetcher.receive(msg));
    // A thread that fails or ends (it never ends on its own) leaves every batch to the trainer.
    w.on('error', () => prefetcher.disable());
    w.on('messageerror', () => prefetcher.disable());
    w.on('exit', () => prefetcher.disable());
  }
  return {
    prefetcher,
    close: async () => {
      prefetcher.disable();
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
