/**
 * The teacher (SPEC §4) against the formulas written out here: windows and targets, weight ranges, the
 * additive and joint outputs for several windows, activations, normalisation and output dimensions, and
 * the teacher influence against central finite differences of evaluateTeacher.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type Activation, type Concept, type Config } from '../../src/model/config';
import { Rng } from '../../src/model/rng';
import {
  accumulateTeacherInfluence,
  createTeacher,
  evaluateTeacher,
  targetPositions,
  windowFor,
  type Teacher,
} from '../../src/model/teacher';

/** Φ written independently of src/model/activations.ts. */
const PHI: Record<Activation, (u: number) => number> = {
  sin: Math.sin,
  cos: Math.cos,
  tanh: (u) => (Math.exp(2 * u) - 1) / (Math.exp(2 * u) + 1),
  sigmoid: (u) => 1 / (1 + Math.exp(-u)),
  exp: Math.exp,
  softplus: (u) => Math.log(1 + Math.exp(u)),
  identity: (u) => u,
  square: (u) => u ** 2,
  cube: (u) => u ** 3,
};

/** I_j from SPEC §4: max(2, j − K) <= i <= j − 1, all of 2..j−1 when K = 0. */
function specWindow(j: number, K: number): number[] {
  const out: number[] = [];
  for (let i = 2; i <= j - 1; i++) if (K === 0 || i >= j - K) out.push(i);
  return out;
}

/** Random tokens on the unit sphere, [L, d_in] with position 1 left at zero. */
function randomTokens(L: number, dIn: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const x = new Float64Array(L * dIn);
  for (let i = 2; i <= L; i++) rng.unitVector(x, (i - 1) * dIn, dIn);
  return x;
}

function dot(a: ArrayLike<number>, aOff: number, b: ArrayLike<number>, bOff: number, n: number): number {
  let s = 0;
  for (let t = 0; t < n; t++) s += (a[aOff + t] as number) * (b[bOff + t] as number);
  return s;
}

/** y of SPEC §4, looking each term up by its (from, to) pair. */
function specTeacher(t: Teacher, x: Float64Array): Float64Array {
  const { L, d, p, dIn } = t;
  const phi = PHI[t.activation];
  const y = new Float64Array(L * d);
  for (let j = 3; j <= L; j++) {
    const I = specWindow(j, t.window);
    for (let s = 0; s < d; s++) {
      let sum = 0;
      if (t.concept === 'additive') {
        for (const i of I) {
          const term = t.terms.find((q) => q.to === j && q.from.length === 1 && q.from[0] === i);
          if (!term) throw new Error(`missing term ${i}→${j}`);
          for (let r = 0; r < p; r++)
            sum +=
              (term.a[s * p + r] as number) *
              phi(t.scale * dot(term.w, (s * p + r) * dIn, x, (i - 1) * dIn, dIn));
        }
        y[(j - 1) * d + s] = (t.normalize ? 1 / Math.sqrt(p * I.length) : 1) * sum;
      } else {
        const term = t.terms.find((q) => q.to === j);
        if (!term) throw new Error(`missing term for ${j}`);
        for (let r = 0; r < p; r++) {
          let u = 0;
          I.forEach((i, q) => (u += dot(term.w, ((s * p + r) * I.length + q) * dIn, x, (i - 1) * dIn, dIn)));
          sum += (term.a[s * p + r] as number) * phi((t.scale * u) / Math.sqrt(I.length));
        }
        y[(j - 1) * d + s] = sum / Math.sqrt(p);
      }
    }
  }
  return y;
}

interface TeacherCase {
  concept: Concept;
  K: number;
  act: Activation;
  norm: number;
  d: number;
}

const L = 7;
const CASES: TeacherCase[] = [];
for (const concept of ['additive', 'joint'] as const)
  for (const K of [0, 1, 2, 5])
    for (const [act, norm, d] of [
      ['sin', 1, 1],
      ['tanh', 0, 2],
      ['cube', 1, 2],
      ['softplus', 0, 1],
    ] as const)
      CASES.push({ concept, K, act, norm, d });
// Every activation at least once.
for (const act of ['cos', 'sigmoid', 'exp', 'identity', 'square'] as const)
  CASES.push(
    { concept: 'additive', K: 3, act, norm: 1, d: 2 },
    { concept: 'joint', K: 0, act, norm: 1, d: 1 },
  );

function configOf(c: TeacherCase, seed = 5): Config {
  // R = 1.7: neither the default nor 1, so the reference checks where the scale enters (SPEC §4).
  return { ...DEFAULT_CONFIG, L, dIn: 3, p: 3, R: 1.7, seed, ...c };
}

