/**
 * The parts both sweep charts draw the same way: the frame and x axis, one mark per run (a dot where the run
 * reached ε, a hollow triangle where it did not), the per-value medians with their quartile bars joined by
 * a line per series, and labelled horizontal reference lines (budget, ε).
 */
import type { Selection } from 'd3';
import { drawAxis, leftMarginFor } from './axes';
import { layer, type RenderContext } from './shell';
import { formatSweepValue, runOffsets, sweepXScale, type SweepXScale } from './sweep-scales';
import { SWEEP_DASH, trianglePath } from './sweep-legend';
import { COLORS, paletteColor, seriesDash, type Theme } from './theme';
import type { SweepChartData, SweepChartOptions, SweepChartValue } from './sweep-types';

export type G = Selection<SVGGElement, unknown, null, undefined>;

/** The plot area of one sweep chart, ready to draw in. */
export interface SweepFrame {
  root: G;
  x: SweepXScale;
  innerWidth: number;
  innerHeight: number;
  margin: { top: number; right: number; bottom: number; left: number };
  /** Pixel offset of each run (index in data.runs) and of each series' centre, around its value's x. */
  offsets: { run: number[]; series: number[] };
}

/** Colour of a series (the palette in series order; one curve is the first colour). */
export function seriesColor(data: Pick<SweepChartData, 'series'>, series: SweepChartValue | null): string {
  return paletteColor(Math.max(0, data.series.indexOf(series)));
}

/** The dash of a series' median line: the first solid, the others dashed (they differ beyond colour). */
export function seriesLineDash(
  data: Pick<SweepChartData, 'series'>,
  series: SweepChartValue | null,
): string | undefined {
  const k = data.series.indexOf(series);
  return k > 0 ? seriesDash(k - 1) : undefined;
}

/** "L = 16" or "L = 16, concept = joint". */
export function pointName(
  data: Pick<SweepChartData, 'variable' | 'seriesVariable'>,
  value: SweepChartValue,
  series: SweepChartValue | null,
): string {
  const s = data.seriesVariable && series !== null ? `, ${data.seriesVariable} = ${series}` : '';
  return `${data.variable} = ${formatSweepValue(value)}${s}`;
}

/** Lays out the plot, draws the x axis, and returns where everything goes. */
export function sweepFrame(
  ctx: RenderContext<SweepChartOptions>,
  data: SweepChartData,
  yTickLabels: string[],
  rightRoom: number,
): SweepFrame {
  const { shell, theme, width, height } = ctx;
  const margin = {
    top: Math.ceil(theme.font * 0.6) + 8,
    right: rightRoom,
    bottom: theme.font + theme.label + 26,
    left: leftMarginFor(yTickLabels, theme),
  };
  const innerWidth = Math.max(60, width - margin.left - margin.right);
  const innerHeight = Math.max(60, height - margin.top - margin.bottom);
  const root = layer(shell.svg, 'plot-area').attr('transform', `translate(${margin.left},${margin.top})`);
  const x = sweepXScale(data.values, innerWidth);
  const axisLabel = x.kind === 'log' ? `${data.variableLabel} (log scale)` : data.variableLabel;
  drawAxis(
    layer(root, 'x-axis').attr('transform', `translate(0,${innerHeight})`),
    x.axis as never,
    // drawAxis formats ticks as numbers: names (a category axis) keep the point scale's own labels.
    x.kind === 'category'
      ? { orient: 'bottom', label: axisLabel }
      : {
          orient: 'bottom',
          ticks: x.ticks as number[],
          format: (v) => formatSweepValue(v),
          label: axisLabel,
        },
    theme,
  );
  // Marks of one value may spread over at most 40% of the gap to its neighbour.
  const offsets = runOffsets(data, Math.max(theme.marker * 2, x.spacing * 0.4), theme.marker * 2.2);
  return { root, x, innerWidth, innerHeight, margin, offsets };
}

/** One run's mark in plot coordinates. */
export interface RunMark {
  key: string;
  x: number;
  y: number;
  color: string;
  /** Drawn as a hollow triangle: the run missed ε (its true value is above this level). */
  censored: boolean;
}

/** Draws the run marks into `g` (replacing the previous ones). */
export function drawRunMarks(g: G, marks: RunMark[], theme: Theme): void {
  g.selectAll<SVGCircleElement, RunMark>('circle.run-mark')
    .data(
      marks.filter((m) => !m.censored),
      (d) => d.key,
    )
    .join('circle')
    .attr('class', 'run-mark run-reached')
    .attr('cx', (d) => d.x)
    .attr('cy', (d) => d.y)
    .attr('r', theme.marker * 0.85)
    .attr('fill', (d) => d.color)
    .attr('fill-opacity', 0.55)
    .attr('stroke', (d) => d.color)
    .attr('stroke-width', 0.75);
  g.selectAll<SVGPathElement, RunMark>('path.run-mark')
    .data(
      marks.filter((m) => m.censored),
      (d) => d.key,
    )
    .join('path')
    .attr('class', 'run-mark run-censored')
    .attr('d', trianglePath(theme.marker * 1.3))
    .attr('transform', (d) => `translate(${d.x},${d.y})`)
    .attr('fill', 'white')
    .attr('stroke', (d) => d.color)
    .attr('stroke-width', 1.75);
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
  g.selectAll<SVGCircleElement, MedianMark>('circle.median-mark')
    .data(
      medians.filter((m) => !m.censored),
      (d) => d.key,
    )
    .join('circle')
    .attr('class', 'median-mark')
    .attr('cx', (d) => d.x)
    .attr('cy', (d) => d.y)
    .attr('r', theme.marker * 1.5)
    .attr('fill', (d) => d.color)
    .attr('stroke', 'white')
    .attr('stroke-width', 1.5);
  g.selectAll<SVGPathElement, MedianMark>('path.median-mark')
    .data(
      medians.filter((m) => m.censored),
      (d) => d.key,
    )
    .join('path')
    .attr('class', 'median-mark median-censored')
    .attr('d', trianglePath(theme.marker * 2))
    .attr('transform', (d) => `translate(${d.x},${d.y})`)
    .attr('fill', 'white')
    .attr('stroke', (d) => d.color)
    .attr('stroke-width', 2.5);
}

/** A labelled horizontal reference line. */
export interface ReferenceLevel {
  key: 'budget' | 'eps';
  y: number;
  label: string;
  color: string;
}

/** Draws reference lines across the plot, labelled at the right end (outside the marks). */
export function drawReferenceLevels(g: G, levels: ReferenceLevel[], width: number, theme: Theme): void {
  g.selectAll<SVGLineElement, ReferenceLevel>('line.ref-line')
    .data(levels, (d) => d.key)
    .join('line')
    .attr('class', (d) => `ref-line ref-${d.key}`)
    .attr('x1', 0)
    .attr('x2', width)
    .attr('y1', (d) => d.y)
    .attr('y2', (d) => d.y)
    .attr('stroke', (d) => d.color)
    .attr('stroke-width', theme.thin + 0.25)
    .attr('stroke-dasharray', (d) => SWEEP_DASH[d.key]);
  g.selectAll<SVGTextElement, ReferenceLevel>('text.ref-label')
    .data(levels, (d) => d.key)
    .join('text')
    .attr('class', (d) => `ref-label ref-${d.key}`)
    .attr('x', width + 6)
    .attr('y', (d) => d.y)
    .attr('dy', '0.35em')
    .attr('font-size', theme.font)
    .attr('fill', (d) => d.color)
    .text((d) => d.label);
}
