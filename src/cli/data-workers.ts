/**
 * Data workers for the command line: worker_threads that draw training batches ahead while the main thread
 * trains (see src/worker/data/batch-prefetch.ts), each over a WorkerChannel like the browser's data workers
 * (src/worker/data/data-worker-client.ts), through an adapter: threads speak EventEmitter, not EventTarget.
 * The CLI runs under tsx, so each thread first registers tsx's loader, then imports data-worker-node.ts; a
 * bundled runner (the Dawn bench of bench/device) has data-worker-node.mjs bundled beside it instead. The
 * threads are unref'd: they never keep the process alive.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker, type TransferListItem } from 'node:worker_threads';
import type { BatchPrefetcher, ToDataWorker } from '../worker/data/batch-prefetch';
import { dataWorkerCount, prefetcherOver } from '../worker/data/data-worker-client';
import type { DeliveryListener, StartedWorker } from '../worker/protocol/worker-port';

export interface NodePrefetcher {
  prefetcher: BatchPrefetcher;
  /** Ends the threads. */
  close(): Promise<void>;
}

/**
 * A thread running the CLI module `name` (beside this file): its bundled `.mjs` when there is one, or tsx's
 * loader (resolved from here, whatever the cwd) and the `.ts` source.
 */
export function startThread(name: string): Worker {
  const bundled = new URL(`./${name}.mjs`, import.meta.url);
  if (existsSync(fileURLToPath(bundled))) return new Worker(bundled);
  const source = new URL(`./${name}.ts`, import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(source)}); })`;
  return new Worker(bootstrap, { eval: true });
}

/** A thread as a channel's endpoint: its `message` events delivered as `{ data }`, like a MessagePort's. */
export function threadWorker<Out>(w: Worker): StartedWorker<Out> {
  const wrapped = new Map<DeliveryListener, (data: unknown) => void>();
  return {
    endpoint: {
      // Node's transfer list takes ArrayBuffers and MessagePorts, the Transferables a thread can be sent.
      postMessage: (msg, transfer) =>
        transfer ? w.postMessage(msg, transfer as unknown as TransferListItem[]) : w.postMessage(msg),
      addEventListener: (_type, listener) => {
        const handler = (data: unknown) => listener({ data });
        wrapped.set(listener, handler);
        w.on('message', handler);
      },
      removeEventListener: (_type, listener) => {
        const handler = wrapped.get(listener);
        wrapped.delete(listener);
        if (handler) w.off('message', handler);
      },
    },
    terminate: () => void w.terminate(),
  };
}

export function startNodePrefetcher(count = dataWorkerCount(availableParallelism())): NodePrefetcher {
  const workers = Array.from({ length: count }, () => startThread('data-worker-node'));
  for (const w of workers) w.unref();
  const { prefetcher } = prefetcherOver(workers.map((w) => threadWorker<ToDataWorker>(w)));
  for (const w of workers) {
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
