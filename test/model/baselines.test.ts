/**
 * The closed-form baselines (SPEC §6) against a direct least-squares fit: for each output position an affine
 * map of its window's tokens, fitted by the normal equations on fresh sequences (a stream separate from the
 * test set) and scored on the same test set with the same normalization. Several seeds, both concept classes,
 * nearly linear and strongly nonlinear teachers. Also the one-dimensional moments against Monte Carlo.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { computeBaselines, isTrivial, unitLines } from '../../src/model/baselines';
import { DEFAULT_CONFIG, type Config } from '../../src/model/config';
import { makeBatch, makeSequence, type Batch, type Sequence } from '../../src/model/data';
import { Rng } from '../../src/model/rng';
import { Run } from '../../src/model/run';
import { createTeacher, type Teacher } from '../../src/model/teacher';
import { useBackend } from '../helpers/backend';

/** Solves the symmetric positive definite system A·x = b (Cholesky, float64). */
function solveSpd(A: Float64Array, b: Float64Array, n: number): Float64Array {
  const Lm = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * n + j] as number;
      for (let k = 0; k < j; k++) s -= (Lm[i * n + k] as number) * (Lm[j * n + k] as number);
      Lm[i * n + j] = i === j ? Math.sqrt(s) : s / (Lm[j * n + j] as number);
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (Lm[i * n + k] as number) * (y[k] as number);
    y[i] = s / (Lm[i * n + i] as number);
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i] as number;
    for (let k = i + 1; k < n; k++) s -= (Lm[k * n + i] as number) * (x[k] as number);
    x[i] = s / (Lm[i * n + i] as number);
  }
  return x;
}

/** Features of output j of sequence b: its window's tokens, then 1. */
function features(teacher: Teacher, batch: Batch, b: number, j: number): Float64Array {
  const { L, dIn } = teacher;
  const win = teacher.windowOf[j] as number[];
  const f = new Float64Array(win.length * dIn + 1);
  win.forEach((i, q) => {
    for (let t = 0; t < dIn; t++) f[q * dIn + t] = batch.tokens[(b * L + i - 1) * dIn + t] as number;
  });
  f[f.length - 1] = 1;
  return f;
}

/** Normalized test error of per-position affine least squares fitted on `fit` (d = 1), and of constants. */
function directBaselines(teacher: Teacher, fit: Batch, test: Batch): { linear: number; constant: number } {
  let errL = 0;
  let errC = 0;
  let sq = 0;
  for (const j of teacher.targets) {
    const n = (teacher.windowOf[j] as number[]).length * teacher.dIn + 1;
    const XtX = new Float64Array(n * n);
    const Xty = new Float64Array(n);
    let mean = 0;
    for (let b = 0; b < fit.size; b++) {
      const f = features(teacher, fit, b, j);
      const y = fit.Y[(j - 1) * fit.size + b] as number;
      mean += y / fit.size;
      for (let r = 0; r < n; r++) {
        Xty[r] = (Xty[r] as number) + (f[r] as number) * y;
        for (let c = 0; c < n; c++)
          XtX[r * n + c] = (XtX[r * n + c] as number) + (f[r] as number) * (f[c] as number);
      }
    }
    const beta = solveSpd(XtX, Xty, n);
    for (let b = 0; b < test.size; b++) {
      const f = features(teacher, test, b, j);
      const y = test.Y[(j - 1) * test.size + b] as number;
      let pred = 0;
      for (let r = 0; r < n; r++) pred += (beta[r] as number) * (f[r] as number);
      errL += (pred - y) ** 2;
      errC += (mean - y) ** 2;
      sq += y * y;
    }
  }
  return { linear: errL / sq, constant: errC / sq };
}

function config(overrides: Partial<Config>): Config {
  return { ...DEFAULT_CONFIG, L: 6, dIn: 2, p: 2, d: 1, ...overrides };
}

function range(n: number, from = 0): number[] {
  return Array.from({ length: n }, (_, k) => from + k);
}

function testSequences(cfg: Config, teacher: Teacher, n: number): Sequence[] {
  return range(n).map((k) => makeSequence(cfg, teacher, 'testData', k));
}

