/**
 * Faults a browser test injects through the `inject` message (only with `?test-hooks=1`): poisoned weights, a
 * blocked event loop, a closed worker, a failed data worker, and the answer to the message itself. Backend
 * losses live in backend-watch.ts next to the code that notices them.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BatchPrefetcher } from '../data/batch-prefetch';
import type { Run } from '../../model/run';
import { loseBackend } from './backend-watch';
import type { InjectMessage } from '../protocol/recovery-messages';

/** What an injected fault reaches in the trainer. */
export interface FaultTarget {
  host: { testHooks?: boolean; exit?: () => void; prefetcher?: BatchPrefetcher };
  /** Posts a sentence for the error message that does not stop the run. */
  tell(message: string): void;
  /** Queues work after the trainer's queued work on the run. */
  serial(work: () => void): Promise<void>;
  /** The current run, if any. */
  run(): Run | null;
}

/** Makes every recurrent weight NaN, as a far too large step would. */
export function poisonWeights(run: Run): void {
  tf.tidy(() => {
    run.params.W.assign(tf.mul(run.params.W, Number.NaN));
  });
}

/** Blocks the calling thread for `ms` milliseconds (a hung worker sends no heartbeats). */
export function blockFor(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // Busy on purpose: nothing else may run on this thread meanwhile.
  }
}

/** Answers an `inject` message: refused without test hooks; faults on the run wait for the work before them. */
export function injectFault(msg: InjectMessage, target: FaultTarget): Promise<void> {
  const { host, tell } = target;
  if (!host.testHooks) {
    tell('Fault injection is a test hook; open the page with ?test-hooks=1 to use it.');
    return Promise.resolve();
  }
  switch (msg.fault) {
    case 'close':
      host.exit?.();
      return Promise.resolve();
    case 'hang':
      blockFor(msg.ms ?? 30_000);
      return Promise.resolve();
    case 'data-worker':
      if (!host.prefetcher) tell('Could not inject data-worker: no data worker runs here.');
      host.prefetcher?.failOneWorker();
      return Promise.resolve();
    case 'nan':
      return target.serial(() => {
        const run = target.run();
        if (run) poisonWeights(run);
      });
    case 'device-loss':
    case 'context-loss':
      return target.serial(() => {
        const problem = loseBackend(msg.fault as 'device-loss' | 'context-loss');
        if (problem) tell(`Could not inject ${msg.fault}: ${problem}.`);
      });
  }
}
