/**
 * The teacher concept (SPEC §4): additive (a sum over earlier tokens of two-layer networks, the paper's class),
 * joint (one two-layer network over the whole window) or formula (an expression the user writes, formula.ts).
 * Weights and directions are drawn from the teacher stream, stored as float32 (so a checkpoint reproduces
 * them exactly) and evaluated in float64.
 */
import { ACTIVATION_FNS } from './activations';
import type { Activation, Concept, Config } from './config';
import { compileFormula, formulaReads, formulaTargets, type FormulaProgram } from './formula';
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
  /** Additive and joint teachers: the networks. A formula teacher has none. */
  terms: TeacherTerm[];
  /** The formula teacher's expression and directions (concept `formula` only). */
  formula?: FormulaTeacher;
}

/**
 * y_j,s = the formula at j with the directions of output coordinate s. Plain data (text and arrays), so a
 * teacher crosses postMessage to the data and training workers; the compiled program is kept apart.
 */
export interface FormulaTeacher {
  text: string;
  /** Direction names, sorted: the order of `directions`. */
  names: string[];
  /** One array per name, shape [d, d_in]: row s is the vector output coordinate s reads. */
  directions: Float32Array[];
}

/** Compiled programs by d_in and text: compiling is pure, and a teacher that crossed threads compiles once. */
const programs = new Map<string, FormulaProgram>();

/** The program of a formula; throws when it does not compile (the schema rejects such configs first). */
export function formulaProgram(config: Pick<Config, 'formula' | 'dIn'>): FormulaProgram {
  const key = `${config.dIn}\n${config.formula}`;
  const known = programs.get(key);
  if (known) return known;
  const r = compileFormula(config.formula, config.dIn);
  if (!r.ok) throw new Error(`formula: ${r.error}`);
  if (programs.size > 64) programs.clear();
  programs.set(key, r.program);
  return r.program;
}

/** byOutput[s][n] = row s of directions[n], per directions array (rebuilt once after a structured clone). */
const views = new WeakMap<Float32Array[], Float32Array[][]>();

function directionsByOutput(f: FormulaTeacher, d: number, dIn: number): Float32Array[][] {
  const known = views.get(f.directions);
  if (known) return known;
  const byOutput: Float32Array[][] = [];
  for (let s = 0; s < d; s++) byOutput.push(f.directions.map((dir) => dir.subarray(s * dIn, (s + 1) * dIn)));
  views.set(f.directions, byOutput);
  return byOutput;
}

/** A formula teacher from its program and directions. */
export function formulaTeacher(program: FormulaProgram, directions: Float32Array[]): FormulaTeacher {
  return { text: program.text, names: [...program.directions], directions };
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

export function teacherLayout(
  config: Pick<Config, 'L' | 'K' | 'concept' | 'formula' | 'dIn'>,
): TeacherLayout {
  if (config.concept === 'formula') {
    const program = formulaProgram(config);
    const targets = formulaTargets(program, config.L);
    const windowOf: number[][] = [[]];
    for (let j = 1; j <= config.L; j++) windowOf.push(targets.includes(j) ? formulaReads(program, j) : []);
    return { targets, windowOf, terms: [] };
  }
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
export function assembleTeacher(
  config: Config,
  layout: TeacherLayout,
  terms: TeacherTerm[],
  formula?: FormulaTeacher,
): Teacher {
  return {
    ...(formula ? { formula } : {}),
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
  if (config.concept === 'formula') {
    const program = formulaProgram(config);
    // Directions in sorted name order, each the d vectors of coordinates s = 1..d.
    const tmp = new Float64Array(dIn);
    const directions = program.directions.map(() => {
      const dir = new Float32Array(d * dIn);
      for (let s = 0; s < d; s++) {
        rng.unitVector(tmp, 0, dIn);
        dir.set(tmp, s * dIn);
      }
      return dir;
    });
    return assembleTeacher(config, layout, [], formulaTeacher(program, directions));
  }
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
  /** A formula teacher has no units: its affine map is estimated as a whole (baselines.ts). */
  map?: AffineMap;
}

/**
 * An affine map of each output's reads: y_j,s ≈ intercept[(j-1)·d + s] + Σ_q Σ_t slope_j[(s·k + q)·d_in + t]·x*_{I_j[q]}[t]
 * with k = |I_j| and slope_j = slopes[j-1] (empty for j outside J).
 */
export interface AffineMap {
  intercept: Float64Array;
  slopes: Float64Array[];
}

function evaluateFormula(
  teacher: Teacher,
  f: FormulaTeacher,
  tokens: Float32Array | Float64Array,
  out: Float64Array,
  affine?: AffineTeacher,
): void {
  const { d, dIn } = teacher;
  const program = formulaProgram({ formula: f.text, dIn });
  const byOutput = directionsByOutput(f, d, dIn);
  out.fill(0);
  affine?.out.fill(0);
  for (const j of teacher.targets) {
    for (let s = 0; s < d; s++)
      out[(j - 1) * d + s] = program.evaluate(tokens, j, byOutput[s] as Float32Array[]);
    const map = affine?.map;
    if (!affine || !map) continue;
    const reads = teacher.windowOf[j] as number[];
    const slope = map.slopes[j - 1] as Float64Array;
    for (let s = 0; s < d; s++) {
      let y = map.intercept[(j - 1) * d + s] as number;
      reads.forEach((i, q) => {
        const x0 = (i - 1) * dIn;
        const b0 = (s * reads.length + q) * dIn;
        for (let t = 0; t < dIn; t++) y += (slope[b0 + t] as number) * (tokens[x0 + t] as number);
      });
      affine.out[(j - 1) * d + s] = y;
    }
  }
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
  if (teacher.formula) {
    evaluateFormula(teacher, teacher.formula, tokens, out, affine);
    return;
  }
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
  if (teacher.formula) {
    formulaInfluence(teacher, teacher.formula, tokens, infl);
    return;
  }
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

/** Step of the central differences of formulaInfluence: small against the tokens' unit scale, far above rounding. */
const INFLUENCE_STEP = 1e-5;

/**
 * accumulateTeacherInfluence for a formula teacher: the Jacobian by central differences in float64 (the
 * formula may hold kinks, relu or abs; away from them the error is O(h²), about 1e-10 here).
 */
function formulaInfluence(
  teacher: Teacher,
  f: FormulaTeacher,
  tokens: Float32Array | Float64Array,
  infl: Float64Array,
): void {
  const { d, dIn, L } = teacher;
  const program = formulaProgram({ formula: f.text, dIn });
  const byOutput = directionsByOutput(f, d, dIn);
  const x = Float64Array.from(tokens);
  for (const j of teacher.targets) {
    for (const i of teacher.windowOf[j] as number[]) {
      let n2 = 0;
      for (let t = 0; t < dIn; t++) {
        const o = (i - 1) * dIn + t;
        const keep = x[o] as number;
        for (let s = 0; s < d; s++) {
          const dirs = byOutput[s] as Float32Array[];
          x[o] = keep + INFLUENCE_STEP;
          const up = program.evaluate(x, j, dirs);
          x[o] = keep - INFLUENCE_STEP;
          const down = program.evaluate(x, j, dirs);
          n2 += ((up - down) / (2 * INFLUENCE_STEP)) ** 2;
        }
        x[o] = keep;
      }
      infl[(i - 1) * L + (j - 1)] = (infl[(i - 1) * L + (j - 1)] as number) + Math.sqrt(n2);
    }
  }
}
