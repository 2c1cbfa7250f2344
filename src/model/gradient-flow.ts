/**
 * Gradients through time (issue 17): how strongly an error at the last output reaches back along the
 * sequence. For each probe sequence, a unit error e at the output F_L (‖e‖ = 1, equal in every output
 * coordinate) is backpropagated through the recurrence; δ_l = ∂(e·F_L)/∂g_l is the signal it leaves at the
 * pre-activation g_l of position l. The measurement is ‖δ_l‖ for l = 1..L, the mean over the probe batch.
 * It follows the weights only (no target, no residual), so it compares across training, widths and η: at
 * the random start of a wide network the theory expects it to neither explode nor vanish along l.
 */
import * as tf from '@tensorflow/tfjs-core';
import { backward, forward, type BatchTensors, type ForwardWeights } from './engine';

export interface GradientFlow {
  L: number;
  /** Probe sequences the mean is over. */
  probes: number;
  /** ‖δ_l‖ for l = 1..L (index l − 1), the mean over the probes. */
  norms: Float64Array;
}

/** ‖δ_l‖ by position for the weights `w` on the probe batch. */
export async function gradientFlow(
  w: ForwardWeights,
  probes: Pick<BatchTensors, 'X' | 'batch'>,
  L: number,
): Promise<GradientFlow> {
  const P = probes.batch;
  const d = w.B.shape[0];
  // E is zero except at position L (rows (L−1)·P .. L·P − 1), where each row is e = (1, …, 1)/√d.
  const E = new Float32Array(L * P * d);
  E.fill(1 / Math.sqrt(d), (L - 1) * P * d);
  const norms2 = tf.tidy(() => {
    const { H } = forward(w, probes.X, L, P);
    const delta = backward(w, H, tf.tensor2d(E, [L * P, d]), L, P); // [L*P, m]
    return tf.sum(tf.square(delta), 1); // ‖δ_l‖² per row, [L*P]
  });
  const sq = (await norms2.data()) as Float32Array;
  norms2.dispose();
  const norms = new Float64Array(L);
  for (let l = 0; l < L; l++) {
    let sum = 0;
    for (let q = 0; q < P; q++) sum += Math.sqrt(sq[l * P + q] as number);
    norms[l] = sum / P;
  }
  return { L, probes: P, norms };
}
