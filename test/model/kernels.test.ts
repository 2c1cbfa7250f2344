/**
 * The cpu backend's RNN kernels (src/model/kernels): each against a float64 reference written here from the
 * defining formulas, and the engine's step with the kernels against the same step through generic tfjs ops.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig, type Config } from '../../src/model/config';
import { makeBatch } from '../../src/model/data';
import { forward, lossGradients } from '../../src/model/engine';
import { KERNELS_FLAG, rnnKernelsActive } from '../../src/model/kernels';
import { rnnBackward, rnnForward, rnnWeightGradient } from '../../src/model/kernels/rnn-cpu';
import { rowScratch, rowTimesMatrix } from '../../src/model/kernels/sparse-rows';
import { Rng } from '../../src/model/rng';
import { createStudentParams, disposeStudentParams, initStudentWeights } from '../../src/model/student';
import { createTeacher } from '../../src/model/teacher';
import { disposeBatch, uploadBatch } from '../../src/model/testset';
import { maxAbs, maxAbsDiff } from '../helpers/arrays';
import { useBackend } from '../helpers/backend';

/** Normal entries; a share `zeros` of them set to exactly 0 (ReLU-like sparsity). */
function randomArray(rng: Rng, n: number, zeros = 0): Float32Array {
  const a = new Float32Array(n);
  rng.fillNormal(a, 1);
  for (let i = 0; i < n; i++) if (rng.uniform() < zeros) a[i] = 0;
  return a;
}

/** C = A·B in float64, A [n, k], B [k, p], all row-major. */
function matMul64(A: ArrayLike<number>, B: ArrayLike<number>, n: number, k: number, p: number): Float64Array {
  const C = new Float64Array(n * p);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let q = 0; q < k; q++) s += (A[i * k + q] as number) * (B[q * p + j] as number);
      C[i * p + j] = s;
    }
  return C;
}

/** Relative error: max |a − b| / max |b|. */
function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return maxAbsDiff(a, b) / Math.max(maxAbs(b), 1e-30);
}

const SHAPE = { L: 5, batch: 3, m: 19 };
const DX = 4;
const D = 2;

/** The RNN written per sequence and per unit, with weights in their natural (column-vector) form. */
function reference(
  X: Float32Array,
  W: Float32Array,
  A: Float32Array,
  E: Float32Array,
  B: Float32Array,
  lambda: number,
) {
  const { L, batch, m } = SHAPE;
  const H = new Float64Array(L * batch * m);
  for (let l = 0; l < L; l++)
    for (let b = 0; b < batch; b++) {
      const r = l * batch + b;
      for (let i = 0; i < m; i++) {
        let g = 0;
        for (let q = 0; q < DX; q++) g += (A[i * DX + q] as number) * (X[r * DX + q] as number);
        if (l > 0)
          for (let j = 0; j < m; j++) g += (W[i * m + j] as number) * (H[(r - batch) * m + j] as number);
        H[r * m + i] = Math.max(0, g);
      }
    }
  const delta = new Float64Array(L * batch * m);
  for (let l = L - 1; l >= 0; l--)
    for (let b = 0; b < batch; b++) {
      const r = l * batch + b;
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let o = 0; o < D; o++) s += lambda * (B[o * m + j] as number) * (E[r * D + o] as number);
        if (l < L - 1)
          for (let i = 0; i < m; i++) s += (W[i * m + j] as number) * (delta[(r + batch) * m + i] as number);
        delta[r * m + j] = (H[r * m + j] as number) > 0 ? s : 0;
      }
    }
  const dW = new Float64Array(m * m);
  for (let r = batch; r < L * batch; r++)
    for (let i = 0; i < m; i++)
      for (let j = 0; j < m; j++)
        dW[i * m + j] =
          (dW[i * m + j] as number) + (delta[r * m + i] as number) * (H[(r - batch) * m + j] as number);
  return { H, delta, dW };
}

describe('sparse row products', () => {
  it('equal the dense float64 product, with and without zeros, for row counts around the unrolling', () => {
    const rng = Rng.of(1, 'init', 71);
    for (const k of [1, 3, 4, 5, 8, 13]) {
      for (const zeros of [0, 0.5, 1]) {
        const a = randomArray(rng, k, zeros);
        const b = randomArray(rng, k * 7);
        const acc = new Float64Array(7).fill(0.25);
        rowTimesMatrix(a, 0, k, b, 0, 7, acc, rowScratch(k));
        const expected = matMul64(a, b, 1, k, 7).map((v) => v + 0.25);
        expect(maxAbsDiff(acc, expected)).toBeLessThan(1e-12);
      }
    }
  });

  it('let a NaN in the left row reach every output', () => {
    const a = new Float32Array([0, Number.NaN, 1]);
    const acc = new Float64Array(2);
    rowTimesMatrix(a, 0, 3, new Float32Array(6).fill(1), 0, 2, acc, rowScratch(3));
    expect(Array.from(acc).every(Number.isNaN)).toBe(true);
  });
});

