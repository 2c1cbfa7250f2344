/**
 * The reference predictors of SPEC §6, on the run's own test set and normalized as testError: `zero` (1.0 by
 * definition), `constant` (the best constant per position and output coordinate) and `linear` (the best
 * affine map of the tokens each output reads). A run whose constant or linear baseline already reaches ε is
 * `trivial`: reaching ε then shows nothing beyond that baseline.
 *
 * Both baselines are exact population optima, computed in closed form rather than fitted. The tokens x*_i are
 * independent, mean zero, with covariance I/d_in, so the least-squares coefficients of y_j on its window are
 * β_i = d_in·E[x_i·y_j]. Every teacher unit reads its tokens only through u = Σ_q <w_q, x*_q>/sqrt(k)
 * (k = 1 for the additive class), and E[x_q·Φ(R·u)] points along w_q, so the best affine map replaces each
 * Φ(R·u) by α_k + β_k·u with α_k = E[Φ(R·U_k)] and β_k = d_in·E[U_k·Φ(R·U_k)], where U_k is a sum of k
 * independent coordinates of uniform points on the sphere, over sqrt(k). Only these one-dimensional
 * expectations are numerical (quadrature for k = 1, an exact convolution on a grid for k > 1), so the cost is
 * one pass of the teacher over the test set, whatever L and d_in are.
 *
 * A formula teacher has no units to replace. The same identities give its best affine map, intercept E[y_j]
 * and slopes d_in·E[x_i·y_j], but the expectations are estimated: means over FORMULA_FIT_SEQUENCES sequences of
 * their own stream (never the test set). The estimate is unbiased, and its error only adds to the baseline's,
 * by about (d_in·|I_j| + 1)/FORMULA_FIT_SEQUENCES of the error (under 0.1% for a few tokens at d_in ≤ 8).
 */
import { ACTIVATION_FNS } from './activations';
import type { Sequence } from './data';
import { Rng } from './rng';
import {
  evaluateTeacher,
  outputScale,
  type AffineMap,
  type AffineTeacher,
  type Teacher,
  type UnitLine,
} from './teacher';

/** Sequences a formula teacher's affine map is estimated on (stream `baselineFit`). */
export const FORMULA_FIT_SEQUENCES = 16_384;

/** The formula teacher's best affine map, from means over its own sequences (see the header). */
export function formulaAffineMap(teacher: Teacher, seed: number): AffineMap {
  const { L, d, dIn } = teacher;
  const intercept = new Float64Array(L * d);
  const slopes: Float64Array[] = [];
  for (let j = 1; j <= L; j++) {
    const k = teacher.targets.includes(j) ? (teacher.windowOf[j] as number[]).length : 0;
    slopes.push(new Float64Array(d * k * dIn));
  }
  const tokens = new Float64Array(L * dIn);
  const tmp = new Float64Array(dIn);
  const y = new Float64Array(L * d);
  const n = FORMULA_FIT_SEQUENCES;
  for (let q = 0; q < n; q++) {
    const rng = Rng.of(seed, 'baselineFit', q);
    for (let i = 2; i <= L; i++) {
      rng.unitVector(tmp, 0, dIn);
      tokens.set(tmp, (i - 1) * dIn);
    }
    evaluateTeacher(teacher, tokens, y);
    for (const j of teacher.targets) {
      const reads = teacher.windowOf[j] as number[];
      const slope = slopes[j - 1] as Float64Array;
      for (let s = 0; s < d; s++) {
        const v = y[(j - 1) * d + s] as number;
        intercept[(j - 1) * d + s] = (intercept[(j - 1) * d + s] as number) + v / n;
        reads.forEach((i, r) => {
          const b0 = (s * reads.length + r) * dIn;
          for (let t = 0; t < dIn; t++)
            slope[b0 + t] = (slope[b0 + t] as number) + (dIn * v * (tokens[(i - 1) * dIn + t] as number)) / n;
        });
      }
    }
  }
  return { intercept, slopes };
}

export interface BaselineErrors {
  constant: number;
  linear: number;
}

export interface Baselines extends BaselineErrors {
  /** The zero predictor's normalized error, 1 by the definition of testError. */
  zero: 1;
  /** The same per output position j in J (ascending, as testErrorByPosition). */
  byPosition: { positions: number[]; constant: number[]; linear: number[] };
}

