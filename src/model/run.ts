/**
 * A training run: teacher, student, data source, test set and the metrics of SPEC §6 behind one object that
 * the CLI, the benchmark, the tests and the worker all drive the same way.
 *
 * step() only enqueues device work; nothing in it reads from the device. Losses accumulate on the device and
 * are read by readTrainLoss() when the caller chooses (a few times a second at most).
 */
import { gradientFlow, type GradientFlow } from './gradient-flow';
import * as tf from '@tensorflow/tfjs-core';
import type { Baselines } from './baselines';
import type { Config } from './config';
import { DataSource, makeBatch, type Batch } from './data';
import { EvaluationSchedule } from './eval-schedule';
import { forward, learningRateAt, sgdStep, type BatchTensors, type ForwardWeights } from './engine';
import { influenceMaps, type InfluenceMaps } from './influence';
import { lazyMetrics, type LazyMetrics } from './lazy';
import { Rng } from './rng';
import {
  createStudentParams,
  disposeStudentParams,
  initStudentWeights,
  readStudentWeights,
  type StudentParams,
  type StudentWeights,
} from './student';
import { createTeacher, type Teacher } from './teacher';
import { traceSequence, type SequenceTrace } from './sequence-trace';
import { makeCheckpoint, type Checkpoint, type LoadedCheckpoint, type RunState } from './run-export';
import type { LiveKey } from './fields';
import {
  createTestSet,
  disposeBatch,
  evaluateTestSet,
  uploadBatch,
  type TestChunk,
  type TestEvaluation,
} from './testset';
import { hiddenTrajectories, type HiddenTrajectories, type PcaBasis } from './trajectories';

/** Probe sequences used for trajectories, predictions and influence: the first few of the probe stream. */
export const PROBE_COUNT = 8;
export const TRAJECTORY_PROBES = 4;

export interface Evaluation extends TestEvaluation {
  step: number;
  samples: number;
  /**
   * True for an evaluation at a point of the run's schedule (eval-schedule.ts). Only these set samplesToEps
   * and enter exported histories; others (after a single Step, at the end of a budget) are extra looks.
   */
  scheduled: boolean;
}

export interface Predictions {
  probe: number;
  /** 1-based positions in J. */
  positions: number[];
  /** Row-major [|J|, d]. */
  predicted: Float64Array;
  target: Float64Array;
}

/**
 * Training batches drawn elsewhere (the worker draws them ahead on another thread): the host batch of `size`
 * sequences starting at `samplesSeen` when it is ready, else null and the run draws it itself. Either way the
 * batch is the same (data depend only on the config and the sample count).
 */
export interface HostBatchSource {
  take(samplesSeen: number, size: number): Batch | null;
}

export class Run {
  readonly teacher: Teacher;
  readonly params: StudentParams;
  /** The zero, constant and linear baselines on this run's test set (SPEC §6). */
  readonly baselines: Baselines;
  private readonly data: DataSource;
  private readonly testSet: TestChunk[];
  private readonly probeHost: Batch;
  private readonly probes: BatchTensors;
  private readonly trajectoryProbes: BatchTensors;
  private readonly powerStart: tf.Tensor2D;
  private lossSum: tf.Scalar;
  private lossCount = 0;
  private batchSource: HostBatchSource | null = null;
  private readonly schedule: EvaluationSchedule;
  private _config: Config;
  state: RunState;

