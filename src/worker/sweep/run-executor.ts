/**
 * The scheduler's side of one run worker (run-protocol.ts) as a RunExecutor of the pool (sweep-pool.ts):
 * sends a task, forwards its progress, resolves with its outcome, cancels it when the pool's signal fires.
 * A worker that is lost (its channel says runWorkerLost, or its backend would not start) rejects with
 * ExecutorLost, and every later task at once, so the pool gives them to the other workers.
 */
import type { BackendName } from '../../model/backend';
import type { RunOutcome, RunProgress } from '../../model/sweep';
import { ExecutorLost, type RunExecutor, type TrainTask } from '../../model/sweep-pool';
import type { WorkerChannel } from '../protocol/worker-port';
import type { FromRunWorker, ToRunWorker } from './run-protocol';

export type RunChannel = WorkerChannel<ToRunWorker, FromRunWorker>;

let nextTaskId = 1;

export function channelExecutor(channel: RunChannel, backend: BackendName, name = 'run worker'): RunExecutor {
  let lost: string | null = null;
  return {
    train(task: TrainTask, signal: AbortSignal, onProgress: (p: RunProgress) => void): Promise<RunOutcome> {
      if (lost !== null) return Promise.reject(new ExecutorLost(lost));
      const id = nextTaskId++;
      return new Promise<RunOutcome>((resolve, reject) => {
        const onAbort = () => channel.send({ type: 'cancelTrain', id });
        const end = () => {
          unsubscribe();
          signal.removeEventListener('abort', onAbort);
        };
        const unsubscribe = channel.subscribe((msg) => {
          if (msg.type === 'runWorkerLost') {
            lost = `The ${name} failed: ${msg.message}`;
            end();
            reject(new ExecutorLost(lost));
            return;
          }
          if (msg.id !== id) return;
          if (msg.type === 'trainProgress') onProgress(msg.progress);
          else if (msg.type === 'trained') {
            end();
            resolve(msg.outcome);
          } else {
            end();
            if (msg.lost) {
              lost = `The ${name} cannot train: ${msg.message}`;
              reject(new ExecutorLost(lost));
            } else reject(new Error(msg.message));
          }
        });
        signal.addEventListener('abort', onAbort);
        channel.send({ type: 'train', id, backend, task });
        if (signal.aborted) onAbort();
      });
    },
  };
}
