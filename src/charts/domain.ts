/** Axis domains from data that may hold NaN, null, zeros (on log axes) and single points. */

/** [min, max] of the finite values (positive ones only when `positiveOnly`), or null when there are none. */
export function finiteExtent(
  values: Iterable<number | null | undefined>,
  positiveOnly = false,
): [number, number] | null {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v === null || v === undefined || !Number.isFinite(v) || (positiveOnly && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

/**
 * A log-axis domain around [lo, hi] (both > 0) with a margin of `pad` decades each side, at least one decade
 * wide so a flat series still gets readable ticks.
 */
export function logDomain(lo: number, hi: number, pad = 0.08): [number, number] {
  let a = Math.log10(lo);
  let b = Math.log10(hi);
  if (b - a < 1) {
    const mid = (a + b) / 2;
    a = mid - 0.5;
    b = mid + 0.5;
  }
  return [10 ** (a - pad), 10 ** (b + pad)];
}

/**
 * A linear domain around [lo, hi]: includes zero when `includeZero`, pads the far side by `pad` of the span,
 * and widens a zero-width extent so a single point sits mid-axis.
 */
export function linearDomain(lo: number, hi: number, includeZero = false, pad = 0.05): [number, number] {
  let a = includeZero ? Math.min(0, lo) : lo;
  let b = includeZero ? Math.max(0, hi) : hi;
  if (b - a <= 0) {
    const half = Math.abs(a) > 0 ? Math.abs(a) * 0.5 : 0.5;
    return [a - half, b + half];
  }
  const span = b - a;
  if (!(includeZero && a === 0)) a -= span * pad;
  if (!(includeZero && b === 0)) b += span * pad;
  return [a, b];
}

/**
 * Indices to draw so a line of n points over `width` pixels keeps its shape: per pixel column the first,
 * lowest, highest and last point (the M4 rule). `pixelOf` maps an index to its pixel column; indices whose
 * pixel is not finite are dropped. Returns every index when there are fewer than 4 points per column.
 */
export function decimateIndices(
  n: number,
  pixelOf: (i: number) => number,
  valueOf: (i: number) => number,
  width: number,
): number[] {
  if (n <= Math.max(4 * width, 16)) {
    const all: number[] = [];
    for (let i = 0; i < n; i++) if (Number.isFinite(pixelOf(i)) && Number.isFinite(valueOf(i))) all.push(i);
    return all;
  }
  const keep: number[] = [];
  let column = Number.NaN;
  let first = -1;
  let last = -1;
  let lowest = -1;
  let highest = -1;
  const flush = (): void => {
    if (first < 0) return;
    const group = Array.from(new Set([first, lowest, highest, last])).sort((a, b) => a - b);
    keep.push(...group);
  };
  for (let i = 0; i < n; i++) {
    const p = pixelOf(i);
    const v = valueOf(i);
    if (!Number.isFinite(p) || !Number.isFinite(v)) continue;
    const c = Math.floor(p);
    if (c !== column) {
      flush();
      column = c;
      first = lowest = highest = i;
    }
    last = i;
    if (v < valueOf(lowest)) lowest = i;
    if (v > valueOf(highest)) highest = i;
  }
  flush();
  return keep;
}

/** Span of a sample-count axis whose data has no spread yet (one reading, as at step 0 or after Reset). */
export const MIN_COUNT_SPAN = 10;

/**
 * A domain for sample counts, which are whole and never negative: from the first count (or zero when
 * `fromZero`) to the last. A single count gets a small span around it instead of a zero-width domain, whose
 * ticks would be fractions ("0 0 0 1 1 1" once rounded); the lower end never goes below zero.
 */
export function countDomain(
  extent: [number, number] | null,
  fromZero = true,
  minSpan = MIN_COUNT_SPAN,
): [number, number] {
  if (!extent) return [0, minSpan];
  const lo = Math.max(0, fromZero ? Math.min(0, extent[0]) : extent[0]);
  const hi = Math.max(lo, extent[1]);
  if (hi > lo) return [lo, hi];
  const half = Math.max(minSpan / 2, Math.abs(lo) * 0.1);
  const start = Math.max(0, lo - half);
  return [start, Math.max(start + minSpan, lo + half)];
}

/**
 * A domain for a quantity that cannot be negative (a norm, a share): zero to the largest value plus `pad` of
 * it. With no positive value (nothing measured yet, or everything still zero, as at initialisation) the axis
 * runs from zero to `emptyTop` rather than spreading evenly around zero.
 */
export function nonNegativeDomain(max: number | null, pad = 0.08, emptyTop = 1): [number, number] {
  if (max === null || !(max > 0) || !Number.isFinite(max)) return [0, emptyTop];
  return [0, max * (1 + pad)];
}
