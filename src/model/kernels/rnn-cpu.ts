/**
 * The RNN's three big computations on host arrays, for the cpu backend's kernels (kernels/cpu.ts). Layouts as
 * in engine.ts: position-major rows (row l·B + b is sequence b at position l), hidden states as row vectors.
 *
 *   forward:  h_l = ReLU(h_{l-1}·Wᵀ + x_l·Aᵀ), h_0 = 0                          → H [L·B, m]
 *   backward: δ_l = (δ_{l+1}·W + e_l·(λB)) ⊙ 1[h_l > 0], δ_{L+1} = 0            → Δ [L·B, m]
 *   dW:       Σ_l δ_lᵀ·h_{l-1}                                                   → [m, m]
 *
 * Each row product skips the zero entries of its (ReLU-sparse) left operand; see sparse-rows.ts.
 */
import { rowScratch, rowTimesMatrix, transposed } from './sparse-rows';

export interface RnnShape {
  L: number;
  batch: number;
  m: number;
}

/** Writes acc into out[start..start+p), keeping only units that are on (ReLU) or masking by `on`. */
function storeRelu(acc: Float64Array, out: Float32Array, start: number, p: number): void {
  for (let j = 0; j < p; j++) {
    const v = acc[j] as number;
    // NaN stays NaN, as in tf.relu, so a diverged run still shows as diverged.
    out[start + j] = v > 0 || v !== v ? v : 0;
  }
}

/** Hidden states H [L·B, m] from X [L·B, dx], W [m, m], A [m, dx]. */
export function rnnForward(
  X: Float32Array,
  W: Float32Array,
  A: Float32Array,
  dx: number,
  { L, batch, m }: RnnShape,
): Float32Array {
  const Wt = transposed(W, m, m);
  const At = transposed(A, m, dx);
  const H = new Float32Array(L * batch * m);
  const acc = new Float64Array(m);
  const scratch = rowScratch(Math.max(m, dx));
  for (let r = 0; r < L * batch; r++) {
    acc.fill(0);
    rowTimesMatrix(X, r * dx, dx, At, 0, m, acc, scratch);
    if (r >= batch) rowTimesMatrix(H, (r - batch) * m, m, Wt, 0, m, acc, scratch);
    storeRelu(acc, H, r * m, m);
  }
  return H;
}

/** δ for every position, Δ [L·B, m], from output errors E [L·B, d], H, W and B [d, m]. */
export function rnnBackward(
  E: Float32Array,
  H: Float32Array,
  W: Float32Array,
  B: Float32Array,
  lambda: number,
  d: number,
  { L, batch, m }: RnnShape,
): Float32Array {
  // λ·B rounded to float32 once, as engine.ts's tf.mul(B, λ) does.
  const lB = Float32Array.from(B, (v) => v * lambda);
  const delta = new Float32Array(L * batch * m);
  const acc = new Float64Array(m);
  const scratch = rowScratch(Math.max(m, d));
  for (let r = L * batch - 1; r >= 0; r--) {
    acc.fill(0);
    rowTimesMatrix(E, r * d, d, lB, 0, m, acc, scratch);
    if (r + batch < L * batch) rowTimesMatrix(delta, (r + batch) * m, m, W, 0, m, acc, scratch);
    const base = r * m;
    for (let j = 0; j < m; j++) {
      const h = H[base + j] as number;
      // tf.step: 1 where h > 0, 0 where h ≤ 0, NaN where h is NaN.
      delta[base + j] = h > 0 ? (acc[j] as number) : h === h ? 0 : Number.NaN;
    }
  }
  return delta;
}

/** dW = Σ_l δ_lᵀ·h_{l-1} (h_0 = 0), [m, m], from Δ and H (both [L·B, m]). */
export function rnnWeightGradient(
  delta: Float32Array,
  H: Float32Array,
  { L, batch, m }: RnnShape,
): Float32Array {
  const rows = L * batch;
  // Row i of Δᵀ lists unit i's δ over all rows; position 1 pairs with h_0 = 0 and is skipped.
  const deltaT = transposed(delta, rows, m);
  const dW = new Float32Array(m * m);
  const acc = new Float64Array(m);
  const scratch = rowScratch(rows);
  for (let i = 0; i < m; i++) {
    acc.fill(0);
    rowTimesMatrix(deltaT, i * rows + batch, rows - batch, H, 0, m, acc, scratch);
    dW.set(acc, i * m);
  }
  return dW;
}
