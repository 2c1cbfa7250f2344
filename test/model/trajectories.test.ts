/**
 * Hidden-state trajectories (SPEC §6): the PCA helpers recover known directions and spectra, sign alignment
 * keeps pictures from flipping, and Run.trajectories projects the reference hidden states of the probes.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type Config } from '../../src/model/config';
import { makeBatch } from '../../src/model/data';
import { Rng } from '../../src/model/rng';
import { Run, TRAJECTORY_PROBES } from '../../src/model/run';
import { readStudentWeights, type StudentWeights } from '../../src/model/student';
import { alignSigns, fitPca, project, topEigen, type PcaBasis } from '../../src/model/trajectories';
import { maxAbsDiff } from '../helpers/arrays';
import { useBackend } from '../helpers/backend';
import { refForward, refSequences, toRefStudent } from './reference';

/** k orthonormal vectors of R^n (Gram–Schmidt on seeded normals), row-major [k, n]. */
function orthonormal(k: number, n: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const Q = new Float64Array(k * n);
  for (let c = 0; c < k; c++) {
    const v = Float64Array.from({ length: n }, () => rng.normal());
    for (let p = 0; p < c; p++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += (v[i] as number) * (Q[p * n + i] as number);
      for (let i = 0; i < n; i++) v[i] = (v[i] as number) - dot * (Q[p * n + i] as number);
    }
    const norm = Math.hypot(...v);
    Q.set(
      v.map((x) => x / norm),
      c * n,
    );
  }
  return Q;
}

