/**
 * The marks both sweep charts draw and read out the same way: one mark per run (a dot where the run reached
 * ε, a hollow triangle where it did not) and the per-value medians with their quartile bars joined by a line
 * per series, placed at the heights and read out with the rows each chart gives; the hover read-out over
 * them; and the legend entries both charts share.
 */
import { layer, type ChartShell } from './shell';
import { attachSweepHover, type HoverMark } from './sweep-hover';
import { trianglePath, type SweepLegendEntry } from './sweep-legend';
import { pointName, seriesColor, seriesLineDash, type G, type SweepFrame } from './sweep-plot';
import { COLORS, type Theme } from './theme';
import type { TooltipRow } from './tooltip';
import type { SweepChartData, SweepChartPoint, SweepChartRun, SweepChartValue } from './sweep-types';

/** One run's mark in plot coordinates. */
export interface RunMark {
  key: string;
  x: number;
  y: number;
  color: string;
  /** Drawn as a hollow triangle: the run missed ε (its true value is above this level). */
  censored: boolean;
}

/** One value's median (and quartile bar) in plot coordinates. */
export interface MedianMark {
  key: string;
  series: SweepChartValue | null;
  x: number;
  y: number;
  /** Quartile bar ends (NaN: no bar). */
  yLow: number;
  yHigh: number;
  color: string;
  censored: boolean;
  /** Dash of the line joining the series' medians (solid when absent). */
  dash?: string;
}

/**
 * Where one chart puts a mark and what its read-out says below the heading (`color`: the mark's series
 * colour); null leaves the mark out.
 */
export interface SweepMarkPlacement {
  median(
    p: SweepChartPoint,
    color: string,
  ): (Pick<MedianMark, 'y' | 'yLow' | 'yHigh' | 'censored'> & { rows: TooltipRow[] }) | null;
  run(r: SweepChartRun, color: string): (Pick<RunMark, 'y' | 'censored'> & { rows: TooltipRow[] }) | null;
}

/**
 * Places the medians and the runs as `place` says, draws them (medians under runs) with the hover read-out
 * of every mark, and returns the marks drawn.
 */
export function drawSweepMarks(
  f: SweepFrame,
  shell: ChartShell,
  data: SweepChartData,
  place: SweepMarkPlacement,
  theme: Theme,
): { medians: MedianMark[]; runs: RunMark[] } {
  const hover: HoverMark[] = [];
  const medians: MedianMark[] = [];
  for (const p of data.points) {
    const color = seriesColor(data, p.series);
    const at = place.median(p, color);
    if (!at) continue;
    const m: MedianMark = {
      key: JSON.stringify([p.series, p.value]),
      series: p.series,
      x: f.x.at(p.value) + (f.offsets.series[data.series.indexOf(p.series)] ?? 0),
      y: at.y,
      yLow: at.yLow,
      yHigh: at.yHigh,
      color,
      dash: seriesLineDash(data, p.series),
      censored: at.censored,
    };
    medians.push(m);
    hover.push({
      x: m.x,
      y: m.y,
      heading: `${pointName(data, p.value, p.series)}: median of ${p.runs} run${p.runs === 1 ? '' : 's'}`,
      rows: at.rows,
    });
  }
  const runs: RunMark[] = [];
  data.runs.forEach((r, i) => {
    const color = seriesColor(data, r.series);
    const at = place.run(r, color);
    if (!at) return;
    const mark: RunMark = {
      key: JSON.stringify([r.series, r.value, r.seed]),
      x: f.x.at(r.value) + (f.offsets.run[i] ?? 0),
      y: at.y,
      color,
      censored: at.censored,
    };
    runs.push(mark);
    hover.push({
      x: mark.x,
      y: mark.y,
      heading: `${pointName(data, r.value, r.series)}, seed ${r.seed}`,
      rows: at.rows,
    });
  });
  drawMedianMarks(layer(f.root, 'medians'), medians, theme);
  drawRunMarks(layer(f.root, 'runs'), runs, theme);
  attachSweepHover(f, shell, hover, theme);
  return { medians, runs };
}

/** The colour of the marks in the legend: grey with several series (their colours are listed), else the series'. */
export function legendMarkColor(data: Pick<SweepChartData, 'series'>): string {
  return data.series.length > 1 ? COLORS.muted : seriesColor(data, data.series[0] ?? null);
}

