/**
 * Lazy-training metrics (SPEC §6): how far W moved from W_0, how many ReLU patterns flipped, and how far the
 * trained RNN is from its first-order expansion around the initial weights (the paper's pseudo-network).
 */
import * as tf from '@tensorflow/tfjs-core';
import { forward, type BatchTensors, type ForwardWeights } from './engine';
import type { TrainableSet } from './config';
import type { StudentParams } from './student';

export interface LazyMetrics {
  /** ‖W − W_0‖_F / ‖W_0‖_F. */
  weightMovementFrobenius: number;
  /** sqrt(m) · ‖W − W_0‖_2 (spectral norm by power iteration). */
  weightMovementSpectral: number;
  /**
   * Fraction of (sequence, position, neuron) whose ReLU sign differs from the one at W_0, over the units that
   * can flip: h_1 = ReLU(A x_1) does not depend on W, so position 1 counts only when A trains.
   */
  patternFlips: number;
  /** ‖F(W) − F_lin(W)‖ / ‖F(W) − F(W_0)‖ on the evaluation batch; NaN before W has moved. */
  linearizationGap: number;
}

const POWER_ITERATIONS = 20;

function currentWeights(p: StudentParams): ForwardWeights {
  return { W: p.W, A: p.A, B: p.B, lambda: p.lambda };
}
function initialWeights(p: StudentParams): ForwardWeights {
  return { W: p.W0, A: p.A0, B: p.B0, lambda: p.lambda };
}

/**
 * F_lin = F(θ_0) + the directional derivative of F at θ_0 along θ − θ_0 (forward mode through the RNN), where
 * θ is every trainable weight: W, and A and B when they train.
 */
export function linearizedOutputs(
  p: StudentParams,
  b: BatchTensors,
  L: number,
): { F0: tf.Tensor2D; Flin: tf.Tensor2D } {
  const w0 = initialWeights(p);
  const { H: H0, F: F0 } = forward(w0, b.X, L, b.batch);
  const dWt = tf.transpose(tf.sub(p.W, p.W0)) as tf.Tensor2D;
  const W0t = tf.transpose(p.W0) as tf.Tensor2D;
  const dXA = tf.matMul(b.X, tf.transpose(tf.sub(p.A, p.A0))) as tf.Tensor2D;
  const tangents: tf.Tensor2D[] = [];
  let hDot: tf.Tensor2D | null = null;
  for (let l = 0; l < L; l++) {
    let gDot = tf.slice(dXA, [l * b.batch, 0], [b.batch, -1]) as tf.Tensor2D;
    if (l > 0) {
      gDot = tf.add(gDot, tf.matMul(H0[l - 1] as tf.Tensor2D, dWt));
      gDot = tf.add(gDot, tf.matMul(hDot as tf.Tensor2D, W0t));
    }
    hDot = tf.mul(gDot, tf.step(H0[l] as tf.Tensor2D)) as tf.Tensor2D;
    tangents.push(hDot);
  }
  const hDotAll = tf.concat(tangents, 0) as tf.Tensor2D;
  const H0all = tf.concat(H0, 0) as tf.Tensor2D;
  const FDot = tf.mul(
    tf.add(tf.matMul(hDotAll, tf.transpose(p.B0)), tf.matMul(H0all, tf.transpose(tf.sub(p.B, p.B0)))),
    p.lambda,
  ) as tf.Tensor2D;
  return { F0, Flin: tf.add(F0, FDot) as tf.Tensor2D };
}

/**
 * First position (0-based) whose ReLU pattern can differ from W_0's: h_1 = ReLU(A x_1) moves only when A
 * trains, so with W alone position 1 is left out of the flip count.
 */
export function flipsFrom(trainable: TrainableSet, L: number): number {
  return trainable === 'W' && L >= 2 ? 1 : 0;
}

/** Largest singular value of M by power iteration from v (a [n, 1] start vector). */
function spectralNorm(M: tf.Tensor2D, v: tf.Tensor2D): tf.Scalar {
  const Mt = tf.transpose(M) as tf.Tensor2D;
  let x = v;
  for (let k = 0; k < POWER_ITERATIONS; k++) {
    const y = tf.matMul(Mt, tf.matMul(M, x));
    x = tf.div(y, tf.add(tf.norm(y), 1e-30)) as tf.Tensor2D;
  }
  return tf.norm(tf.matMul(M, x)) as tf.Scalar;
}

/**
 * Computes the lazy metrics on one test batch (the run passes its first test chunk: TEST_CHUNK sequences). `startVector` ([m, 1], fixed per run) seeds power iteration.
 */
export async function lazyMetrics(
  p: StudentParams,
  b: BatchTensors,
  L: number,
  startVector: tf.Tensor2D,
): Promise<LazyMetrics> {
  const packed = tf.tidy(() => {
    const dW = tf.sub(p.W, p.W0) as tf.Tensor2D;
    const frob = tf.div(tf.norm(dW), tf.norm(p.W0));
    const spec = tf.mul(spectralNorm(dW, startVector), Math.sqrt(p.m));
    const { H, F } = forward(currentWeights(p), b.X, L, b.batch);
    const { H: H0 } = forward(initialWeights(p), b.X, L, b.batch);
    const from = flipsFrom(p.trainable, L);
    const flips = tf.mean(
      tf.abs(tf.sub(tf.step(tf.concat(H.slice(from), 0)), tf.step(tf.concat(H0.slice(from), 0)))),
    );
    const { F0, Flin } = linearizedOutputs(p, b, L);
    const num = tf.norm(tf.mul(tf.sub(F, Flin), b.rowMask));
    const den = tf.norm(tf.mul(tf.sub(F, F0), b.rowMask));
    return tf.stack([frob, spec, flips, num, den]);
  });
  const v = await packed.data();
  packed.dispose();
  const [frob, spec, flips, num, den] = Array.from(v);
  return {
    weightMovementFrobenius: frob as number,
    weightMovementSpectral: spec as number,
    patternFlips: flips as number,
    linearizationGap: (den as number) > 0 ? (num as number) / (den as number) : Number.NaN,
  };
}
