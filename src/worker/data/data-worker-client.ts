/**
 * Starts the data workers (data-worker.ts) from a training or sweep worker and connects a BatchPrefetcher to
 * them. Where a worker cannot start another, or a data worker fails later, the prefetcher is disabled and
 * every batch is drawn on the caller's thread, as without it.
 */
import { BatchPrefetcher, roundRobin, type DrawnBatch } from './batch-prefetch';

/**
 * Data workers for this machine: the page's thread, the trainer's and the backend's own threads (wasm's
 * pool, the GPU driver) need cores too, so one on up to 5 cores, then one more per two cores, at most 3. On
 * a fast GPU, long sequences are drawn slower than they train (BENCHMARKS.md); more workers draw more.
 */
export function dataWorkerCount(cores: number): number {
  return Math.min(3, Math.max(1, Math.floor(cores / 2) - 1));
}

export function startPrefetcher(): BatchPrefetcher | undefined {
  const workers: Worker[] = [];
  try {
    const count = dataWorkerCount(navigator.hardwareConcurrency || 2);
    for (let i = 0; i < count; i++)
      workers.push(
        new Worker(new URL('./data-worker.ts', import.meta.url), { type: 'module', name: `data-${i}` }),
      );
  } catch {
    for (const w of workers) w.terminate();
    return undefined;
  }
  const prefetcher = new BatchPrefetcher(roundRobin(workers.map((w) => (msg) => w.postMessage(msg))));
  const fail = (e: Event) => {
    // Handled here: not cancelled, an error in a data worker would be reported again in this worker's own
    // scope and reach the page as a crash of the training worker.
    e.preventDefault();
    prefetcher.disable();
    for (const w of workers) w.terminate();
  };
  for (const w of workers) {
    w.addEventListener('message', (e: MessageEvent<DrawnBatch>) => prefetcher.receive(e.data));
    w.addEventListener('error', fail);
    w.addEventListener('messageerror', fail);
  }
  return prefetcher;
}
