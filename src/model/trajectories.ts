/**
 * Hidden-state trajectories (SPEC §6): h_1..h_L of a few probe sequences projected on the top principal
 * components of the probe hidden states. The basis can be recomputed (sign-aligned with the previous one so
 * the picture does not flip) or held fixed (for example the basis at initialisation).
 */
import * as tf from '@tensorflow/tfjs-core';
import { forward, type BatchTensors, type ForwardWeights } from './engine';

export interface PcaBasis {
  m: number;
  k: number;
  /** Mean hidden state, length m. */
  mean: Float64Array;
  /** Row-major [k, m]: unit principal directions. */
  components: Float64Array;
  /** Fraction of variance each component explains (relative to the probe states it was fitted on). */
  explained: number[];
}

export interface HiddenTrajectories {
  probes: number;
  L: number;
  k: number;
  /** Row-major [probes, L, k]: coordinates of h_l of each probe. */
  coords: Float64Array;
  basis: PcaBasis;
}

/** Top-k eigenvectors of a symmetric PSD matrix (n × n, row-major) by power iteration with deflation. */
export function topEigen(
  G: Float64Array,
  n: number,
  k: number,
  iterations = 200,
): { values: number[]; vectors: Float64Array } {
  const M = Float64Array.from(G);
  const vectors = new Float64Array(k * n);
  const values: number[] = [];
  const v = new Float64Array(n);
  const y = new Float64Array(n);
  for (let c = 0; c < k; c++) {
    // Deterministic start: not orthogonal to the top direction of any generic PSD matrix.
    for (let i = 0; i < n; i++) v[i] = 1 + ((i * 7919 + c * 104729) % 97) / 97;
    let lambda = 0;
    for (let it = 0; it < iterations; it++) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += (M[i * n + j] as number) * (v[j] as number);
        y[i] = s;
      }
      let norm = 0;
      for (let i = 0; i < n; i++) norm += (y[i] as number) ** 2;
      norm = Math.sqrt(norm);
      if (norm === 0) break;
      let change = 0;
      for (let i = 0; i < n; i++) {
        const nv = (y[i] as number) / norm;
        change += Math.abs(nv - (v[i] as number));
        v[i] = nv;
      }
      lambda = norm;
      if (change < 1e-10 * n) break;
    }
    values.push(lambda);
    vectors.set(v, c * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        M[i * n + j] = (M[i * n + j] as number) - lambda * (v[i] as number) * (v[j] as number);
  }
  return { values, vectors };
}

/** Fits a k-component PCA basis to the rows of X (n × m, row-major), through the n × n Gram matrix. */
export function fitPca(X: Float32Array | Float64Array, n: number, m: number, k: number): PcaBasis {
  const mean = new Float64Array(m);
  for (let r = 0; r < n; r++)
    for (let c = 0; c < m; c++) mean[c] = (mean[c] as number) + (X[r * m + c] as number) / n;
  const Xc = new Float64Array(n * m);
  let total = 0;
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < m; c++) {
      const v = (X[r * m + c] as number) - (mean[c] as number);
      Xc[r * m + c] = v;
      total += v * v;
    }
  }
  const G = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = a; b < n; b++) {
      let s = 0;
      for (let c = 0; c < m; c++) s += (Xc[a * m + c] as number) * (Xc[b * m + c] as number);
      G[a * n + b] = s;
      G[b * n + a] = s;
    }
  }
  const kk = Math.min(k, n);
  const { values, vectors } = topEigen(G, n, kk);
  const components = new Float64Array(k * m);
  for (let c = 0; c < kk; c++) {
    // Principal direction = Xcᵀ u / ‖Xcᵀ u‖.
    let norm = 0;
    for (let col = 0; col < m; col++) {
      let s = 0;
      for (let r = 0; r < n; r++) s += (Xc[r * m + col] as number) * (vectors[c * n + r] as number);
      components[c * m + col] = s;
      norm += s * s;
    }
    norm = Math.sqrt(norm);
    if (norm > 0)
      for (let col = 0; col < m; col++) components[c * m + col] = (components[c * m + col] as number) / norm;
  }
  const explained = Array.from({ length: k }, (_, c) =>
    total > 0 && c < kk ? (values[c] as number) / total : 0,
  );
  return { m, k, mean, components, explained };
}

/** Flips components of `basis` whose direction opposes the matching component of `previous`. */
export function alignSigns(basis: PcaBasis, previous: PcaBasis | null): PcaBasis {
  if (!previous || previous.m !== basis.m) return basis;
  const components = Float64Array.from(basis.components);
  for (let c = 0; c < Math.min(basis.k, previous.k); c++) {
    let dot = 0;
    for (let i = 0; i < basis.m; i++)
      dot += (components[c * basis.m + i] as number) * (previous.components[c * basis.m + i] as number);
    if (dot < 0)
      for (let i = 0; i < basis.m; i++)
        components[c * basis.m + i] = -(components[c * basis.m + i] as number);
  }
  return { ...basis, components };
}

/** Projects rows of X (n × m) on a basis: [n, k]. */
export function project(X: Float32Array | Float64Array, n: number, basis: PcaBasis): Float64Array {
  const { m, k } = basis;
  const out = new Float64Array(n * k);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let i = 0; i < m; i++)
        s += ((X[r * m + i] as number) - (basis.mean[i] as number)) * (basis.components[c * m + i] as number);
      out[r * k + c] = s;
    }
  }
  return out;
}

/**
 * Hidden-state trajectories of the probe batch. With `fixedBasis` the states are projected on it; otherwise a
 * PCA basis is fitted to them and sign-aligned with `previous`.
 */
export async function hiddenTrajectories(
  w: ForwardWeights,
  probes: BatchTensors,
  L: number,
  options: { k?: number; fixedBasis?: PcaBasis | null; previous?: PcaBasis | null } = {},
): Promise<HiddenTrajectories> {
  const k = options.k ?? 2;
  const Hall = tf.tidy(() => forward(w, probes.X, L, probes.batch).Hall);
  const H = (await Hall.data()) as Float32Array;
  const m = Hall.shape[1] as number;
  Hall.dispose();
  const n = L * probes.batch;
  const basis = options.fixedBasis ?? alignSigns(fitPca(H, n, m, k), options.previous ?? null);
  const projected = project(H, n, basis); // rows position-major: (l * P + q)
  const P = probes.batch;
  const coords = new Float64Array(P * L * basis.k);
  for (let l = 0; l < L; l++) {
    for (let q = 0; q < P; q++) {
      for (let c = 0; c < basis.k; c++)
        coords[(q * L + l) * basis.k + c] = projected[(l * P + q) * basis.k + c] as number;
    }
  }
  return { probes: P, L, k: basis.k, coords, basis };
}