describe('RNN kernels on host arrays', () => {
  const rng = Rng.of(2, 'init', 72);
  const { L, batch, m } = SHAPE;
  const X = randomArray(rng, L * batch * DX);
  const W = randomArray(rng, m * m).map((v) => v * 0.3);
  const A = randomArray(rng, m * DX);
  const B = randomArray(rng, D * m);
  // Errors only on some rows, as the row mask leaves them.
  const E = randomArray(rng, L * batch * D, 0.4);
  const lambda = 0.7;
  const ref = reference(X, W, A, E, B, lambda);

  it('forward: h_l = ReLU(W h_{l-1} + A x_l), about half the units off', () => {
    const H = rnnForward(X, W, A, DX, SHAPE);
    expect(relErr(H, ref.H)).toBeLessThan(1e-6);
    const off = H.filter((v) => v === 0).length / H.length;
    expect(off).toBeGreaterThan(0.2);
    expect(off).toBeLessThan(0.8);
  });

  it('backward: δ_l = (Wᵀδ_{l+1} + λBᵀe_l) ⊙ 1[h_l > 0]', () => {
    const H = rnnForward(X, W, A, DX, SHAPE);
    const delta = rnnBackward(E, H, W, B, lambda, D, SHAPE);
    expect(relErr(delta, ref.delta)).toBeLessThan(1e-5);
  });

  it('dW = Σ_l δ_l h_{l-1}ᵀ', () => {
    const H = rnnForward(X, W, A, DX, SHAPE);
    const delta = rnnBackward(E, H, W, B, lambda, D, SHAPE);
    expect(relErr(rnnWeightGradient(delta, H, SHAPE), ref.dW)).toBeLessThan(1e-5);
  });

  it('a diverged W (NaN) gives NaN states and deltas, as tf.relu and tf.step do', () => {
    const bad = W.slice();
    bad[0] = Number.NaN;
    const H = rnnForward(X, bad, A, DX, SHAPE);
    expect(H.some(Number.isNaN)).toBe(true);
    const delta = rnnBackward(E, H, bad, B, lambda, D, SHAPE);
    expect(delta.some(Number.isNaN)).toBe(true);
  });
});

describe('the engine on the cpu backend: custom kernels against generic tfjs ops', () => {
  let config: Config;
  beforeAll(async () => {
    await useBackend('cpu');
    const r = resolveConfig({ m: 24, L: 6, batch: 5, dIn: 3, d: 2, train: 'all', lambda: 0.5, ntest: 64 });
    if (!r.ok) throw new Error(r.errors.join(' '));
    config = r.config;
  });
  afterAll(() => {
    tf.env().set(KERNELS_FLAG, true);
  });

  function gradients(kernels: boolean) {
    tf.env().set(KERNELS_FLAG, kernels);
    const teacher = createTeacher(config);
    const params = createStudentParams(initStudentWeights(config), config.lambda, 'all');
    const b = uploadBatch(config, teacher, makeBatch(config, teacher, 'trainData', [0, 1, 2, 3, 4]));
    const active = rnnKernelsActive(config.m, config.L, config.batch);
    const out = tf.tidy(() => {
      const g = lossGradients(params, b, config.L, teacher.targets.length, 'sq');
      const f = forward(params, b.X, config.L, b.batch);
      return [g.loss, g.dW, g.dA as tf.Tensor, g.dB as tf.Tensor, f.Hall, ...f.H].map((t) =>
        t.dataSync().slice(),
      );
    });
    disposeBatch(b);
    disposeStudentParams(params);
    return { active, out };
  }

  it('run only when enabled, and give the same loss, gradients and states', () => {
    const withKernels = gradients(true);
    const generic = gradients(false);
    expect(withKernels.active).toBe(true);
    expect(generic.active).toBe(false);
    expect(withKernels.out.length).toBe(generic.out.length);
    withKernels.out.forEach((v, k) => {
      expect(relErr(v, generic.out[k] as Float32Array), `output ${k}`).toBeLessThan(1e-5);
    });
    // dW is not trivially zero.
    expect(maxAbs(withKernels.out[1] as Float32Array)).toBeGreaterThan(0);
  });

  it('are not registered for wasm, which keeps XNNPACK', async () => {
    await useBackend('wasm');
    expect(rnnKernelsActive(24, 5, 4)).toBe(false);
    await useBackend('cpu');
  });
});
