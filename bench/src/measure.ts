/**
 * The measurements of one benchmark row: the engine's SGD step on prepared batches (the headline), Run.step
 * with host-side data generation and upload, and the autodiff baseline on the same prepared batches, all
 * from the same initial weights and timed in interleaved rounds. Also the backend's matMul rate, for context.
 */
import * as tf from '@tensorflow/tfjs-core';
import { AutodiffBaseline } from '../../src/model/baseline';
import { sgdStep, type BatchTensors } from '../../src/model/engine';
import { Run } from '../../src/model/run';
import { yieldPacer } from '../../src/model/yield';
import { createStudentParams, disposeStudentParams, initStudentWeights } from '../../src/model/student';
import { createTeacher } from '../../src/model/teacher';
import { caseConfig, disposeBatches, flopsPerStep, prepareBatches, type BenchCase } from './cases';
import { timeInterleaved, type Meter, type Timing } from './timing';

export interface MethodResult extends Timing {
  samplesPerSec: number;
  /** Loss of the first step (from the initial weights, on batch 1) and of the last step run. */
  firstLoss: number;
  lastLoss: number;
}

export interface CaseResult {
  engine: MethodResult;
  /** Run.step(): data generation, upload and the step; its loss is not read per step. */
  runStep: Timing & { samplesPerSec: number };
  baseline: MethodResult;
  engineGflops: number;
  /**
   * ‖W_baseline − W_engine‖_F / ‖W_engine − W_0‖_F after one step from the same start on the same batch: the
   * relative difference of the two updates. Float rounding gives ~1e-7; at large L·B·m a ReLU whose
   * pre-activation lies within rounding of 0 can flip and add ~1e-4.
   */
  updateAgreement: number;
}

const WARMUP_STEPS = 3;
/** Interleaved turns per method (see bench-timing.ts). */
export const ROUNDS = 3;

/** ‖a − b‖_F / ‖b − c‖_F. */
async function relativeDifference(a: tf.Tensor, b: tf.Tensor, c: tf.Tensor): Promise<number> {
  const ratio = tf.tidy(() => tf.div(tf.norm(tf.sub(a, b)), tf.norm(tf.sub(b, c))));
  const v = (await ratio.data())[0] as number;
  ratio.dispose();
  return v;
}

/**
 * Resolves once the device has written `t`: reads one element of it (a one-element slice, so nothing large is
 * copied back). Device queues run in order, so everything queued before is finished too.
 */
function written(t: tf.Tensor): Promise<void> {
  const probe = tf.tidy(() => tf.slice(tf.reshape(t, [-1]), 0, 1));
  return probe.data().then(() => probe.dispose());
}

/** A method whose step returns its loss; keeps the first and the latest loss, frees the others. */
class LossMeter implements Meter {
  private count = 0;
  private first: tf.Scalar | null = null;
  private latest: tf.Scalar | null = null;

  /**
   * @param stepAt runs step `index` and returns its loss
   * @param weights the variable every step writes last (W), read to know a step has finished
   * @param afterFirst runs once after the first step
   */
  constructor(
    private readonly stepAt: (index: number) => tf.Scalar,
    private readonly weights: () => tf.Tensor,
    private readonly afterFirst: () => Promise<void>,
  ) {}

  step = (): void | Promise<void> => {
    const loss = this.stepAt(this.count++);
    if (this.first === null) {
      this.first = loss;
      return this.afterFirst();
    }
    if (this.latest !== null) this.latest.dispose();
    this.latest = loss;
  };

  done = (): Promise<void> => written(this.weights());

  /** The timing with samples/s and the losses; frees the kept losses. */
  async result(timing: Timing, batch: number): Promise<MethodResult> {
    const first = this.first as tf.Scalar;
    const last = this.latest ?? first;
    const firstLoss = (await first.data())[0] as number;
    const lastLoss = (await last.data())[0] as number;
    tf.dispose([first, last]);
    return { ...timing, samplesPerSec: (timing.steps * batch) / timing.seconds, firstLoss, lastLoss };
  }
}

/**
 * Measures one case on the current backend: engine, Run.step and the baseline, from the same start.
 * `prepareRun` sees the Run before its first step (the runners attach their data workers, as the app does).
 */
export async function measureCase(
  c: BenchCase,
  seconds: number,
  prepareRun: (run: Run) => void = () => {},
): Promise<CaseResult> {
  const config = caseConfig(c);
  const teacher = createTeacher(config);
  const weights = initStudentWeights(config);
  const batches = prepareBatches(config, teacher);
  const batchAt = (i: number) => batches[i % batches.length] as BatchTensors;

  const params = createStudentParams(weights, config.lambda, 'W');
  // W after the engine's first step (taken during its warm-up), to compare the baseline's first update.
  const engineStep1: { W: tf.Tensor2D | null } = { W: null };
  const engine = new LossMeter(
    (i) => sgdStep(params, batchAt(i), config.L, teacher.targets.length, 'sq', config.lr),
    () => params.W,
    async () => {
      engineStep1.W = tf.clone(params.W);
    },
  );

  const run = Run.create(config);
  prepareRun(run);
  // Pauses let batches drawn ahead by data workers arrive, as in the app's loop.
  const pace = yieldPacer();
  const runStep: Meter = {
    step: () => {
      run.step();
      return pace() ?? undefined;
    },
    done: () => written(run.params.W),
  };

  const model = new AutodiffBaseline(weights, config.lambda, config.L, teacher.targets, config.lr);
  let updateAgreement = Number.NaN;
  const baseline = new LossMeter(
    (i) => model.step(batchAt(i)),
    () => model.W,
    async () => {
      const W0 = tf.tensor2d(weights.W, [c.m, c.m]);
      updateAgreement = await relativeDifference(model.W, engineStep1.W as tf.Tensor2D, W0);
      W0.dispose();
    },
  );

  const [engineTiming, runTiming, baselineTiming] = (await timeInterleaved([engine, runStep, baseline], {
    seconds,
    warmupSteps: WARMUP_STEPS,
    rounds: ROUNDS,
  })) as [Timing, Timing, Timing];
  const engineResult = await engine.result(engineTiming, c.batch);
  const baselineResult = await baseline.result(baselineTiming, c.batch);
  disposeStudentParams(params);
  run.dispose();
  model.dispose();
  engineStep1.W?.dispose();
  disposeBatches(batches);

  return {
    engine: engineResult,
    runStep: { ...runTiming, samplesPerSec: (runTiming.steps * c.batch) / runTiming.seconds },
    baseline: baselineResult,
    engineGflops: (flopsPerStep(c) * engineTiming.steps) / engineTiming.seconds / 1e9,
    updateAgreement,
  };
}

/** Single-precision matMul rate of the current backend on n×n matrices, in GFLOP/s (2n³ per product). */
export async function measureMatMulRate(seconds: number, n = 1024): Promise<number> {
  const a = tf.randomNormal([n, n], 0, 1, 'float32', 1);
  const b = tf.randomNormal([n, n], 0, 1, 'float32', 2);
  const product: { last: tf.Tensor | null } = { last: null };
  const meter: Meter = {
    step: () => {
      product.last?.dispose();
      product.last = tf.matMul(a, b);
    },
    done: () => (product.last ? written(product.last) : Promise.resolve()),
  };
  const [timing] = (await timeInterleaved([meter], { seconds, warmupSteps: 1, rounds: 1 })) as [Timing];
  tf.dispose([a, b]);
  product.last?.dispose();
  return (2 * n ** 3 * timing.steps) / timing.seconds / 1e9;
}
