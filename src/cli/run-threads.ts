/**
 * The CLI's pool of training threads for `npm run sweep -- … --workers N`: N worker_threads, each a run
 * thread (run-thread-node.ts) behind a RunExecutor (src/worker/sweep/run-executor.ts), for the scheduler
 * (src/model/sweep-pool.ts). A thread that fails is reported to the scheduler as lost; its task goes to
 * another. The threads draw their own batches: with N threads every core already trains.
 */
import { availableParallelism } from 'node:os';
import type { BackendName } from '../model/backend';
import type { RunExecutor } from '../model/sweep-pool';
import { WorkerChannel } from '../worker/protocol/worker-port';
import { channelExecutor, type RunChannel } from '../worker/sweep/run-executor';
import type { FromRunWorker, ToRunWorker } from '../worker/sweep/run-protocol';
import { startThread, threadWorker } from './data-workers';

export interface RunThreads {
  executors: RunExecutor[];
  /** Ends the threads. */
  close(): Promise<void>;
}

/** `--workers` when it is not given: one per core (the main thread only schedules and prints). */
export function defaultCliWorkers(cores = availableParallelism()): number {
  return Math.max(1, Math.min(8, cores));
}

export function startRunThreads(count: number, backend: BackendName): RunThreads {
  const threads = Array.from({ length: count }, () => startThread('run-thread-node'));
  const channels = threads.map((t, i) => {
    const channel: RunChannel = new WorkerChannel<ToRunWorker, FromRunWorker>(threadWorker<ToRunWorker>(t));
    const lost = (what: string) => channel.emit({ type: 'runWorkerLost', message: what });
    t.on('error', (e) => lost(`thread ${i + 1} failed (${e.message})`));
    t.on('exit', (code) => lost(`thread ${i + 1} ended (exit code ${code})`));
    return channel;
  });
  return {
    executors: channels.map((c, i) => channelExecutor(c, backend, `run thread ${i + 1}`)),
    close: async () => {
      await Promise.all(threads.map((t) => t.terminate()));
    },
  };
}