  private constructor(
    config: Config,
    weights: StudentWeights,
    initial: StudentWeights,
    state: RunState,
    resumed: boolean,
    teacher?: Teacher,
  ) {
    this._config = config;
    this.teacher = teacher ?? createTeacher(config);
    this.params = createStudentParams(weights, config.lambda, config.train, initial);
    this.data = new DataSource(config, this.teacher);
    const testSet = createTestSet(config, this.teacher);
    this.testSet = testSet.chunks;
    this.baselines = testSet.baselines;
    const probeIdx = Array.from({ length: PROBE_COUNT }, (_, k) => k);
    this.probeHost = makeBatch(config, this.teacher, 'probe', probeIdx);
    this.probes = uploadBatch(config, this.teacher, this.probeHost);
    this.trajectoryProbes = uploadBatch(
      config,
      this.teacher,
      makeBatch(config, this.teacher, 'probe', probeIdx.slice(0, TRAJECTORY_PROBES)),
    );
    const start = new Float32Array(config.m);
    Rng.of(config.seed, 'power').fillNormal(start);
    this.powerStart = tf.keep(tf.tensor2d(start, [config.m, 1]));
    this.lossSum = tf.keep(tf.scalar(0));
    this.state = state;
    // A restored run has made every scheduled evaluation up to its samples (its checkpoint was taken after one).
    this.schedule = resumed
      ? EvaluationSchedule.resumedAt(config, state.samplesSeen)
      : new EvaluationSchedule();
  }

  /** A fresh run: teacher and initial weights drawn from the config's seed. */
  static create(config: Config): Run {
    const w = initStudentWeights(config);
    return new Run(config, w, w, { step: 0, samplesSeen: 0, samplesToEps: null }, false);
  }

  /** A run resumed from saved weights (a checkpoint or a backend switch). */
  static restore(
    config: Config,
    current: StudentWeights,
    initial: StudentWeights,
    state: RunState,
    teacher?: Teacher,
  ): Run {
    return new Run(config, current, initial, { ...state }, true, teacher);
  }

  /** A run resumed from a parsed checkpoint file. */
  static fromCheckpoint(loaded: LoadedCheckpoint): Run {
    return Run.restore(loaded.config, loaded.current, loaded.initial, loaded.state, loaded.teacher);
  }

  /** The checkpoint of SPEC §7 for the current weights (reads them from the device). */
  async checkpoint(): Promise<Checkpoint> {
    const { current, initial } = await readStudentWeights(this.params);
    return makeCheckpoint(this._config, this.teacher, current, initial, this.state);
  }

  get config(): Config {
    return this._config;
  }

  /** Applies fields that can change without a restart (the table's live fields: learning rate, schedule, batch, loss, ε). */
  updateLive(partial: Partial<Pick<Config, LiveKey>>): void {
    this._config = { ...this._config, ...partial };
  }

  currentWeights(): ForwardWeights {
    return { W: this.params.W, A: this.params.A, B: this.params.B, lambda: this.params.lambda };
  }

  initialWeights(): ForwardWeights {
    return { W: this.params.W0, A: this.params.A0, B: this.params.B0, lambda: this.params.lambda };
  }

  learningRate(): number {
    const c = this._config;
    return learningRateAt(c.lr, c.sched, c.t0, this.state.step);
  }

  /** Takes training batches from `source` when it has them ready (null: always draw them here). */
  setBatchSource(source: HostBatchSource | null): void {
    this.batchSource = source;
  }

  /** One SGD step on the next batch. Enqueues device work only. */
  step(): void {
    const c = this._config;
    const { samplesSeen } = this.state;
    const host = this.batchSource?.take(samplesSeen, c.batch) ?? this.data.batchAt(samplesSeen, c.batch);
    const b = uploadBatch(c, this.teacher, host);
    const loss = sgdStep(this.params, b, c.L, this.teacher.targets.length, c.loss, this.learningRate());
    disposeBatch(b);
    const next = tf.add(this.lossSum, loss) as tf.Scalar;
    this.lossSum.dispose();
    loss.dispose();
    this.lossSum = tf.keep(next);
    this.lossCount += 1;
    this.state.step += 1;
    this.state.samplesSeen += c.batch;
  }

