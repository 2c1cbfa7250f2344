/**
 * The inner loop of the cpu backend's RNN kernels: acc += a·B for one row a, skipping a's zero entries.
 *
 * Every left operand of the step's big products is ReLU-sparse: h_{l-1} in the forward pass, δ_{l+1} in the
 * backward pass and δᵀ in dW are zero wherever a unit is off (about half of them). Gathering a's nonzero
 * entries first and adding four rows of B at a time (so acc is loaded and stored once per four rows) runs
 * several times faster than tfjs's cpu matMul, whose inner loop strides down B's columns. The sums are formed
 * in float64 and rounded to float32 once, when the caller stores them.
 */

/** Scratch buffers for rowTimesMatrix, sized for the widest row. */
export interface RowScratch {
  /** Offsets (k·p) of a's nonzero entries into B. */
  offsets: Int32Array;
  values: Float64Array;
}

export function rowScratch(maxK: number): RowScratch {
  return { offsets: new Int32Array(maxK), values: new Float64Array(maxK) };
}

/**
 * acc[0..p) += Σ_k a[aStart + k]·b[bStart + k·p + j] over k in [0, K) with a[aStart + k] ≠ 0.
 * `b` holds K rows of length p from `bStart`.
 */
export function rowTimesMatrix(
  a: Float32Array,
  aStart: number,
  K: number,
  b: Float32Array,
  bStart: number,
  p: number,
  acc: Float64Array,
  s: RowScratch,
): void {
  const { offsets, values } = s;
  let count = 0;
  for (let k = 0; k < K; k++) {
    const v = a[aStart + k] as number;
    if (v !== 0) {
      offsets[count] = bStart + k * p;
      values[count] = v;
      count++;
    }
  }
  let q = 0;
  for (; q + 3 < count; q += 4) {
    const a0 = values[q] as number;
    const a1 = values[q + 1] as number;
    const a2 = values[q + 2] as number;
    const a3 = values[q + 3] as number;
    const o0 = offsets[q] as number;
    const o1 = offsets[q + 1] as number;
    const o2 = offsets[q + 2] as number;
    const o3 = offsets[q + 3] as number;
    for (let j = 0; j < p; j++) {
      acc[j] =
        (acc[j] as number) +
        a0 * (b[o0 + j] as number) +
        a1 * (b[o1 + j] as number) +
        a2 * (b[o2 + j] as number) +
        a3 * (b[o3 + j] as number);
    }
  }
  for (; q < count; q++) {
    const v = values[q] as number;
    const o = offsets[q] as number;
    for (let j = 0; j < p; j++) acc[j] = (acc[j] as number) + v * (b[o + j] as number);
  }
}

/** The transpose of a row-major [rows, cols] matrix. */
export function transposed(x: Float32Array, rows: number, cols: number): Float32Array {
  const t = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    for (let j = 0; j < cols; j++) t[j * rows + i] = x[base + j] as number;
  }
  return t;
}
