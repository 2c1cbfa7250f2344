/**
 * Starts the data workers (data-worker.ts) from a training or sweep worker and connects a BatchPrefetcher to
 * them, each over a WorkerChannel (worker-port.ts); src/cli/data-workers.ts does the same over Node's worker
 * threads. Where a worker cannot start another, or a data worker fails later, the prefetcher is disabled and
 * every batch is drawn on the caller's thread, as without it.
 */
import { BatchPrefetcher, roundRobin, type DrawnBatch, type ToDataWorker } from './batch-prefetch';
import { reportCrashes, WorkerChannel, type StartedWorker } from '../protocol/worker-port';

/** The trainer's side of one data worker. */
export type DataChannel = WorkerChannel<ToDataWorker, DrawnBatch>;

/**
 * Data workers for this machine: the page's thread, the trainer's and the backend's own threads (wasm's
 * pool, the GPU driver) need cores too, so one on up to 5 cores, then one more per two cores, at most 3. On
 * a fast GPU, long sequences are drawn slower than they train (BENCHMARKS.md); more workers draw more.
 */
export function dataWorkerCount(cores: number): number {
  return Math.min(3, Math.max(1, Math.floor(cores / 2) - 1));
}

/** Channels to started data workers, and a prefetcher that asks them in turn and takes their batches. */
export function prefetcherOver(workers: readonly StartedWorker<ToDataWorker>[]): {
  prefetcher: BatchPrefetcher;
  channels: DataChannel[];
} {
  const channels = workers.map((w): DataChannel => new WorkerChannel(w));
  const prefetcher = new BatchPrefetcher(roundRobin(channels.map((c) => (msg) => c.send(msg))));
  for (const c of channels) c.subscribe((msg) => prefetcher.receive(msg));
  return { prefetcher, channels };
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
  const { prefetcher, channels } = prefetcherOver(
    workers.map((w) => ({ endpoint: w, terminate: () => w.terminate() })),
  );
  // Handled (cancelled) by reportCrashes: an error in a data worker would otherwise be reported again in this
  // worker's own scope and reach the page as a crash of the training worker.
  const fail = () => {
    prefetcher.disable();
    for (const c of channels) c.terminate();
  };
  for (const w of workers) reportCrashes(w, 'data worker', fail, { messageErrors: true });
  return prefetcher;
}