  /** Mean training loss of the steps since the last call (NaN if none), then resets the accumulator. */
  async readTrainLoss(): Promise<number> {
    const count = this.lossCount;
    const sum = this.lossSum;
    this.lossSum = tf.keep(tf.scalar(0));
    this.lossCount = 0;
    const v = (await sum.data())[0] as number;
    sum.dispose();
    return count > 0 ? v / count : Number.NaN;
  }

  /** Whether the samples seen have reached the next point of the evaluation schedule. */
  evaluationDue(): boolean {
    return this.schedule.due(this.state.samplesSeen);
  }

  /** Whether the evaluation due now also takes the heavy metrics (lazy, influence, trajectories). */
  heavyDue(): boolean {
    return this.evaluationDue() && this.schedule.heavyDue;
  }

  /** Samples seen at which the next scheduled evaluation falls. */
  get nextEvaluation(): number {
    return this.schedule.next;
  }

  /**
   * testError and testErrorByPosition on the held-out set. When the evaluation is due it is a scheduled one:
   * it advances the schedule and may set samplesToEps.
   */
  async evaluate(): Promise<Evaluation> {
    const samples = this.state.samplesSeen;
    const step = this.state.step;
    const scheduled = this.evaluationDue();
    const e = await evaluateTestSet(
      this.currentWeights(),
      this.testSet,
      this._config.L,
      this.teacher.targets,
    );
    if (scheduled) {
      this.schedule.evaluated(this._config, samples);
      if (this.state.samplesToEps === null && e.testError <= this._config.eps)
        this.state.samplesToEps = samples;
    }
    return { ...e, step, samples, scheduled };
  }

  async lazy(): Promise<LazyMetrics> {
    return lazyMetrics(this.params, this.testSet[0] as TestChunk, this._config.L, this.powerStart);
  }

  async influence(): Promise<InfluenceMaps> {
    return influenceMaps(this._config, this.teacher, this.currentWeights(), this.probeHost);
  }

  async trajectories(
    options: { fixedBasis?: PcaBasis | null; previous?: PcaBasis | null; initial?: boolean } = {},
  ): Promise<HiddenTrajectories> {
    const w = options.initial ? this.initialWeights() : this.currentWeights();
    return hiddenTrajectories(w, this.trajectoryProbes, this._config.L, options);
  }

  /** ‖δ_l‖ by position: a unit error at the last output backpropagated through time (gradient-flow.ts). */
  async gradientFlow(options: { initial?: boolean } = {}): Promise<GradientFlow> {
    const w = options.initial ? this.initialWeights() : this.currentWeights();
    return gradientFlow(w, this.probes, this._config.L);
  }

  /** Step-through trace of probe `probe` on the current weights, h_l projected on `basis` (issue 17). */
  async trace(probe: number, basis: PcaBasis): Promise<SequenceTrace> {
    return traceSequence(this._config, this.teacher, this.currentWeights(), this.probeHost, probe, basis);
  }

  /** Student outputs and targets of probe `probe` at every position in J. */
  async predictions(probe = 0): Promise<Predictions> {
    const { L, d } = this._config;
    const P = this.probes.batch;
    const F = tf.tidy(() => {
      return forward(this.currentWeights(), this.probes.X, L, P).F;
    });
    const f = await F.data();
    F.dispose();
    const J = this.teacher.targets;
    const predicted = new Float64Array(J.length * d);
    const target = new Float64Array(J.length * d);
    J.forEach((j, k) => {
      for (let s = 0; s < d; s++) {
        const row = (j - 1) * P + probe;
        predicted[k * d + s] = f[row * d + s] as number;
        target[k * d + s] = this.probeHost.Y[row * d + s] as number;
      }
    });
    return { probe, positions: J.slice(), predicted, target };
  }

  dispose(): void {
    disposeStudentParams(this.params);
    for (const c of this.testSet) disposeBatch(c);
    disposeBatch(this.probes);
    disposeBatch(this.trajectoryProbes);
    this.powerStart.dispose();
    this.lossSum.dispose();
  }
}
