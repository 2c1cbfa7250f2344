/**
 * The student (SPEC §5): an Elman ReLU RNN h_l = ReLU(W h_{l-1} + A x_l), F_l = λ·B·h_l, with the paper's
 * initialisation W, A ~ N(0, 2/m), B ~ N(0, 1/d), no biases. Initial weights are drawn on the CPU from the
 * init stream, so they are bit-identical on every backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Config, TrainableSet } from './config';
import { Rng } from './rng';

/** Initial weights as host arrays (row-major; W is [m, m] with g = W·h, A is [m, d_x], B is [d, m]). */
export interface StudentWeights {
  m: number;
  dx: number;
  d: number;
  W: Float32Array;
  A: Float32Array;
  B: Float32Array;
}

export function initStudentWeights(config: Config): StudentWeights {
  const { m, d } = config;
  const dx = config.dIn + 1;
  const rng = Rng.of(config.seed, 'init');
  const W = new Float32Array(m * m);
  const A = new Float32Array(m * dx);
  const B = new Float32Array(d * m);
  rng.fillNormal(W, Math.sqrt(2 / m));
  rng.fillNormal(A, Math.sqrt(2 / m));
  rng.fillNormal(B, Math.sqrt(1 / d));
  return { m, dx, d, W, A, B };
}

/** The student's tensors: current weights (variables) and the initial weights (kept for the lazy metrics). */
export interface StudentParams {
  m: number;
  dx: number;
  d: number;
  lambda: number;
  trainable: TrainableSet;
  W: tf.Variable<tf.Rank.R2>;
  A: tf.Variable<tf.Rank.R2>;
  B: tf.Variable<tf.Rank.R2>;
  W0: tf.Tensor2D;
  A0: tf.Tensor2D;
  B0: tf.Tensor2D;
}

/** A variable from host values; tidy frees the temporary tensor the variable copies. */
function variable2d(values: Float32Array, shape: [number, number]): tf.Variable<tf.Rank.R2> {
  return tf.tidy(() =>
    tf.variable(tf.tensor2d(values, shape), false, undefined, 'float32'),
  ) as tf.Variable<tf.Rank.R2>;
}

export function createStudentParams(
  weights: StudentWeights,
  lambda: number,
  trainable: TrainableSet,
  initial: StudentWeights = weights,
): StudentParams {
  const { m, dx, d } = weights;
  return {
    m,
    dx,
    d,
    lambda,
    trainable,
    W: variable2d(weights.W, [m, m]),
    A: variable2d(weights.A, [m, dx]),
    B: variable2d(weights.B, [d, m]),
    W0: tf.keep(tf.tensor2d(initial.W, [m, m])),
    A0: tf.keep(tf.tensor2d(initial.A, [m, dx])),
    B0: tf.keep(tf.tensor2d(initial.B, [d, m])),
  };
}

export function disposeStudentParams(p: StudentParams): void {
  tf.dispose([p.W, p.A, p.B, p.W0, p.A0, p.B0]);
}

/** Reads the current and initial weights back to host arrays. */
export async function readStudentWeights(
  p: StudentParams,
): Promise<{ current: StudentWeights; initial: StudentWeights }> {
  const [W, A, B, W0, A0, B0] = await Promise.all(
    [p.W, p.A, p.B, p.W0, p.A0, p.B0].map((t) => t.data() as Promise<Float32Array>),
  );
  const base = { m: p.m, dx: p.dx, d: p.d };
  return {
    current: { ...base, W: W as Float32Array, A: A as Float32Array, B: B as Float32Array },
    initial: { ...base, W: W0 as Float32Array, A: A0 as Float32Array, B: B0 as Float32Array },
  };
}
