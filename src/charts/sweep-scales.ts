/**
 * The x axis of the sweep charts and where each mark sits on it: a log axis for positive numeric values
 * (the power law is then a straight line), a linear one for numbers that include zero (K = 0, noise = 0),
 * and evenly spaced points for names (concept, train). Runs of one value are spread a few pixels apart by
 * series and seed, so coinciding results stay visible as separate marks.
 */
import { scaleLinear, scaleLog, scalePoint } from 'd3';
import { logDomain } from './domain';
import type { SweepChartData, SweepChartValue } from './sweep-types';

export type SweepXKind = 'log' | 'linear' | 'category';

/** A mapping from swept values to pixels, with the ticks to label. */
export interface SweepXScale {
  kind: SweepXKind;
  /** Pixel of a value (NaN for a value the axis does not hold). */
  at(value: SweepChartValue): number;
  /** Pixel of a numeric position along the axis (for fit curves; NaN on a category axis). */
  atNumber(x: number): number;
  /** The d3 scale, for drawAxis. */
  axis: ((v: never) => number | undefined) & { range(): number[] };
  ticks: SweepChartValue[];
  /** Smallest pixel distance between neighbouring values (the room marks of one value may spread over). */
  spacing: number;
}

/** Which kind of x axis the values need. */
export function sweepXKind(values: readonly SweepChartValue[]): SweepXKind {
  if (values.length === 0 || values.some((v) => typeof v !== 'number')) return 'category';
  return (values as number[]).every((v) => v > 0) ? 'log' : 'linear';
}

/** The numeric domain of a log or linear axis, padded so edge values do not sit on the frame. */
export function sweepXDomain(values: readonly number[], kind: 'log' | 'linear'): [number, number] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  if (kind === 'log') {
    // A sweep over one octave would get a whole padded decade from logDomain; pad in log units instead.
    if (hi > lo) {
      const pad = (Math.log10(hi) - Math.log10(lo)) * 0.07;
      return [10 ** (Math.log10(lo) - pad), 10 ** (Math.log10(hi) + pad)];
    }
    return logDomain(lo, hi, 0);
  }
  const span = hi - lo || Math.max(1, Math.abs(lo));
  return [lo - span * 0.07, hi + span * 0.07];
}

/** The x scale of `values` over [0, width]. */
export function sweepXScale(values: readonly SweepChartValue[], width: number): SweepXScale {
  const kind = sweepXKind(values);
  if (kind === 'category') {
    const names = values.map(String);
    const s = scalePoint<string>().domain(names).range([0, width]).padding(0.5);
    const at = (v: SweepChartValue) => s(String(v)) ?? Number.NaN;
    return {
      kind,
      at,
      atNumber: () => Number.NaN,
      axis: s as unknown as SweepXScale['axis'],
      ticks: [...values],
      spacing: names.length > 1 ? s.step() : width / 2,
    };
  }
  const numbers = values as number[];
  const domain = sweepXDomain(numbers, kind);
  const s = (kind === 'log' ? scaleLog() : scaleLinear()).domain(domain).range([0, width]);
  const pixels = [...new Set(numbers)].sort((a, b) => a - b).map((v) => s(v));
  let spacing = width / 2;
  for (let i = 1; i < pixels.length; i++)
    spacing = Math.min(spacing, (pixels[i] as number) - (pixels[i - 1] as number));
  return {
    kind,
    at: (v) => (typeof v === 'number' ? s(v) : Number.NaN),
    atNumber: (x) => s(x),
    axis: s as unknown as SweepXScale['axis'],
    ticks: tickValues(numbers, s, Math.max(2, Math.floor(width / 46))),
    spacing,
  };
}

/**
 * The values to label: all of them while they fit, else the ones at least a label's width apart in pixels,
 * walking from the smallest (so the axis labels swept values, never in-between numbers).
 */
function tickValues(values: number[], at: (v: number) => number, max: number): number[] {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  if (sorted.length <= max) return sorted;
  const span = at(sorted[sorted.length - 1] as number) - at(sorted[0] as number);
  const gap = span / Math.max(1, max - 1);
  const out: number[] = [];
  for (const v of sorted) {
    const last = out[out.length - 1];
    if (last === undefined || at(v) - at(last) >= gap * 0.999) out.push(v);
  }
  return out;
}

/** The label of a tick value: numbers in full up to 99,999 (values are few and exact), names as they are. */
export function formatSweepValue(value: SweepChartValue): string {
  if (typeof value === 'string') return value;
  if (Math.abs(value) >= 1e5) return value.toExponential(1);
  return String(Number(value.toPrecision(6)));
}

/**
 * Horizontal pixel offsets of the runs at each value: series side by side, seeds side by side within a
 * series, the whole group no wider than `maxSpread` pixels nor than `markGap` per mark. Returns a map from
 * run index (in `data.runs`) to offset, and one from series index to the offset of that series' centre.
 */
export function runOffsets(
  data: Pick<SweepChartData, 'runs' | 'series'>,
  maxSpread: number,
  markGap: number,
): { run: number[]; series: number[] } {
  const seriesCount = Math.max(1, data.series.length);
  const seriesIndex = (s: SweepChartValue | null) => Math.max(0, data.series.indexOf(s));
  const seedsPerPoint = new Map<string, number[]>();
  data.runs.forEach((r, i) => {
    const key = JSON.stringify([r.series, r.value]);
    const list = seedsPerPoint.get(key) ?? [];
    list.push(i);
    seedsPerPoint.set(key, list);
  });
  const most = Math.max(1, ...[...seedsPerPoint.values()].map((l) => l.length));
  const perMark = Math.min(markGap, maxSpread / Math.max(1, most * seriesCount));
  const seriesWidth = perMark * most;
  const seriesCentre = Array.from(
    { length: seriesCount },
    (_, s) => (s - (seriesCount - 1) / 2) * seriesWidth,
  );
  const run = new Array<number>(data.runs.length).fill(0);
  for (const indices of seedsPerPoint.values()) {
    // Seeds in ascending order, placed against the fullest point, so a seed keeps its place as runs arrive.
    const sorted = [...indices].sort((a, b) => (data.runs[a]?.seed ?? 0) - (data.runs[b]?.seed ?? 0));
    sorted.forEach((runIndex, k) => {
      const r = data.runs[runIndex];
      const centre = seriesCentre[seriesIndex(r?.series ?? null)] ?? 0;
      run[runIndex] = centre + (k - (most - 1) / 2) * perMark;
    });
  }
  return { run, series: seriesCentre };
}
