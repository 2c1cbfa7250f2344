/**
 * Lazy-training metrics (SPEC §6) against host computations: weight movement (Frobenius and spectral, the
 * latter by a long float64 power iteration), pattern flips, and the linearization gap, whose first-order
 * expansion is rebuilt here by a central difference of the float64 reference along θ − θ_0.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type Config, type TrainableSet } from '../../src/model/config';
import { makeBatch } from '../../src/model/data';
import { Run } from '../../src/model/run';
import { readStudentWeights, type StudentWeights } from '../../src/model/student';
import { TEST_CHUNK } from '../../src/model/testset';
import { useBackend } from '../helpers/backend';
import {
  minAbsPreactivation,
  refForward,
  refSequences,
  toRefStudent,
  type RefSequence,
  type RefStudent,
} from './reference';

const CONFIG: Config = {
  ...DEFAULT_CONFIG,
  L: 6,
  dIn: 3,
  d: 2,
  p: 3,
  m: 48,
  ntest: 128,
  batch: 16,
  seed: 31,
};

let open: Run[] = [];

/** Largest singular value of an n × n matrix by power iteration on MᵀM, in float64. */
function hostSpectralNorm(M: Float64Array, n: number): number {
  let v = new Float64Array(n).map((_, i) => Math.cos(i + 1));
  let sigma = 0;
  for (let it = 0; it < 2000; it++) {
    const u = new Float64Array(n);
    for (let i = 0; i < n; i++)
      for (let k = 0; k < n; k++) u[i] = (u[i] as number) + (M[i * n + k] as number) * (v[k] as number);
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++)
      for (let k = 0; k < n; k++) w[k] = (w[k] as number) + (M[i * n + k] as number) * (u[i] as number);
    const norm = Math.hypot(...w);
    sigma = Math.sqrt(norm);
    v = w.map((x) => x / norm);
  }
  return sigma;
}

interface LazyHost {
  frob: number;
  spectral: number;
  flips: number;
  gap: number;
}

/** θ_0 + t·(θ − θ_0) for the reference student. */
function along(r0: RefStudent, r: RefStudent, t: number): RefStudent {
  const mix = (a: Float64Array, b: Float64Array) => a.map((v, i) => v + t * ((b[i] as number) - v));
  return { ...r0, W: mix(r0.W, r.W), A: mix(r0.A, r.A), B: mix(r0.B, r.B) };
}

function hostLazy(
  current: StudentWeights,
  initial: StudentWeights,
  config: Config,
  seqs: RefSequence[],
  J: number[],
): LazyHost {
  const { m, L, d, lambda } = config;
  const dW = Float64Array.from(current.W, (v, i) => v - (initial.W[i] as number));
  const frob = Math.hypot(...dW) / Math.hypot(...initial.W);
  const spectral = Math.sqrt(m) * hostSpectralNorm(dW, m);
  const r = toRefStudent(current, lambda);
  const r0 = toRefStudent(initial, lambda);
  let flips = 0;
  let cells = 0;
  let num = 0;
  let den = 0;
  const t = 1e-9;
  // h_1 = ReLU(A x_1) cannot flip while A stays at A_0: with W alone, position 1 is not counted.
  const firstCell = config.train === 'W' ? m : 0;
  for (const q of seqs) {
    const cur = refForward(r, q.x, L);
    const ini = refForward(r0, q.x, L);
    for (let k = firstCell; k < cur.g.length; k++) {
      if ((cur.g[k] as number) > 0 !== (ini.g[k] as number) > 0) flips++;
      cells++;
    }
    // F is piecewise polynomial along the segment; away from kinks the central difference is its derivative.
    const up = refForward(along(r0, r, t), q.x, L).F;
    const down = refForward(along(r0, r, -t), q.x, L).F;
    for (const j of J)
      for (let s = 0; s < d; s++) {
        const k = (j - 1) * d + s;
        const lin = (ini.F[k] as number) + ((up[k] as number) - (down[k] as number)) / (2 * t);
        num += ((cur.F[k] as number) - lin) ** 2;
        den += ((cur.F[k] as number) - (ini.F[k] as number)) ** 2;
      }
  }
  return { frob, spectral, flips: flips / cells, gap: Math.sqrt(num) / Math.sqrt(den) };
}

async function lazyCase(train: TrainableSet, lr: number, steps: number) {
  const config = { ...CONFIG, train, lr };
  const run = Run.create(config);
  open.push(run);
  for (let k = 0; k < steps; k++) run.step();
  const lazy = await run.lazy();
  const { current, initial } = await readStudentWeights(run.params);
  // lazy() uses the first test chunk.
  const n = Math.min(TEST_CHUNK, config.ntest);
  const host = makeBatch(
    config,
    run.teacher,
    'testData',
    Array.from({ length: n }, (_, k) => k),
  );
  const seqs = refSequences(host, config.L, config.dIn, config.d, config.epsx);
  const r0 = toRefStudent(initial, config.lambda);
  expect(minAbsPreactivation(r0, seqs, config.L)).toBeGreaterThan(1e-6);
  return { lazy, host: hostLazy(current, initial, config, seqs, run.teacher.targets) };
}

describe('lazy metrics on wasm', () => {
  beforeAll(() => useBackend('wasm'));
  afterEach(() => {
    for (const r of open) r.dispose();
    open = [];
  });

  it('are zero at step 0, with no gap defined yet', async () => {
    const run = Run.create(CONFIG);
    open.push(run);
    const lazy = await run.lazy();
    expect(lazy.weightMovementFrobenius).toBe(0);
    expect(lazy.weightMovementSpectral).toBe(0);
    expect(lazy.patternFlips).toBe(0);
    expect(lazy.linearizationGap).toBeNaN();
  });

  it.each(['W', 'all'] as const)(
    'train=%s: tiny steps stay linear and every metric matches the host',
    async (train) => {
      const { lazy, host } = await lazyCase(train, 0.02, 5);
      expect(host.gap).toBeLessThan(0.05);
      expect(lazy.linearizationGap).toBeLessThan(0.05);
      expect(Math.abs(lazy.linearizationGap - host.gap)).toBeLessThan(0.01 * host.gap);
      expect(Math.abs(lazy.weightMovementFrobenius / host.frob - 1)).toBeLessThan(1e-4);
      expect(Math.abs(lazy.weightMovementSpectral / host.spectral - 1)).toBeLessThan(1e-4);
      expect(Math.abs(lazy.patternFlips - host.flips)).toBeLessThan(1e-4);
    },
  );

  it('after larger steps the gap and flips grow and still match the host', async () => {
    const { lazy, host } = await lazyCase('W', 1, 40);
    // Far from lazy: a gap and flips that a stuck metric (always 0 or NaN) could not produce.
    expect(host.gap).toBeGreaterThan(0.1);
    expect(host.flips).toBeGreaterThan(0.01);
    expect(Math.abs(lazy.linearizationGap - host.gap)).toBeLessThan(0.01 * host.gap);
    expect(Math.abs(lazy.weightMovementFrobenius / host.frob - 1)).toBeLessThan(1e-4);
    expect(Math.abs(lazy.weightMovementSpectral / host.spectral - 1)).toBeLessThan(1e-4);
    expect(Math.abs(lazy.patternFlips - host.flips)).toBeLessThan(1e-4);
  });
});