describe('baselines', () => {
  beforeAll(() => useBackend('cpu'));

  const cases: { name: string; c: Partial<Config> }[] = [
    { name: 'additive sin, R = 1 (nearly linear)', c: { act: 'sin', R: 1 } },
    { name: 'additive sin, R = 2.5', c: { act: 'sin', R: 2.5 } },
    { name: 'additive tanh, d_in = 4, R = 3', c: { act: 'tanh', R: 3, dIn: 4 } },
    { name: 'additive cos, d_in = 1, R = 2', c: { act: 'cos', R: 2, dIn: 1 } },
    { name: 'joint sin, R = 2.5', c: { act: 'sin', R: 2.5, concept: 'joint' } },
    { name: 'joint softplus, d_in = 3, R = 4', c: { act: 'softplus', R: 4, dIn: 3, concept: 'joint' } },
  ];
  for (const { name, c } of cases) {
    it(`agree with a direct least-squares fit on fresh data: ${name} (3 seeds)`, () => {
      for (const seed of [1, 2, 3]) {
        const cfg = config({ ...c, seed });
        const teacher = createTeacher(cfg);
        const test = makeBatch(cfg, teacher, 'testData', range(2048));
        const fit = makeBatch(cfg, teacher, 'trainData', range(20000));
        const closed = computeBaselines(teacher, testSequences(cfg, teacher, 2048));
        const direct = directBaselines(teacher, fit, test);
        // The fit has at most 9 coefficients per position from 20k sequences: its excess error is ~0.05%.
        expect(closed.linear).toBeGreaterThan(0);
        expect(Math.abs(closed.linear - direct.linear)).toBeLessThan(0.02 * direct.linear + 2e-4);
        expect(Math.abs(closed.constant - direct.constant)).toBeLessThan(0.01 * direct.constant + 2e-4);
        expect(closed.linear).toBeLessThanOrEqual(closed.constant + 1e-3);
      }
    });
  }

  it('report per position what they report overall, and zero = 1', () => {
    const cfg = config({ R: 2, L: 8 });
    const teacher = createTeacher(cfg);
    const b = computeBaselines(teacher, testSequences(cfg, teacher, 512));
    expect(b.zero).toBe(1);
    expect(b.byPosition.positions).toEqual(teacher.targets);
    expect(b.byPosition.linear).toHaveLength(teacher.targets.length);
    for (const v of [...b.byPosition.linear, ...b.byPosition.constant]) expect(v).toBeGreaterThan(0);
    // The overall figure is a y²-weighted mean of the per-position ones, so it lies between them.
    expect(b.linear).toBeGreaterThanOrEqual(Math.min(...b.byPosition.linear) - 1e-12);
    expect(b.linear).toBeLessThanOrEqual(Math.max(...b.byPosition.linear) + 1e-12);
  });

  it('are zero for a linear teacher and one for a constant-free even one', () => {
    const lin = config({ act: 'identity', R: 1.7 });
    const t1 = createTeacher(lin);
    const b1 = computeBaselines(t1, testSequences(lin, t1, 256));
    expect(b1.linear).toBeLessThan(1e-6);
    expect(b1.constant).toBeGreaterThan(0.9);
    expect(isTrivial(b1, 0.05)).toBe(true);
    // u² has no linear part; its mean is the best constant, which removes only the mean's share.
    const sq = config({ act: 'square', R: 1 });
    const t2 = createTeacher(sq);
    const b2 = computeBaselines(t2, testSequences(sq, t2, 4096));
    expect(Math.abs(b2.linear - b2.constant)).toBeLessThan(0.02);
  });

  it('are what a run scores on its own test set while drawing it (noise included)', () => {
    const cfg = config({ R: 2.5, L: 7, d: 2, noise: 0.05, ntest: 300 });
    const run = Run.create(cfg);
    try {
      const direct = computeBaselines(run.teacher, testSequences(cfg, run.teacher, 300));
      expect(run.baselines).toEqual(direct);
      expect(run.baselines.linear).toBeGreaterThan(0.05);
    } finally {
      run.dispose();
    }
  });

  it('one-dimensional moments match Monte Carlo for sums of sphere coordinates', () => {
    for (const dIn of [1, 2, 5]) {
      const lines = unitLines('tanh', 3, dIn, [1, 2, 5]);
      const rng = new Rng(7);
      const v = new Float64Array(dIn);
      for (const k of [1, 2, 5]) {
        const n = 100_000;
        let mean = 0;
        let cross = 0;
        for (let i = 0; i < n; i++) {
          let s = 0;
          for (let q = 0; q < k; q++) {
            rng.unitVector(v, 0, dIn);
            s += v[0] as number;
          }
          const u = s / Math.sqrt(k);
          mean += Math.tanh(3 * u) / n;
          cross += (u * Math.tanh(3 * u)) / n;
        }
        const line = lines.get(k);
        expect(line).toBeDefined();
        expect(Math.abs((line?.intercept ?? 0) - mean)).toBeLessThan(0.01);
        expect(Math.abs((line?.slope ?? 0) - cross * dIn)).toBeLessThan(0.02 * Math.abs(cross * dIn) + 0.01);
      }
    }
  });
});
