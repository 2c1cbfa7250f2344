/**
 * An independent float64 reference of the student (SPEC §5), written in plain loops from the spec and
 * not from src/model/engine.ts: h_0 = 0, h_l = ReLU(W h_{l-1} + A x_l), F_l = λ·B·h_l, and the loss
 * "mean over j in J and s of G(F − y), averaged over the batch". Tests compare the tfjs engine against it
 * and take central finite differences of it.
 */
import type { LossKind } from '../../src/model/config';
import type { Batch } from '../../src/model/data';
import type { StudentWeights } from '../../src/model/student';

/** Student weights in float64; W [m, m], A [m, d_x], B [d, m], row-major. */
export interface RefStudent {
  m: number;
  dx: number;
  d: number;
  lambda: number;
  W: Float64Array;
  A: Float64Array;
  B: Float64Array;
}

export function toRefStudent(w: StudentWeights, lambda: number): RefStudent {
  return {
    m: w.m,
    dx: w.dx,
    d: w.d,
    lambda,
    W: Float64Array.from(w.W),
    A: Float64Array.from(w.A),
    B: Float64Array.from(w.B),
  };
}

/** One sequence for the reference: inputs x_1..x_L ([L, d_x]) and targets y_1..y_L ([L, d]). */
export interface RefSequence {
  x: Float64Array;
  y: Float64Array;
}

/**
 * Builds the student inputs of SPEC §3 from a batch's raw tokens (x_1 = e_{d_x}, x_i = (ε_x·x*_i, 0)) and
 * takes the targets from its position-major Y.
 */
export function refSequences(batch: Batch, L: number, dIn: number, d: number, epsx: number): RefSequence[] {
  const dx = dIn + 1;
  const out: RefSequence[] = [];
  for (let b = 0; b < batch.size; b++) {
    const x = new Float64Array(L * dx);
    x[dx - 1] = 1;
    for (let i = 2; i <= L; i++)
      for (let t = 0; t < dIn; t++)
        x[(i - 1) * dx + t] = epsx * (batch.tokens[(b * L + i - 1) * dIn + t] as number);
    const y = new Float64Array(L * d);
    for (let l = 1; l <= L; l++)
      for (let s = 0; s < d; s++) y[(l - 1) * d + s] = batch.Y[((l - 1) * batch.size + b) * d + s] as number;
    out.push({ x, y });
  }
  return out;
}

/** Pre-activations g_l, hidden states h_l (both [L, m]) and outputs F_l ([L, d]) of one sequence. */
export interface RefTrace {
  g: Float64Array;
  h: Float64Array;
  F: Float64Array;
}

export function refForward(s: RefStudent, x: Float64Array, L: number): RefTrace {
  const { m, dx, d } = s;
  const g = new Float64Array(L * m);
  const h = new Float64Array(L * m);
  const F = new Float64Array(L * d);
  for (let l = 0; l < L; l++) {
    for (let i = 0; i < m; i++) {
      let v = 0;
      if (l > 0) for (let k = 0; k < m; k++) v += (s.W[i * m + k] as number) * (h[(l - 1) * m + k] as number);
      for (let k = 0; k < dx; k++) v += (s.A[i * dx + k] as number) * (x[l * dx + k] as number);
      g[l * m + i] = v;
      h[l * m + i] = Math.max(0, v);
    }
    for (let c = 0; c < d; c++) {
      let v = 0;
      for (let i = 0; i < m; i++) v += (s.B[c * m + i] as number) * (h[l * m + i] as number);
      F[l * d + c] = s.lambda * v;
    }
  }
  return { g, h, F };
}

/** G(r): squared r², absolute |r|, Huber with δ = 1 (r²/2 inside, |r| − 1/2 outside). */
export function refG(kind: LossKind, r: number): number {
  if (kind === 'sq') return r * r;
  if (kind === 'abs') return Math.abs(r);
  return Math.abs(r) <= 1 ? 0.5 * r * r : Math.abs(r) - 0.5;
}

/** All residuals F_j,s − y_j,s for j in J, over the batch. */
export function refResiduals(s: RefStudent, seqs: RefSequence[], L: number, J: number[]): number[] {
  const out: number[] = [];
  for (const q of seqs) {
    const { F } = refForward(s, q.x, L);
    for (const j of J)
      for (let c = 0; c < s.d; c++)
        out.push((F[(j - 1) * s.d + c] as number) - (q.y[(j - 1) * s.d + c] as number));
  }
  return out;
}

/** Loss of SPEC §5: per sequence the mean over j in J and s of G(F − y), then the mean over the batch. */
export function refLoss(s: RefStudent, seqs: RefSequence[], L: number, J: number[], kind: LossKind): number {
  let total = 0;
  for (const q of seqs) {
    const { F } = refForward(s, q.x, L);
    let seqSum = 0;
    for (const j of J)
      for (let c = 0; c < s.d; c++)
        seqSum += refG(kind, (F[(j - 1) * s.d + c] as number) - (q.y[(j - 1) * s.d + c] as number));
    total += seqSum / (J.length * s.d);
  }
  return total / seqs.length;
}

/** Central difference of f with respect to every entry of arr (perturbed in place and restored). */
export function centralDifferences(f: () => number, arr: Float64Array, step: number): Float64Array {
  const out = new Float64Array(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const keep = arr[i] as number;
    arr[i] = keep + step;
    const up = f();
    arr[i] = keep - step;
    const down = f();
    arr[i] = keep;
    out[i] = (up - down) / (2 * step);
  }
  return out;
}

/** Smallest |g_l,i| over every sequence, position and unit: the distance to the nearest ReLU kink. */
export function minAbsPreactivation(s: RefStudent, seqs: RefSequence[], L: number): number {
  let min = Infinity;
  for (const q of seqs) for (const v of refForward(s, q.x, L).g) min = Math.min(min, Math.abs(v));
  return min;
}
