/**
 * Step through a sequence (issue 17, part 3): the trace of one probe sequence on the current weights, one
 * entry per position l = 1..L — the token x*_l arriving, h_l projected on the hidden-state chart's principal
 * components, the output F_l, the target y_l (only for l in J) and the influence row for l (student
 * ‖∂F_l/∂x*_i‖ beside the teacher's, for 2 ≤ i < l).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Config } from './config';
import type { Batch } from './data';
import { forward, type ForwardWeights } from './engine';
import { influenceMaps, type InfluenceMaps } from './influence';
import type { Teacher } from './teacher';
import { project, type PcaBasis } from './trajectories';

export interface TraceInfluence {
  /** Earlier input position, 2 ≤ i < l (position 1 is the start token, not an input). */
  i: number;
  student: number;
  teacher: number;
}

export interface TraceStep {
  /** Position, 1-based. */
  l: number;
  /** x*_l, length d_in; null at l = 1, where the start token arrives. */
  token: number[] | null;
  /** h_l on the principal components, length k. */
  hidden: number[];
  /** F_l, length d. */
  output: number[];
  /** y_l, length d, for l in J; null elsewhere ("no target at l"). */
  target: number[] | null;
  influence: TraceInfluence[];
}

export interface SequenceTrace {
  L: number;
  steps: TraceStep[];
}

export interface TraceParts {
  L: number;
  dIn: number;
  d: number;
  /** Target positions J (1-based). */
  targets: readonly number[];
  /** Raw tokens of the sequence, [L, d_in]. */
  tokens: ArrayLike<number>;
  /** Projected hidden states, [L, k]. */
  hidden: ArrayLike<number>;
  k: number;
  /** Outputs, [L, d]. */
  outputs: ArrayLike<number>;
  /** Targets as stored in the batch, [L, d] (zero rows outside J). */
  labels: ArrayLike<number>;
  /** Influence maps of this sequence alone ([L, L], entry (i-1)*L + (l-1)). */
  influence: Pick<InfluenceMaps, 'student' | 'teacher'>;
}

const slice = (a: ArrayLike<number>, from: number, n: number): number[] =>
  Array.from({ length: n }, (_, t) => a[from + t] as number);

/** Assembles the per-position trace from host arrays (pure; the tensor part is in traceSequence). */
export function assembleTrace(p: TraceParts): SequenceTrace {
  const inJ = new Set(p.targets);
  const steps: TraceStep[] = [];
  for (let l = 1; l <= p.L; l++) {
    const influence: TraceInfluence[] = [];
    for (let i = 2; i < l; i++) {
      const at = (i - 1) * p.L + (l - 1);
      influence.push({ i, student: p.influence.student[at] as number, teacher: p.influence.teacher[at] as number });
    }
    steps.push({
      l,
      token: l === 1 ? null : slice(p.tokens, (l - 1) * p.dIn, p.dIn),
      hidden: slice(p.hidden, (l - 1) * p.k, p.k),
      output: slice(p.outputs, (l - 1) * p.d, p.d),
      target: inJ.has(l) ? slice(p.labels, (l - 1) * p.d, p.d) : null,
      influence,
    });
  }
  return { L: p.L, steps };
}

/** Sequence q of a host batch as a batch of one (rows position-major). */
export function sequenceOf(batch: Batch, q: number, config: Pick<Config, 'L' | 'dIn' | 'd'>): Batch {
  const { L, dIn, d } = config;
  const dx = dIn + 1;
  const X = new Float32Array(L * dx);
  const Y = new Float32Array(L * d);
  for (let l = 0; l < L; l++) {
    X.set(batch.X.subarray((l * batch.size + q) * dx, (l * batch.size + q + 1) * dx), l * dx);
    Y.set(batch.Y.subarray((l * batch.size + q) * d, (l * batch.size + q + 1) * d), l * d);
  }
  return { size: 1, X, Y, tokens: batch.tokens.slice(q * L * dIn, (q + 1) * L * dIn) };
}

/**
 * The trace of probe sequence q on weights w, with h_l projected on `basis` (the hidden-state chart's). Every
 * tensor is freed before it returns.
 */
export async function traceSequence(
  config: Config,
  teacher: Teacher,
  w: ForwardWeights,
  probeBatch: Batch,
  q: number,
  basis: PcaBasis,
): Promise<SequenceTrace> {
  const { L, dIn, d } = config;
  const one = sequenceOf(probeBatch, q, config);
  const [Hall, F] = tf.tidy(() => {
    const r = forward(w, tf.tensor2d(one.X, [L, dIn + 1]), L, 1);
    return [r.Hall, r.F];
  });
  const [H, out] = await Promise.all([Hall.data(), F.data()]);
  Hall.dispose();
  F.dispose();
  const influence = await influenceMaps(config, teacher, w, one);
  return assembleTrace({
    L,
    dIn,
    d,
    targets: teacher.targets,
    tokens: one.tokens,
    hidden: project(H as Float32Array, L, basis),
    k: basis.k,
    outputs: out as Float32Array,
    labels: one.Y,
    influence,
  });
}
