/**
 * The teacher concept (SPEC §4): additive (a sum over earlier tokens of two-layer networks, the paper's class)
 * or joint (one two-layer network over the whole window). Weights are drawn from the teacher stream, stored as
 * float32 (so a checkpoint reproduces them exactly) and evaluated in float64.
 */
import { ACTIVATION_FNS } from './activations';
import type { Activation, Concept, Config } from './config';
import { Rng } from './rng';

/** One teacher network: additive terms read one token (`from` is a position), joint terms read a window. */
export interface TeacherTerm {
  /** 1-based input position(s) read. */
  from: number[];
  /** 1-based output position. */
  to: number;
  /** Output weights a, shape [d, p]. */
  a: Float32Array;
  /** Input directions w (unit vectors), shape [d, p, from.length, d_in]. */
  w: Float32Array;
}

export interface Teacher {
  concept: Concept;
  activation: Activation;
  dIn: number;
  d: number;
  p: number;
  L: number;
  /** Window K (0 = all earlier tokens). */
  window: number;
  normalize: boolean;
  /** R: every unit computes Φ(R·<w, x*>) (joint: Φ(R·Σ<w_i, x*_i>/sqrt(|I_j|))). */
  scale: number;
  /** Output positions with a target, ascending, 1-based (the set J). */
  targets: number[];
  /** windowOf[j] = the input positions read by output j (1-based; empty for j not in J). */
  windowOf: number[][];
  terms: TeacherTerm[];
}

/** I_j: the tokens i with max(2, j-K) <= i <= j-1 (K = 0: all of 2..j-1). */
export function windowFor(j: number, K: number): number[] {
  const lo = K === 0 ? 2 : Math.max(2, j - K);
  const out: number[] = [];
  for (let i = lo; i <= j - 1; i++) out.push(i);
  return out;
}

export function targetPositions(L: number, K: number): number[] {
  const out: number[] = [];
  for (let j = 1; j <= L; j++) if (windowFor(j, K).length > 0) out.push(j);
  return out;
}

/** The factor on a unit's summed projections: R, and for the joint class R/sqrt(|I_j|) (SPEC §4). */
export function argumentScale(teacher: Pick<Teacher, 'concept' | 'scale'>, termSize: number): number {
  return teacher.concept === 'joint' ? teacher.scale / Math.sqrt(termSize) : teacher.scale;
}

/** c_j of SPEC §4. */
export function outputScale(
  teacher: Pick<Teacher, 'concept' | 'normalize' | 'p'>,
  windowSize: number,
): number {
  if (teacher.concept === 'joint') return 1 / Math.sqrt(teacher.p);
  return teacher.normalize ? 1 / Math.sqrt(teacher.p * windowSize) : 1;
}

function drawTerm(rng: Rng, from: number[], to: number, d: number, p: number, dIn: number): TeacherTerm {
  const a = new Float32Array(d * p);
  const w = new Float32Array(d * p * from.length * dIn);
  const tmp = new Float64Array(dIn);
  for (let s = 0; s < d; s++) {
    for (let r = 0; r < p; r++) {
      a[s * p + r] = rng.uniformIn(-1, 1);
      for (let k = 0; k < from.length; k++) {
        rng.unitVector(tmp, 0, dIn);
        w.set(tmp, ((s * p + r) * from.length + k) * dIn);
      }
    }
  }
  return { from, to, a, w };
}

/** Which tokens each teacher network reads: the set J, the windows I_j, and the terms in their fixed order. */
export interface TeacherLayout {
  targets: number[];
  windowOf: number[][];
  /** One entry per term, in the order terms are drawn and stored: additive one per pair i → j, joint one per j. */
  terms: { from: number[]; to: number }[];
}

export function teacherLayout(config: Pick<Config, 'L' | 'K' | 'concept'>): TeacherLayout {
  const windowOf: number[][] = [[]];
  for (let j = 1; j <= config.L; j++) windowOf.push(windowFor(j, config.K));
  const targets = targetPositions(config.L, config.K);
  const terms: TeacherLayout['terms'] = [];
  for (const j of targets) {
    const win = windowOf[j] as number[];
    if (config.concept === 'additive') for (const i of win) terms.push({ from: [i], to: j });
    else terms.push({ from: win, to: j });
  }
  return { targets, windowOf, terms };
}

/** A teacher from a config's settings, its layout and its terms' weights (drawn or read from a file). */
export function assembleTeacher(config: Config, layout: TeacherLayout, terms: TeacherTerm[]): Teacher {
  return {
    concept: config.concept,
    activation: config.act,
    dIn: config.dIn,
    d: config.d,
    p: config.p,
    L: config.L,
    window: config.K,
    normalize: config.norm === 1,
    scale: config.R,
    targets: layout.targets,
    windowOf: layout.windowOf,
    terms,
  };
}

/** Draws the teacher of a config from its seeded teacher stream. */
export function createTeacher(config: Config): Teacher {
  const { d, p, dIn } = config;
  const rng = Rng.of(config.seed, 'teacher');
  const layout = teacherLayout(config);
  const terms = layout.terms.map((t) => drawTerm(rng, t.from, t.to, d, p, dIn));
  return assembleTeacher(config, layout, terms);
}

