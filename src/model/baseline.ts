/**
 * The autodiff baseline the benchmark compares the engine with: the same student, data, squared loss and
 * initialisation, trained the way a tfjs user usually writes it. The forward loop is unrolled with plain ops
 * (`matMul` with `transposeB`, `add`, `relu`), and `tf.train.sgd(lr).minimize(..., [W])` differentiates it.
 * Only W is a trainable variable; A and B are plain tensors, as in the paper's setting (train = W).
 *
 * It exists to measure what the explicit BPTT of engine.ts buys, so it is written for clarity, not speed, but
 * without handicaps either: no wasted product with h_0 = 0, and the same batch tensors the engine uses.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BatchTensors } from './engine';
import type { StudentWeights } from './student';

/** SGD on W by tfjs autodiff over the unrolled RNN, squared loss, mean over the batch, j ∈ J and s. */
export class AutodiffBaseline {
  /** The recurrent matrix, [m, m] with g = W·h; the only trainable variable. */
  readonly W: tf.Variable<tf.Rank.R2>;
  private readonly A: tf.Tensor2D;
  private readonly B: tf.Tensor2D;
  private readonly optimizer: tf.SGDOptimizer;
  private readonly targets: ReadonlySet<number>;

  /**
   * @param weights initial weights (for example `initStudentWeights(config)`, the engine's own start)
   * @param targets the positions J (1-based) whose outputs enter the loss
   */
  constructor(
    weights: StudentWeights,
    private readonly lambda: number,
    private readonly L: number,
    targets: readonly number[],
    learningRate: number,
  ) {
    if (tf.getGradient(tf.BatchMatMul) === undefined)
      throw new Error(
        "AutodiffBaseline needs tfjs's gradients: import '@tensorflow/tfjs-core/dist/register_all_gradients' " +
          '(in Node under tsx: registerGradients() of bench/cli/bench-gradients.ts).',
      );
    const { m, dx, d } = weights;
    // tidy frees the initial tensor; the variable holds its own reference to the data.
    this.W = tf.tidy(() => tf.variable(tf.tensor2d(weights.W, [m, m]), true)) as tf.Variable<tf.Rank.R2>;
    this.A = tf.keep(tf.tensor2d(weights.A, [m, dx]));
    this.B = tf.keep(tf.tensor2d(weights.B, [d, m]));
    this.optimizer = tf.train.sgd(learningRate);
    this.targets = new Set(targets);
  }

  /** Mean squared error of the batch (position-major X [L*B, d_x], Y [L*B, d]) as a function of W. */
  private loss(b: BatchTensors): tf.Scalar {
    const n = b.batch;
    const predictions: tf.Tensor2D[] = [];
    const labels: tf.Tensor2D[] = [];
    let h: tf.Tensor2D | null = null;
    for (let l = 1; l <= this.L; l++) {
      const x = tf.slice(b.X, [(l - 1) * n, 0], [n, -1]) as tf.Tensor2D;
      const xa = tf.matMul(x, this.A, false, true);
      h = tf.relu(h === null ? xa : tf.add(tf.matMul(h, this.W, false, true), xa)) as tf.Tensor2D;
      if (this.targets.has(l)) {
        predictions.push(tf.mul(tf.matMul(h, this.B, false, true), this.lambda) as tf.Tensor2D);
        labels.push(tf.slice(b.Y, [(l - 1) * n, 0], [n, -1]) as tf.Tensor2D);
      }
    }
    return tf.losses.meanSquaredError(tf.concat(labels, 0), tf.concat(predictions, 0)) as tf.Scalar;
  }

  /**
   * One SGD step on W; returns the batch's loss before the step (a kept scalar the caller disposes). The cost
   * is returned (`minimize(f, true, …)`) so a caller can show that the baseline trains; it costs one scalar.
   */
  step(b: BatchTensors): tf.Scalar {
    return this.optimizer.minimize(() => this.loss(b), true, [this.W]) as tf.Scalar;
  }

  dispose(): void {
    this.optimizer.dispose();
    tf.dispose([this.W, this.A, this.B]);
  }
}
