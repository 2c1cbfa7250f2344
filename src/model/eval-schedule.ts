/**
 * When a run measures itself (SPEC §6): test-set evaluations at sample counts fixed by the config, never by
 * the clock, so samplesToEps, the curves' x positions and every exported number are the same on every
 * backend and machine, in the app, `npm run train` and sweeps alike.
 *
 * The gap between evaluations grows by EVAL_GROWTH of the samples seen (the same relative resolution of
 * samplesToEps at every scale, which a log-log fit needs), between a quarter of the test set and four test
 * sets. An evaluation costs about a quarter of a training sample per test sequence (a forward pass without
 * the backward one), so past the first few thousand samples it takes under ~10% of the time. The heavy
 * metrics (lazy-training quantities, influence, hidden trajectories) ride on every HEAVY_EVERY-th evaluation.
 */
import type { Config } from './config';

export const EVAL_GROWTH = 0.05;
export const HEAVY_EVERY = 4;

/** Samples from an evaluation at `samples` to the next one: a whole number of batches. */
export function evaluationGap(config: Pick<Config, 'batch' | 'ntest'>, samples: number): number {
  const min = Math.max(config.batch, Math.ceil(config.ntest / 4));
  const max = Math.max(min, 4 * config.ntest);
  const gap = Math.min(max, Math.max(min, Math.ceil(samples * EVAL_GROWTH)));
  return Math.ceil(gap / config.batch) * config.batch;
}

/** The evaluation points of a run, and which of them carry the heavy metrics. */
export class EvaluationSchedule {
  private count = 0;
  private nextAt = 0;

  /** A schedule that has already evaluated every point up to `samples` (a run restored from a checkpoint). */
  static resumedAt(config: Pick<Config, 'batch' | 'ntest'>, samples: number): EvaluationSchedule {
    const s = new EvaluationSchedule();
    while (s.nextAt <= samples) s.evaluated(config, s.nextAt);
    return s;
  }

  /** Samples seen at which the next evaluation falls (it happens at the first step boundary at or past it). */
  get next(): number {
    return this.nextAt;
  }

  due(samplesSeen: number): boolean {
    return samplesSeen >= this.nextAt;
  }

  /** Whether the evaluation that is due now also takes the heavy metrics. */
  get heavyDue(): boolean {
    return this.count % HEAVY_EVERY === 0;
  }

  /** Records the scheduled evaluation made at `samples` and sets the next point. */
  evaluated(config: Pick<Config, 'batch' | 'ntest'>, samples: number): void {
    this.count += 1;
    this.nextAt = samples + evaluationGap(config, samples);
  }
}
