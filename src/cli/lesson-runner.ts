/**
 * Measures one lesson run headless: the variant's config with a seed, trained on the engine and evaluation
 * schedule of the app (trainHeadless) to the variant's budget, kept as the MeasuredRun the claims read.
 */
import type { Config } from '../model/config';
import type { MeasuredRun } from '../model/lessons/claims';
import { Run } from '../model/run';
import { attachPrefetcher, type BatchPrefetcher } from '../worker/data/batch-prefetch';
import { trainHeadless } from './headless';

/** Six significant digits: far finer than the test set measures, and a stable file. */
const keep = (x: number | null | undefined): number | null =>
  x === null || x === undefined || !Number.isFinite(x) ? null : Number(x.toPrecision(6));

export interface MeasureOptions {
  budget: number;
  toEps: boolean;
  /** Batches drawn ahead on data threads (the same batches the run would draw itself). */
  prefetcher?: BatchPrefetcher;
  onProgress?: (samples: number, testError: number) => void;
}

export async function measureRun(
  config: Config,
  seed: number,
  options: MeasureOptions,
): Promise<MeasuredRun> {
  const run = Run.create({ ...config, seed });
  try {
    if (options.prefetcher) attachPrefetcher(options.prefetcher, run);
    const initialFlow = await run.gradientFlow({ initial: true });
    const result = await trainHeadless(
      run,
      { steps: Math.ceil(options.budget / config.batch), stopAtEps: options.toEps, lazyMetrics: true },
      (p) => options.onProgress?.(p.samplesSeen, p.testError),
    );
    const m = result.metrics;
    const b = run.baselines;
    const finalFlow = result.diverged ? null : await run.gradientFlow();
    return {
      seed,
      samples: m.samples,
      testError: m.testError.map(keep),
      trainLoss: m.trainLoss.map(keep),
      weightMovement: m.weightMovementFrobenius.map(keep),
      patternFlips: m.patternFlips.map(keep),
      linearizationGap: m.linearizationGap.map(keep),
      lastByPosition: (m.testErrorByPosition[m.testErrorByPosition.length - 1] ?? []).map(keep),
      samplesToEps: result.diverged ? null : run.state.samplesToEps,
      diverged: result.diverged,
      samplesSeen: run.state.samplesSeen,
      baselines: {
        linear: keep(b.linear) ?? Number.NaN,
        constant: keep(b.constant) ?? Number.NaN,
        linearByPosition: b.byPosition.linear.map((x) => keep(x) ?? Number.NaN),
        positions: b.byPosition.positions,
      },
      gradientFlow: {
        initial: Array.from(initialFlow.norms, (x) => keep(x) ?? Number.NaN),
        final: finalFlow ? Array.from(finalFlow.norms, (x) => keep(x) ?? Number.NaN) : null,
      },
    };
  } finally {
    run.dispose();
  }
}
