/**
 * Starts the data worker (data-worker.ts) from a training or sweep worker and connects a BatchPrefetcher to
 * it. Where a worker cannot start another, or the data worker fails later, the prefetcher is disabled and
 * every batch is drawn on the caller's thread, as without it.
 */
import { BatchPrefetcher, type DrawnBatch } from './batch-prefetch';

export function startPrefetcher(): BatchPrefetcher | undefined {
  try {
    const worker = new Worker(new URL('./data-worker.ts', import.meta.url), { type: 'module', name: 'data' });
    const prefetcher = new BatchPrefetcher((msg) => worker.postMessage(msg));
    worker.addEventListener('message', (e: MessageEvent<DrawnBatch>) => prefetcher.receive(e.data));
    const fail = () => {
      prefetcher.disable();
      worker.terminate();
    };
    worker.addEventListener('error', fail);
    worker.addEventListener('messageerror', fail);
    return prefetcher;
  } catch {
    return undefined;
  }
}