/** One legend entry per series (its median line), none with a single series. */
export function seriesLegendEntries(
  data: Pick<SweepChartData, 'series' | 'seriesVariable'>,
): SweepLegendEntry[] {
  if (data.series.length <= 1) return [];
  return data.series.map((s) => ({
    symbol: 'median' as const,
    label: `${data.seriesVariable} = ${s}`,
    color: seriesColor(data, s),
    dash: seriesLineDash(data, s),
  }));
}

/**
 * Joins the marks into `g` by key: a dot `circle.<name>` of radius `look.dot`, in the mark's colour, for
 * each mark that is not censored; a triangle `path.<name>` of size `look.triangle`, white inside and
 * outlined in the mark's colour, for each one that is. Returns both for the caller's strokes. (A median
 * mark has every field of a run mark.)
 */
function joinMarks<M extends RunMark>(
  g: G,
  name: string,
  marks: M[],
  look: { reachedClass: string; censoredClass: string; dot: number; triangle: number },
) {
  const dots = g
    .selectAll<SVGCircleElement, M>(`circle.${name}`)
    .data(
      marks.filter((m) => !m.censored),
      (d) => d.key,
    )
    .join('circle')
    .attr('class', look.reachedClass)
    .attr('cx', (d) => d.x)
    .attr('cy', (d) => d.y)
    .attr('r', look.dot)
    .attr('fill', (d) => d.color);
  const triangles = g
    .selectAll<SVGPathElement, M>(`path.${name}`)
    .data(
      marks.filter((m) => m.censored),
      (d) => d.key,
    )
    .join('path')
    .attr('class', look.censoredClass)
    .attr('d', trianglePath(look.triangle))
    .attr('transform', (d) => `translate(${d.x},${d.y})`)
    .attr('fill', 'white')
    .attr('stroke', (d) => d.color);
  return { dots, triangles };
}

/** Draws the run marks into `g` (replacing the previous ones). */
export function drawRunMarks(g: G, marks: RunMark[], theme: Theme): void {
  const { dots, triangles } = joinMarks(g, 'run-mark', marks, {
    reachedClass: 'run-mark run-reached',
    censoredClass: 'run-mark run-censored',
    dot: theme.marker * 0.85,
    triangle: theme.marker * 1.3,
  });
  dots
    .attr('fill-opacity', 0.55)
    .attr('stroke', (d) => d.color)
    .attr('stroke-width', 0.75);
  triangles.attr('stroke-width', 1.75);
}

/** Draws the medians, their quartile bars and a line joining each series' medians. */
export function drawMedianMarks(g: G, medians: MedianMark[], theme: Theme): void {
  const bySeries = new Map<string, MedianMark[]>();
  for (const m of medians) {
    const k = JSON.stringify(m.series);
    bySeries.set(k, [...(bySeries.get(k) ?? []), m]);
  }
  const lines = [...bySeries.entries()].map(([key, ms]) => ({
    key,
    color: ms[0]?.color ?? COLORS.text,
    dash: ms[0]?.dash ?? null,
    d: ms.map((m, i) => `${i ? 'L' : 'M'}${m.x},${m.y}`).join(''),
  }));
  g.selectAll<SVGPathElement, (typeof lines)[number]>('path.median-line')
    .data(lines, (d) => d.key)
    .join('path')
    .attr('class', 'median-line')
    .attr('d', (d) => d.d)
    .attr('fill', 'none')
    .attr('stroke', (d) => d.color)
    .attr('stroke-width', (d) => (d.dash ? theme.thin + 0.75 : theme.thin))
    .attr('stroke-dasharray', (d) => d.dash)
    .attr('opacity', 0.7);
  g.selectAll<SVGLineElement, MedianMark>('line.quartile-bar')
    .data(
      medians.filter((m) => Number.isFinite(m.yLow) && Number.isFinite(m.yHigh)),
      (d) => d.key,
    )
    .join('line')
    .attr('class', 'quartile-bar')
    .attr('x1', (d) => d.x)
    .attr('x2', (d) => d.x)
    .attr('y1', (d) => d.yLow)
    .attr('y2', (d) => d.yHigh)
    .attr('stroke', (d) => d.color)
    .attr('stroke-width', theme.thin + 1)
    .attr('stroke-linecap', 'round');
  const { dots, triangles } = joinMarks(g, 'median-mark', medians, {
    reachedClass: 'median-mark',
    censoredClass: 'median-mark median-censored',
    dot: theme.marker * 1.5,
    triangle: theme.marker * 2,
  });
  dots.attr('stroke', 'white').attr('stroke-width', 1.5);
  triangles.attr('stroke-width', 2.5);
}