describe('windows and targets', () => {
  it.each([0, 1, 2, 5, 8])('K=%i gives I_j = max(2, j−K)..j−1 and J = 3..L', (K) => {
    const Lw = 10;
    for (let j = 1; j <= Lw; j++) expect(windowFor(j, K)).toEqual(specWindow(j, K));
    expect(targetPositions(Lw, K)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('K=1 connects each output to the token just before it', () => {
    expect(windowFor(5, 1)).toEqual([4]);
    expect(windowFor(3, 1)).toEqual([2]);
    expect(windowFor(2, 1)).toEqual([]);
  });

  it.each(['additive', 'joint'] as const)(
    '%s teacher has one term per pair (additive) or per output (joint)',
    (concept) => {
      for (const K of [0, 1, 3]) {
        const t = createTeacher(configOf({ concept, K, act: 'sin', norm: 1, d: 2 }));
        const expected: string[] = [];
        for (let j = 3; j <= L; j++) {
          const I = specWindow(j, K);
          if (concept === 'additive') for (const i of I) expected.push(`${i}->${j}`);
          else expected.push(`${I.join(',')}->${j}`);
        }
        expect(t.terms.map((q) => `${q.from.join(',')}->${q.to}`)).toEqual(expected);
        expect(t.targets).toEqual([3, 4, 5, 6, 7]);
        for (const q of t.terms) {
          expect(q.a.length).toBe(2 * 3);
          expect(q.w.length).toBe(2 * 3 * q.from.length * 3);
        }
      }
    },
  );
});

describe('teacher weights', () => {
  it('a is uniform in [−1, 1] and every w is a unit vector', () => {
    const t = createTeacher({ ...DEFAULT_CONFIG, L: 12, dIn: 4, p: 8, d: 2, seed: 3 });
    const a = t.terms.flatMap((q) => Array.from(q.a));
    expect(Math.min(...a)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...a)).toBeLessThanOrEqual(1);
    // 55 pairs × 16 weights: the mean of U[−1, 1] is 0 ± 0.02 and the variance 1/3 ± 0.02 (several σ).
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    const variance = a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length;
    expect(Math.abs(mean)).toBeLessThan(0.06);
    expect(Math.abs(variance - 1 / 3)).toBeLessThan(0.05);
    for (const q of t.terms)
      for (let v = 0; v < q.w.length / 4; v++)
        expect(Math.hypot(...q.w.subarray(v * 4, v * 4 + 4))).toBeCloseTo(1, 6);
  });
});

describe('evaluateTeacher equals SPEC §4', () => {
  it.each(CASES)('$concept K=$K Φ=$act norm=$norm d=$d', (c) => {
    const t = createTeacher(configOf(c));
    const y = new Float64Array(L * c.d);
    let scale = 0;
    for (let n = 0; n < 4; n++) {
      const x = randomTokens(L, 3, 100 + n);
      evaluateTeacher(t, x, y);
      const ref = specTeacher(t, x);
      for (let k = 0; k < y.length; k++) {
        expect(y[k]).toBeCloseTo(ref[k] as number, 10);
        scale = Math.max(scale, Math.abs(ref[k] as number));
      }
      // Positions 1 and 2 read no token and carry no target.
      for (let k = 0; k < 2 * c.d; k++) expect(y[k]).toBe(0);
    }
    expect(scale).toBeGreaterThan(1e-3); // the comparison is not between two zero vectors
  });

  it('normalisation divides additive outputs by sqrt(p·|I_j|) and leaves joint ones at 1/sqrt(p)', () => {
    const x = randomTokens(L, 3, 7);
    for (const concept of ['additive', 'joint'] as const) {
      const on = new Float64Array(L);
      const off = new Float64Array(L);
      evaluateTeacher(createTeacher(configOf({ concept, K: 0, act: 'sin', norm: 1, d: 1 })), x, on);
      evaluateTeacher(createTeacher(configOf({ concept, K: 0, act: 'sin', norm: 0, d: 1 })), x, off);
      for (let j = 3; j <= L; j++) {
        const ratio = concept === 'additive' ? Math.sqrt(3 * (j - 2)) : 1;
        expect((off[j - 1] as number) / (on[j - 1] as number)).toBeCloseTo(ratio, 10);
      }
    }
  });
});

describe('teacher influence', () => {
  it.each(CASES)('$concept K=$K Φ=$act d=$d equals central differences of evaluateTeacher', (c) => {
    const t = createTeacher(configOf(c));
    const dIn = 3;
    const x = randomTokens(L, dIn, 42);
    const infl = new Float64Array(L * L);
    accumulateTeacherInfluence(t, x, infl);
    const up = new Float64Array(L * c.d);
    const down = new Float64Array(L * c.d);
    const jac2 = new Float64Array(L * L); // Σ_{s,t} (∂y_j,s/∂x_i,t)² at (i−1)·L + (j−1)
    const h = 1e-6;
    for (let i = 1; i <= L; i++) {
      for (let q = 0; q < dIn; q++) {
        const k = (i - 1) * dIn + q;
        const keep = x[k] as number;
        x[k] = keep + h;
        evaluateTeacher(t, x, up);
        x[k] = keep - h;
        evaluateTeacher(t, x, down);
        x[k] = keep;
        for (let j = 1; j <= L; j++)
          for (let s = 0; s < c.d; s++) {
            const g = ((up[(j - 1) * c.d + s] as number) - (down[(j - 1) * c.d + s] as number)) / (2 * h);
            jac2[(i - 1) * L + (j - 1)] = (jac2[(i - 1) * L + (j - 1)] as number) + g * g;
          }
      }
    }
    let nonzero = 0;
    for (let k = 0; k < L * L; k++) {
      const fd = Math.sqrt(jac2[k] as number);
      expect(infl[k] as number).toBeCloseTo(fd, 5);
      if (fd > 1e-6) nonzero++;
    }
    // Every connected pair and only those carry influence.
    const pairs = [3, 4, 5, 6, 7].reduce((n, j) => n + specWindow(j, c.K).length, 0);
    expect(nonzero).toBe(pairs);
  });
});
