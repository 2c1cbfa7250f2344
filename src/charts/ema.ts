/**
 * Exponential moving average with TensorBoard's debiasing: the running average starts at 0 and is divided by
 * 1 − w^n (n = finite values seen so far), so the first points are not pulled towards zero. Non-finite
 * values (NaN, null, ±Infinity) are passed through as NaN and do not enter the average.
 */
import type { Series } from './types';

/** Smooths `values` with weight `weight` in [0, 1); weight 0 returns the values unchanged (as numbers). */
export function smoothEma(values: Series, weight: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  const w = Math.min(Math.max(Number.isFinite(weight) ? weight : 0, 0), 0.999);
  let last = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined || !Number.isFinite(v)) {
      out[i] = Number.NaN;
      continue;
    }
    last = last * w + (1 - w) * v;
    count++;
    out[i] = w === 0 ? v : last / (1 - w ** count);
  }
  return out;
}
