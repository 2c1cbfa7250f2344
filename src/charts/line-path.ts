/** SVG path strings for metric series: gaps at missing values, decimated to the plot's pixel width. */
import { line } from 'd3';
import { decimateIndices } from './domain';
import { valueAt } from './series';
import type { Series } from './types';

/** A drawn point in plot coordinates. */
export type Point = [number, number];

/**
 * Plot coordinates of the points of (xs, ys) that the scales can place (finite, and positive on log axes),
 * decimated to a few points per pixel column. Missing values are skipped, so the line joins across them.
 */
export function seriesPoints(
  xs: Series,
  ys: Series,
  x: (v: number) => number,
  y: (v: number) => number,
  width: number,
): Point[] {
  const n = Math.min(xs.length, ys.length);
  // Scale each point once: decimation looks at every point several times.
  const px = new Float64Array(n);
  const py = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const yv = valueAt(ys, i);
    px[i] = Number.isFinite(yv) ? x(valueAt(xs, i)) : Number.NaN;
    py[i] = Number.isFinite(yv) ? y(yv) : Number.NaN;
  }
  return decimateIndices(
    n,
    (i) => px[i] as number,
    (i) => py[i] as number,
    width,
  ).map((i) => [px[i] as number, py[i] as number]);
}

const pathOf = line<Point>()
  .x((p) => p[0])
  .y((p) => p[1]);

/** The `d` attribute of a polyline through `points` ('' when empty). */
export function pathData(points: Point[]): string {
  return points.length ? (pathOf(points) ?? '') : '';
}
