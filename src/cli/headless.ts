/**
 * A headless training loop over a Run: steps to a budget, evaluates at the run's scheduled sample counts (the
 * same points as the app, eval-schedule.ts), records the metric history of SPEC §6 and stops on divergence.
 */
import { emptyRunMetrics, finiteOrNull, withBaselines, type RunMetrics } from '../model/run-export';
import type { Evaluation, Run } from '../model/run';
import { yieldPacer } from '../model/yield';

export interface HeadlessOptions {
  steps: number;
  stopAtEps: boolean;
  /** Compute the lazy-training metrics at the evaluations that carry the heavy metrics. */
  lazyMetrics: boolean;
}

export interface ProgressInfo {
  samplesSeen: number;
  step: number;
  testError: number;
  trainLoss: number;
  samplesPerSec: number;
}

export interface HeadlessResult {
  metrics: RunMetrics;
  finalTestError: number;
  diverged: boolean;
  stoppedAtEps: boolean;
  seconds: number;
}

export async function trainHeadless(
  run: Run,
  options: HeadlessOptions,
  onProgress: (p: ProgressInfo) => void = () => {},
): Promise<HeadlessResult> {
  const metrics = withBaselines(emptyRunMetrics(run.teacher.targets), run.baselines, run.config.eps);
  const start = performance.now();
  let finalTestError = Number.NaN;
  let diverged = false;
  let stoppedAtEps = false;
  const startSamples = run.state.samplesSeen;

  const addRow = async (e: Evaluation, trainLoss: number, heavy: boolean): Promise<void> => {
    metrics.samples.push(e.samples);
    metrics.step.push(e.step);
    metrics.trainLoss.push(finiteOrNull(trainLoss));
    metrics.testError.push(finiteOrNull(e.testError));
    metrics.testErrorByPosition.push(e.testErrorByPosition.map((x) => finiteOrNull(x)));
    const lz = options.lazyMetrics && heavy ? await run.lazy() : null;
    metrics.weightMovementFrobenius.push(finiteOrNull(lz?.weightMovementFrobenius));
    metrics.weightMovementSpectral.push(finiteOrNull(lz?.weightMovementSpectral));
    metrics.patternFlips.push(finiteOrNull(lz?.patternFlips));
    metrics.linearizationGap.push(finiteOrNull(lz?.linearizationGap));
    metrics.samplesToEps = run.state.samplesToEps;
  };

  /** A scheduled evaluation goes into the history; the extra one at the end of the budget only reports. */
  const record = async (): Promise<void> => {
    const heavy = run.heavyDue();
    const trainLoss = await run.readTrainLoss();
    const e = await run.evaluate();
    finalTestError = e.testError;
    if (e.scheduled) await addRow(e, trainLoss, heavy);
    const seconds = (performance.now() - start) / 1000;
    onProgress({
      samplesSeen: e.samples,
      step: e.step,
      testError: e.testError,
      trainLoss,
      samplesPerSec: seconds > 0 ? (e.samples - startSamples) / seconds : 0,
    });
    if (!Number.isFinite(trainLoss) && run.state.step > 0) diverged = true;
    if (!Number.isFinite(e.testError)) diverged = true;
    if (options.stopAtEps && run.state.samplesToEps !== null) stoppedAtEps = true;
  };

  const lastStep = run.state.step + options.steps;
  // Pauses let batches drawn ahead on worker threads arrive.
  const pace = yieldPacer();
  while (run.state.step < lastStep && !diverged && !stoppedAtEps) {
    if (run.evaluationDue()) {
      await record();
      if (diverged || stoppedAtEps) break;
    }
    run.step();
    await pace();
  }
  if (!diverged && !stoppedAtEps) await record();
  return { metrics, finalTestError, diverged, stoppedAtEps, seconds: (performance.now() - start) / 1000 };
}
