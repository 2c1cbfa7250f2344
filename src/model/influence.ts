/**
 * Influence maps (SPEC §6): for each input token i and output token j, the mean over probe sequences of
 * ‖∂F_j/∂x*_i‖ (Frobenius norm of the d × d_in Jacobian), for the student and the teacher. This is the
 * paper's question made visible: which input token feeds which output token.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Config } from './config';
import type { Batch } from './data';
import { backward, forward, type ForwardWeights } from './engine';
import { accumulateTeacherInfluence, type Teacher } from './teacher';

export interface InfluenceMaps {
  L: number;
  /** Row-major [L, L]: entry (i-1)*L + (j-1) is the influence of input position i on output position j. */
  student: Float64Array;
  teacher: Float64Array;
  probes: number;
}

/** Rows of the expanded batch (one per probe, target and output coordinate) are capped to bound the cost. */
export const INFLUENCE_MAX_ROWS = 512;

export function influenceProbeCount(
  config: Pick<Config, 'd'>,
  targetCount: number,
  available: number,
): number {
  return Math.max(1, Math.min(available, Math.floor(INFLUENCE_MAX_ROWS / (targetCount * config.d))));
}

/**
 * Computes both maps on the first `probes` sequences of `probeBatch` (a host batch of position-major rows).
 * One backward pass over an expanded batch gives every ∂F_j,s/∂x_i at once.
 */
export async function influenceMaps(
  config: Config,
  teacher: Teacher,
  w: ForwardWeights,
  probeBatch: Batch,
): Promise<InfluenceMaps> {
  const { L, d, dIn } = config;
  const dx = dIn + 1;
  const J = teacher.targets;
  const nP = influenceProbeCount(config, J.length, probeBatch.size);
  const rows = nP * J.length * d; // row r = ((q * |J|) + jIdx) * d + s
  const X = new Float32Array(L * rows * dx);
  const E = new Float32Array(L * rows * d);
  for (let q = 0; q < nP; q++) {
    for (let jIdx = 0; jIdx < J.length; jIdx++) {
      const j = J[jIdx] as number;
      for (let s = 0; s < d; s++) {
        const r = (q * J.length + jIdx) * d + s;
        for (let l = 0; l < L; l++) {
          const src = (l * probeBatch.size + q) * dx;
          X.set(probeBatch.X.subarray(src, src + dx), (l * rows + r) * dx);
        }
        E[((j - 1) * rows + r) * d + s] = 1;
      }
    }
  }
  const dXt = tf.tidy(() => {
    const Xt = tf.tensor2d(X, [L * rows, dx]);
    const { H } = forward(w, Xt, L, rows);
    const delta = backward(w, H, tf.tensor2d(E, [L * rows, d]), L, rows);
    return tf.matMul(delta, w.A); // ∂F/∂x_l per row, [L*rows, d_x]
  });
  const grad = (await dXt.data()) as Float32Array;
  dXt.dispose();

  const student = new Float64Array(L * L);
  for (let q = 0; q < nP; q++) {
    for (let jIdx = 0; jIdx < J.length; jIdx++) {
      const j = J[jIdx] as number;
      for (let i = 2; i <= L; i++) {
        let n2 = 0;
        for (let s = 0; s < d; s++) {
          const r = (q * J.length + jIdx) * d + s;
          const base = ((i - 1) * rows + r) * dx;
          for (let t = 0; t < dIn; t++) n2 += ((grad[base + t] as number) * config.epsx) ** 2;
        }
        student[(i - 1) * L + (j - 1)] = (student[(i - 1) * L + (j - 1)] as number) + Math.sqrt(n2) / nP;
      }
    }
  }
  const teacherMap = new Float64Array(L * L);
  for (let q = 0; q < nP; q++) {
    accumulateTeacherInfluence(
      teacher,
      probeBatch.tokens.subarray(q * L * dIn, (q + 1) * L * dIn),
      teacherMap,
    );
  }
  for (let k = 0; k < teacherMap.length; k++) teacherMap[k] = (teacherMap[k] as number) / nP;
  return { L, student, teacher: teacherMap, probes: nP };
}
