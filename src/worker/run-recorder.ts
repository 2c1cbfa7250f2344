/**
 * Everything the loop measures about one run: when to evaluate and when to run the heavy metrics, how time
 * splits between them, the history for the run export, and the points waiting for the next message. A new
 * run gets a new recorder, so no schedule or history leaks from one run into the next.
 */
import type { Run } from '../model/run';
import { ChunkSizer, EvalSchedule, HeavySchedule, RateMeter, TimeShares } from './cadence';
import { RunHistory } from './history';
import { measureEvaluation, measureHeavy, type TrajectoryBases } from './measurements';
import { MetricBatcher } from './metric-batcher';
import type { Progress, ViewOptions } from './protocol';

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
  private readonly evalSchedule = new EvalSchedule();
  private readonly heavySchedule = new HeavySchedule();
  private readonly timing = new TimeShares();
  private trainMsSinceEval = 0;
  private stepsSinceHeavy = 0;
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

  /** Records a chunk of `steps` steps that took `ms`; says what to measure after it. */
  afterChunk(steps: number, ms: number): { evaluate: boolean; heavy: boolean } {
    this.sizer.observe(steps, ms);
    this.heavySchedule.observeSteps(steps, ms);
    this.timing.add('train', ms);
    this.trainMsSinceEval += ms;
    const heavy = this.stepsSinceHeavy + steps >= this.heavySchedule.every;
    return { evaluate: heavy || this.evalSchedule.due(this.trainMsSinceEval), heavy };
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
   * Adds a report row, evaluating the test set and running the heavy round when asked. Returns a sentence
   * when the run has diverged (a loss or test error that is not a finite number), else null.
   */
  async measure(req: MeasureRequest, view: ViewOptions): Promise<string | null> {
    const { run, batcher } = this;
    const samples = run.state.samplesSeen;
    this.stepsSinceHeavy += req.steps;
    this.history.addTrainLoss(req.loss, req.steps);
    if (req.steps > 0 && !Number.isFinite(req.loss)) return `the training loss is ${req.loss}`;
    if (!req.evaluate) {
      batcher.addReport(samples, req.loss, Number.NaN);
      return null;
    }
    let t = this.now();
    const { evaluation, predictions } = await measureEvaluation(run, view.probe);
    const evalMs = this.now() - t;
    this.timing.add('eval', evalMs);
    this.evalSchedule.observeCost(evalMs);
    this.trainMsSinceEval = 0;
    this.lastTestError = evaluation.testError;
    this.firstTestError ??= evaluation.testError;
    const { noise } = run.config;
    this.noiseFloor = noise > 0 ? noise ** 2 / evaluation.meanTargetSquare : null;
    this.targetScale = evaluation.meanTargetSquare;
    batcher.addReport(samples, req.loss, evaluation.testError);
    batcher.addPositions(samples, evaluation.testErrorByPosition);
    batcher.setPredictions(predictions);
    let lazy = null;
    if (req.heavy) {
      t = this.now();
      const h = await measureHeavy(run, view, this.bases);
      const heavyMs = this.now() - t;
      this.timing.add('heavy', heavyMs);
      this.heavySchedule.observeCost(heavyMs);
      this.stepsSinceHeavy = 0;
      lazy = h.lazy;
      batcher.addLazy({ samples, ...lazy });
      batcher.setInfluence(h.influence);
      batcher.setTrajectories(h.trajectories);
    }
    this.history.addEvaluation({
      samples,
      step: run.state.step,
      testError: evaluation.testError,
      testErrorByPosition: evaluation.testErrorByPosition,
      lazy,
    });
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
      heavyEvery: this.heavySchedule.every,
      heavyFraction: this.timing.share('heavy'),
      evalFraction: this.timing.share('eval'),
      noiseFloor: this.noiseFloor,
      targetScale: this.targetScale,
    };
  }
}