/** The best affine approximation α + β·U of one teacher unit, U = Σ_q <w_q, x*_q>/sqrt(k) (see baselines.ts). */
export interface UnitLine {
  intercept: number;
  slope: number;
}

/**
 * A second output of evaluateTeacher: the same teacher with every unit Φ(R·U) replaced by its line, for the
 * term size k of the unit (`lines` must hold every term size). Shares the projections, so it costs nearly
 * nothing beside the teacher itself.
 */
export interface AffineTeacher {
  lines: ReadonlyMap<number, UnitLine>;
  out: Float64Array;
}

/** The scales of one term: c_j (by its window size for additive teachers) and the unit argument's. */
function termScales(teacher: Teacher, term: TeacherTerm): { c: number; inner: number } {
  const k = term.from.length;
  const winSize = teacher.concept === 'additive' ? (teacher.windowOf[term.to] as number[]).length : k;
  return { c: outputScale(teacher, winSize), inner: argumentScale(teacher, k) };
}

/**
 * The argument R·U of unit `unit` (= s·p + r) of a term before its scale: the sum over the term's tokens q
 * and coordinates t of w[s, r, q, t]·x*_{from[q]}[t], summed in that order.
 */
function unitArgument(
  term: TeacherTerm,
  tokens: Float32Array | Float64Array,
  unit: number,
  dIn: number,
): number {
  const k = term.from.length;
  let u = 0;
  for (let q = 0; q < k; q++) {
    const x0 = ((term.from[q] as number) - 1) * dIn;
    const w0 = (unit * k + q) * dIn;
    for (let t = 0; t < dIn; t++) u += (term.w[w0 + t] as number) * (tokens[x0 + t] as number);
  }
  return u;
}

/**
 * Evaluates the teacher on one sequence of tokens x* (shape [L, d_in], row i-1 holds x*_i; row 0 unused).
 * Writes y (shape [L, d], rows of positions outside J left at 0) into `out`, and the affine teacher's outputs into `affine.out` when given.
 */
export function evaluateTeacher(
  teacher: Teacher,
  tokens: Float32Array | Float64Array,
  out: Float64Array,
  affine?: AffineTeacher,
): void {
  const { d, p, dIn } = teacher;
  const phi = ACTIVATION_FNS[teacher.activation].f;
  out.fill(0);
  affine?.out.fill(0);
  for (const term of teacher.terms) {
    const j = term.to;
    const k = term.from.length;
    const { c, inner } = termScales(teacher, term);
    const line = affine?.lines.get(k);
    const lineScale = 1 / Math.sqrt(k);
    for (let s = 0; s < d; s++) {
      let ys = 0;
      let ya = 0;
      for (let r = 0; r < p; r++) {
        const u = unitArgument(term, tokens, s * p + r, dIn);
        ys += (term.a[s * p + r] as number) * phi(u * inner);
        if (line) ya += (term.a[s * p + r] as number) * (line.intercept + line.slope * u * lineScale);
      }
      out[(j - 1) * d + s] = (out[(j - 1) * d + s] as number) + c * ys;
      if (affine) affine.out[(j - 1) * d + s] = (affine.out[(j - 1) * d + s] as number) + c * ya;
    }
  }
}

/**
 * Teacher influence for one sequence: infl[(i-1)*L + (j-1)] += ‖∂y_j/∂x*_i‖_F (Jacobian over s and the
 * token's coordinates), for every pair the teacher connects.
 */
export function accumulateTeacherInfluence(
  teacher: Teacher,
  tokens: Float32Array | Float64Array,
  infl: Float64Array,
): void {
  const { d, p, dIn, L } = teacher;
  const dphi = ACTIVATION_FNS[teacher.activation].df;
  // grad[s][q][t] for the current term, summed over r.
  for (const term of teacher.terms) {
    const j = term.to;
    const k = term.from.length;
    const { c, inner } = termScales(teacher, term);
    const grad = new Float64Array(d * k * dIn);
    for (let s = 0; s < d; s++) {
      for (let r = 0; r < p; r++) {
        const u = unitArgument(term, tokens, s * p + r, dIn);
        const g = c * (term.a[s * p + r] as number) * dphi(u * inner) * inner;
        for (let q = 0; q < k; q++) {
          const w0 = ((s * p + r) * k + q) * dIn;
          const g0 = (s * k + q) * dIn;
          for (let t = 0; t < dIn; t++)
            grad[g0 + t] = (grad[g0 + t] as number) + g * (term.w[w0 + t] as number);
        }
      }
    }
    for (let q = 0; q < k; q++) {
      let n2 = 0;
      for (let s = 0; s < d; s++) {
        const g0 = (s * k + q) * dIn;
        for (let t = 0; t < dIn; t++) n2 += (grad[g0 + t] as number) ** 2;
      }
      const i = term.from[q] as number;
      // Additive teachers have one term per pair, so summing terms gives the pair's Jacobian norm only when
      // each (i, j) appears once, which holds for both classes.
      infl[(i - 1) * L + (j - 1)] = (infl[(i - 1) * L + (j - 1)] as number) + Math.sqrt(n2);
    }
  }
}
