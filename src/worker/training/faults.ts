/**
 * Faults a browser test injects through the `inject` message (only with `?test-hooks=1`): poisoned weights and
 * a blocked event loop. Backend losses live in backend-watch.ts next to the code that notices them.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Run } from '../../model/run';

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
