/** Reading metric series that may hold NaN, null or be shorter than expected. */
import type { Series } from './types';

/** The value at i as a number; NaN where it is missing, null or not finite. */
export function valueAt(series: Series | undefined, i: number): number {
  if (!series) return Number.NaN;
  const v = series[i];
  return v === null || v === undefined || !Number.isFinite(v) ? Number.NaN : v;
}

/** True where both x and y are finite numbers (and y > 0 when `positiveOnly`). */
export function isPlottable(x: number, y: number, positiveOnly = false): boolean {
  return Number.isFinite(x) && Number.isFinite(y) && (!positiveOnly || y > 0);
}

/** Whether any index holds a plottable (x, y) pair. */
export function hasPlottable(xs: Series, ys: Series, positiveOnly = false): boolean {
  const n = Math.min(xs.length, ys.length);
  for (let i = 0; i < n; i++) if (isPlottable(valueAt(xs, i), valueAt(ys, i), positiveOnly)) return true;
  return false;
}

/** Index of the entry of `xs` nearest to `x` among indices where `ys` is plottable; -1 if none. */
export function nearestIndex(xs: Series, ys: Series, x: number, positiveOnly = false): number {
  let best = -1;
  let bestDistance = Number.POSITIVE_INFINITY;
  const n = Math.min(xs.length, ys.length);
  for (let i = 0; i < n; i++) {
    const xi = valueAt(xs, i);
    if (!isPlottable(xi, valueAt(ys, i), positiveOnly)) continue;
    const distance = Math.abs(xi - x);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = i;
    }
  }
  return best;
}
