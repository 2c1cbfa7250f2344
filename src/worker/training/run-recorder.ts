/**
 * Everything the loop measures about one run: the evaluations and heavy metrics at the run's scheduled sample
 * counts (src/model/eval-schedule.ts), how time splits between them, the history for the run export, and the
 * points waiting for the next message. A new run gets a new recorder, so no history leaks from one run into
 * the next.
 */
import { HEAVY_EVERY } from '../../model/eval-schedule';
import type { Run } from '../../model/run';
import { ChunkSizer, RateMeter, TimeShares } from './cadence';
import { RunHistory } from '../../model/run-history';
import { measureEvaluation, measureHeavy, type TrajectoryBases } from './measurements';
import { MetricBatcher } from './metric-batcher';
import type { Progress, ViewOptions } from '../protocol/training-protocol';

export interface MeasureRequest {
  /** Mean training loss of the steps since the last report (NaN for none). */
  loss: number;
  steps: number;
  evaluate: boolean;
  heavy: boolean;
}

export class RunRecorder {
  readonly sizer = new ChunkSizer();
  readonly rate = new RateMeter();
  readonly history: RunHistory;
  readonly bases: TrajectoryBases = { initial: null, previous: null };
  private readonly timing = new TimeShares();
  private noiseFloor: number | null = null;
  private targetScale: number | null = null;
  /** The newest evaluated test error and the first one of this recorder (null before any evaluation). */
  lastTestError: number | null = null;
  firstTestError: number | null = null;

  /** `history` continues an earlier history (a run restored from a checkpoint). */
  constructor(
    private readonly run: Run,
    private batcher: MetricBatcher,
    private readonly now: () => number,
    history?: RunHistory,
  ) {
    this.history = history ?? new RunHistory(run.teacher.targets);
  }

  /** Records a chunk of `steps` steps that took `ms`; says what the run's schedule asks to measure now. */
  afterChunk(steps: number, ms: number): { evaluate: boolean; heavy: boolean } {
    this.sizer.observe(steps, ms);
    this.timing.add('train', ms);
    return { evaluate: this.run.evaluationDue(), heavy: this.run.heavyDue() };
  }

  /**
   * Stops this recorder from adding points to the shared batch: its run was abandoned (a lost backend), and
   * work still in flight for it must not reach the page.
   */
  retire(): void {
    this.batcher = new MetricBatcher();
  }

  /** Records training time outside chunks (a single step). */
  addTrainTime(ms: number): void {
    this.timing.add('train', ms);
  }

  /**
   * Adds a report row, evaluating the test set and running the heavy round when asked. Scheduled evaluations
   * enter the exported history; one asked for off the schedule (after a single Step) is drawn only. Returns a
   * sentence when the run has diverged (a loss or test error that is not a finite number), else null.
   */
  async measure(req: MeasureRequest, view: ViewOptions): Promise<string | null> {
    const { run, batcher } = this;
    const samples = run.state.samplesSeen;
    this.history.addTrainLoss(req.loss, req.steps);
    if (req.steps > 0 && !Number.isFinite(req.loss)) return `the training loss is ${req.loss}`;
    if (!req.evaluate) {
      batcher.add('report', { samples, trainLoss: req.loss, testError: Number.NaN });
      return null;
    }
    // Asked before the evaluation advances the schedule: whether this row of the history carries lazy metrics.
    const heavyScheduled = run.heavyDue();
    let t = this.now();
    const { evaluation, predictions } = await measureEvaluation(run, view.probe);
    this.timing.add('eval', this.now() - t);
    this.lastTestError = evaluation.testError;
    this.firstTestError ??= evaluation.testError;
    const { noise } = run.config;
    this.noiseFloor = noise > 0 ? noise ** 2 / evaluation.meanTargetSquare : null;
    this.targetScale = evaluation.meanTargetSquare;
    batcher.add('report', { samples, trainLoss: req.loss, testError: evaluation.testError });
    batcher.add('positions', { samples, byPosition: evaluation.testErrorByPosition });
    batcher.set('predictions', predictions);
    let lazy = null;
    if (req.heavy) {
      t = this.now();
      const h = await measureHeavy(run, view, this.bases);
      this.timing.add('heavy', this.now() - t);
      lazy = h.lazy;
      batcher.add('lazy', { samples, ...lazy });
      batcher.set('influence', h.influence);
      batcher.set('trajectories', h.trajectories);
      batcher.set('gradients', h.gradients);
      const { norms } = h.gradients;
      batcher.add('flow', {
        samples,
        first: norms[0] ?? Number.NaN,
        last: norms[norms.length - 1] ?? Number.NaN,
      });
    }
    if (evaluation.scheduled) {
      this.history.addEvaluation({
        samples,
        step: run.state.step,
        testError: evaluation.testError,
        testErrorByPosition: evaluation.testErrorByPosition,
        lazy: heavyScheduled ? lazy : null,
      });
    }
    return Number.isFinite(evaluation.testError) ? null : `the test error is ${evaluation.testError}`;
  }

  /** Counters, rates (zero while paused) and the time shares of the metrics. */
  progress(playing: boolean): Progress {
    const { state } = this.run;
    const rates = playing ? this.rate.rates() : { stepsPerSecond: 0, samplesPerSecond: 0 };
    return {
      step: state.step,
      samplesSeen: state.samplesSeen,
      samplesToEps: state.samplesToEps,
      ...rates,
      heavyEvery: HEAVY_EVERY,
      heavyFraction: this.timing.share('heavy'),
      evalFraction: this.timing.share('eval'),
      noiseFloor: this.noiseFloor,
      targetScale: this.targetScale,
    };
  }
}