/** Nodes of a coordinate t of a uniform point on S^{d-1}: density ∝ (1 − t²)^{(d−3)/2} on [−1, 1]. */
function sphereCoordinate(dIn: number, n = 2048): { t: Float64Array; w: Float64Array } {
  if (dIn === 1) return { t: Float64Array.of(-1, 1), w: Float64Array.of(0.5, 0.5) };
  // t = cos θ with θ ∝ sin^{d−2} θ on (0, π); the midpoint rule is spectrally accurate for smooth periodic
  // integrands (and second order where sin^{d−2} has a kink at the ends, d odd).
  const t = new Float64Array(n);
  const w = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const theta = ((i + 0.5) * Math.PI) / n;
    t[i] = Math.cos(theta);
    w[i] = Math.sin(theta) ** (dIn - 2);
    total += w[i] as number;
  }
  for (let i = 0; i < n; i++) w[i] = (w[i] as number) / total;
  return { t, w };
}

/** Grid points per unit for sums of coordinates: at least 4 per standard deviation (1/sqrt(d_in)). */
function gridResolution(dIn: number): number {
  return Math.max(16, 4 * Math.ceil(Math.sqrt(dIn)));
}

/**
 * The coordinate's distribution on the grid t = i/M, i = −M..M, by linear binning (mean kept), then the grid's
 * spacing stretched by `stretch` so the variance is exactly 1/d_in again. Sums of binned coordinates stay on
 * the grid, so their distributions follow by exact convolution.
 */
function binnedCoordinate(dIn: number): { pmf: Float64Array; spacing: number } {
  const M = gridResolution(dIn);
  const { t, w } = sphereCoordinate(dIn);
  const pmf = new Float64Array(2 * M + 1);
  for (let i = 0; i < t.length; i++) {
    const x = ((t[i] as number) + 1) * M;
    const lo = Math.min(2 * M - 1, Math.floor(x));
    const frac = x - lo;
    pmf[lo] = (pmf[lo] as number) + (w[i] as number) * (1 - frac);
    pmf[lo + 1] = (pmf[lo + 1] as number) + (w[i] as number) * frac;
  }
  let variance = 0;
  for (let i = 0; i <= 2 * M; i++) variance += (pmf[i] as number) * ((i - M) / M) ** 2;
  const stretch = Math.sqrt(1 / dIn / variance);
  return { pmf, spacing: stretch / M };
}

/** Convolution of two probability mass functions on the same grid. */
function convolve(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length - 1);
  for (let i = 0; i < a.length; i++) {
    const ai = a[i] as number;
    if (ai === 0) continue;
    for (let j = 0; j < b.length; j++) out[i + j] = (out[i + j] as number) + ai * (b[j] as number);
  }
  return out;
}

/**
 * The best affine approximation α_k + β_k·u of Φ(R·u) for each term size k in `sizes`, where u is
 * distributed as U_k (see the header).
 */
export function unitLines(
  activation: Teacher['activation'],
  R: number,
  dIn: number,
  sizes: Iterable<number>,
): Map<number, UnitLine> {
  const phi = ACTIVATION_FNS[activation].f;
  const wanted = [...new Set(sizes)].sort((x, y) => x - y);
  const lines = new Map<number, UnitLine>();
  const lineOf = (values: Float64Array, weights: Float64Array, scale: number): UnitLine => {
    let mean = 0;
    let cross = 0;
    for (let i = 0; i < values.length; i++) {
      const u = (values[i] as number) * scale;
      const f = phi(R * u);
      mean += (weights[i] as number) * f;
      cross += (weights[i] as number) * u * f;
    }
    return { intercept: mean, slope: cross * dIn };
  };
  if (wanted[0] === 1) {
    const { t, w } = sphereCoordinate(dIn);
    lines.set(1, lineOf(t, w, 1));
  }
  const larger = wanted.filter((k) => k > 1);
  if (larger.length === 0) return lines;
  const { pmf, spacing } = binnedCoordinate(dIn);
  const M = (pmf.length - 1) / 2;
  let sum = pmf;
  let k = 1;
  for (const target of larger) {
    while (k < target) {
      sum = convolve(sum, pmf);
      k += 1;
    }
    // Point i of the k-fold sum sits at (i − k·M)·spacing.
    const values = new Float64Array(sum.length);
    for (let i = 0; i < sum.length; i++) values[i] = (i - k * M) * spacing;
    lines.set(k, lineOf(values, sum, 1 / Math.sqrt(k)));
  }
  return lines;
}

/**
 * Sums the two baselines' squared errors over a test set as its sequences are drawn. `affine` goes to
 * makeSequence (evaluateTeacher fills it beside the targets); `add` then scores that sequence's targets.
 */