function row(M: Float64Array, r: number, n: number): Float64Array {
  return M.subarray(r * n, (r + 1) * n);
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

describe('PCA helpers', () => {
  it('topEigen finds the top eigenpairs of a known PSD matrix', () => {
    const n = 6;
    const Q = orthonormal(n, n, 1);
    const spectrum = [9, 4, 1, 0.25, 0.01, 0];
    const G = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        G[i * n + j] = spectrum.reduce(
          (s, lam, c) => s + lam * (Q[c * n + i] as number) * (Q[c * n + j] as number),
          0,
        );
    const { values, vectors } = topEigen(G, n, 3);
    values.forEach((v, c) => expect(v).toBeCloseTo(spectrum[c] as number, 8));
    for (let c = 0; c < 3; c++) expect(Math.abs(dot(row(vectors, c, n), row(Q, c, n)))).toBeCloseTo(1, 8);
  });

  it('fitPca recovers planted directions, the mean and the explained variance', () => {
    const n = 400;
    const m = 20;
    const U = orthonormal(2, m, 2);
    const rng = new Rng(3);
    const mu = Float64Array.from({ length: m }, () => rng.normal());
    // Coefficients on a circle: exactly centred and uncorrelated, with variances 25 and 4, so the sample
    // PCA is exactly U with shares 25/29 and 4/29.
    const X = new Float64Array(n * m);
    for (let r = 0; r < n; r++) {
      const a = 5 * Math.SQRT2 * Math.cos((2 * Math.PI * r) / n);
      const b = 2 * Math.SQRT2 * Math.sin((2 * Math.PI * r) / n);
      for (let i = 0; i < m; i++)
        X[r * m + i] = (mu[i] as number) + a * (U[i] as number) + b * (U[m + i] as number);
    }
    const basis = fitPca(X, n, m, 2);
    expect(Math.abs(dot(row(basis.components, 0, m), row(U, 0, m)))).toBeCloseTo(1, 8);
    expect(Math.abs(dot(row(basis.components, 1, m), row(U, 1, m)))).toBeCloseTo(1, 8);
    expect(Math.hypot(...row(basis.components, 0, m))).toBeCloseTo(1, 12);
    for (let i = 0; i < m; i++) expect(basis.mean[i]).toBeCloseTo(mu[i] as number, 10);
    expect(basis.explained[0]).toBeCloseTo(25 / 29, 8);
    expect(basis.explained[1]).toBeCloseTo(4 / 29, 8);
  });

  it('fitPca with fewer points than components leaves the extra ones empty', () => {
    const basis = fitPca(Float64Array.from([1, 2, 3, 5, 7, 9]), 2, 3, 3);
    expect(basis.k).toBe(3);
    const diff = [4, 5, 6].map((v) => v / Math.hypot(4, 5, 6));
    expect(Math.abs(dot(row(basis.components, 0, 3), diff))).toBeCloseTo(1, 8);
    expect(Array.from(row(basis.components, 2, 3))).toEqual([0, 0, 0]);
    expect(basis.explained[0]).toBeCloseTo(1, 10);
    expect(basis.explained[2]).toBe(0);
  });

  it('alignSigns flips exactly the components that oppose the previous basis', () => {
    const m = 4;
    const prev: PcaBasis = {
      m,
      k: 2,
      mean: new Float64Array(m),
      components: orthonormal(2, m, 4),
      explained: [0.6, 0.3],
    };
    const flipped = Float64Array.from(prev.components);
    for (let i = 0; i < m; i++) flipped[i] = -(flipped[i] as number);
    const aligned = alignSigns({ ...prev, components: flipped }, prev);
    expect(Array.from(aligned.components)).toEqual(Array.from(prev.components));
    const same = { ...prev, components: Float64Array.from(prev.components) };
    expect(alignSigns(same, null)).toBe(same);
    expect(alignSigns(same, { ...prev, m: 5 })).toBe(same);
  });

  it('project gives the coordinates of centred rows in the basis', () => {
    const m = 3;
    const basis: PcaBasis = {
      m,
      k: 2,
      mean: Float64Array.from([1, 1, 1]),
      components: Float64Array.from([1, 0, 0, 0, 0, 1]),
      explained: [0.5, 0.5],
    };
    expect(Array.from(project(Float64Array.from([2, 5, -1, 1, 1, 1]), 2, basis))).toEqual([1, -2, 0, 0]);
  });
});

describe('Run.trajectories on wasm', () => {
  const config: Config = { ...DEFAULT_CONFIG, L: 5, dIn: 3, d: 1, m: 24, ntest: 64, batch: 8, seed: 51 };
  let open: Run[] = [];
  beforeAll(() => useBackend('wasm'));
  afterEach(() => {
    for (const r of open) r.dispose();
    open = [];
  });

  /** Host hidden states of the trajectory probes, position-major rows (l·P + q), as the worker lays them out. */
  function hostStates(run: Run, w: StudentWeights): Float64Array {
    const P = TRAJECTORY_PROBES;
    const { L, m, dIn, d, epsx, lambda } = config;
    const host = makeBatch(
      config,
      run.teacher,
      'probe',
      Array.from({ length: P }, (_, k) => k),
    );
    const ref = toRefStudent(w, lambda);
    const H = new Float64Array(L * P * m);
    refSequences(host, L, dIn, d, epsx).forEach((q, p) => {
      const { h } = refForward(ref, q.x, L);
      for (let l = 0; l < L; l++) H.set(h.subarray(l * m, (l + 1) * m), (l * P + p) * m);
    });
    return H;
  }

  function expectCoords(coords: Float64Array, H: Float64Array, basis: PcaBasis): void {
    const P = TRAJECTORY_PROBES;
    const { L } = config;
    const projected = project(H, L * P, basis);
    const expected = new Float64Array(P * L * basis.k);
    for (let l = 0; l < L; l++)
      for (let q = 0; q < P; q++)
        for (let c = 0; c < basis.k; c++)
          expected[(q * L + l) * basis.k + c] = projected[(l * P + q) * basis.k + c] as number;
    expect(maxAbsDiff(coords, expected)).toBeLessThan(1e-4);
  }

  it('projects the reference hidden states, on a fitted, an initial or a fixed basis', async () => {
    const run = Run.create({ ...config, lr: 0.5 });
    open.push(run);
    const atInit = await run.trajectories();
    for (let k = 0; k < 20; k++) run.step();
    const { current, initial } = await readStudentWeights(run.params);

    const fitted = await run.trajectories({ previous: atInit.basis });
    expect(fitted.probes).toBe(TRAJECTORY_PROBES);
    expect(fitted.k).toBe(2);
    const H = hostStates(run, current);
    expectCoords(fitted.coords, H, fitted.basis);
    const hostBasis = fitPca(H, config.L * TRAJECTORY_PROBES, config.m, 2);
    for (let c = 0; c < 2; c++)
      expect(
        Math.abs(dot(row(hostBasis.components, c, config.m), row(fitted.basis.components, c, config.m))),
      ).toBeGreaterThan(0.999);
    // Aligned with the previous basis: no component points against its predecessor.
    for (let c = 0; c < 2; c++)
      expect(
        dot(row(fitted.basis.components, c, config.m), row(atInit.basis.components, c, config.m)),
      ).toBeGreaterThanOrEqual(0);

    const fixed = await run.trajectories({ fixedBasis: atInit.basis });
    expect(fixed.basis).toBe(atInit.basis);
    expectCoords(fixed.coords, H, atInit.basis);

    const init = await run.trajectories({ initial: true, fixedBasis: atInit.basis });
    expectCoords(init.coords, hostStates(run, initial), atInit.basis);
    expect(maxAbsDiff(init.coords, atInit.coords)).toBeLessThan(1e-5);
  });
});