export class BaselineAccumulator {
  readonly affine: AffineTeacher;
  private readonly constant: Float64Array;
  private readonly errConstant: Float64Array;
  private readonly errLinear: Float64Array;
  private readonly square: Float64Array;

  /** `seed`: the run's; a formula teacher's affine map is estimated on sequences drawn from it. */
  constructor(
    private readonly teacher: Teacher,
    seed: number,
  ) {
    const { L, d } = teacher;
    if (teacher.formula) {
      const map = formulaAffineMap(teacher, seed);
      this.affine = { lines: new Map(), out: new Float64Array(L * d), map };
      this.constant = map.intercept;
    } else {
      const lines = unitLines(
        teacher.activation,
        teacher.scale,
        teacher.dIn,
        teacher.terms.map((t) => t.from.length),
      );
      this.affine = { lines, out: new Float64Array(L * d) };
      this.constant = constantPrediction(teacher, lines);
    }
    this.errConstant = new Float64Array(L);
    this.errLinear = new Float64Array(L);
    this.square = new Float64Array(L);
  }

  /** Scores one sequence: its targets (shape [L, d], label noise included), after makeSequence filled affine. */
  add(targets: Float32Array): void {
    const { d } = this.teacher;
    const linear = this.affine.out;
    for (const j of this.teacher.targets) {
      for (let s = 0; s < d; s++) {
        const o = (j - 1) * d + s;
        const y = targets[o] as number;
        this.errConstant[j - 1] =
          (this.errConstant[j - 1] as number) + ((this.constant[o] as number) - y) ** 2;
        this.errLinear[j - 1] = (this.errLinear[j - 1] as number) + ((linear[o] as number) - y) ** 2;
        this.square[j - 1] = (this.square[j - 1] as number) + y * y;
      }
    }
  }

  /** Normalized errors, overall and per position, of everything added so far. */
  result(): Baselines {
    let ec = 0;
    let el = 0;
    let sq = 0;
    const positions = this.teacher.targets.slice();
    const byPosition = { positions, constant: [] as number[], linear: [] as number[] };
    for (const j of positions) {
      const s = this.square[j - 1] as number;
      ec += this.errConstant[j - 1] as number;
      el += this.errLinear[j - 1] as number;
      sq += s;
      byPosition.constant.push(s > 0 ? (this.errConstant[j - 1] as number) / s : Number.NaN);
      byPosition.linear.push(s > 0 ? (this.errLinear[j - 1] as number) / s : Number.NaN);
    }
    return {
      zero: 1,
      constant: sq > 0 ? ec / sq : Number.NaN,
      linear: sq > 0 ? el / sq : Number.NaN,
      byPosition,
    };
  }
}

/** The best constant per position and output coordinate, E[y_j,s] (shape [L, d]). */
function constantPrediction(teacher: Teacher, lines: ReadonlyMap<number, UnitLine>): Float64Array {
  const { L, d, p } = teacher;
  const out = new Float64Array(L * d);
  for (const term of teacher.terms) {
    const k = term.from.length;
    const winSize = teacher.concept === 'additive' ? (teacher.windowOf[term.to] as number[]).length : k;
    const c = outputScale(teacher, winSize);
    const { intercept } = lines.get(k) as UnitLine;
    for (let s = 0; s < d; s++) {
      let sum = 0;
      for (let r = 0; r < p; r++) sum += (term.a[s * p + r] as number) * intercept;
      out[(term.to - 1) * d + s] = (out[(term.to - 1) * d + s] as number) + c * sum;
    }
  }
  return out;
}

/**
 * The baselines on given sequences (raw tokens and targets, as makeSequence returns them). The run computes
 * its own while it draws the test set (testset.ts); this is for files and tests.
 */
export function computeBaselines(teacher: Teacher, sequences: Iterable<Sequence>, seed = 1): Baselines {
  const acc = new BaselineAccumulator(teacher, seed);
  const scratch = new Float64Array(teacher.L * teacher.d);
  for (const seq of sequences) {
    evaluateTeacher(teacher, seq.tokens, scratch, acc.affine);
    acc.add(seq.targets);
  }
  return acc.result();
}

/** True when a baseline already reaches ε: then reaching ε shows nothing beyond that baseline (SPEC §6). */
export function isTrivial(b: BaselineErrors, eps: number): boolean {
  return b.constant <= eps || b.linear <= eps;
}
