/**
 * The parts both sweep charts draw the same way: the frame and x axis, the colour and dash of each series,
 * the name of a point, and labelled horizontal reference lines (budget, ε); and how both are mounted. Their
 * run and median marks are in sweep-marks.ts.
 */
import type { Selection } from 'd3';
import { drawAxis, innerSize, leftMarginFor } from './axes';
import { createChart, layer, type RenderContext } from './shell';
import { formatSweepValue, runOffsets, sweepXScale, type SweepXScale } from './sweep-scales';
import { SWEEP_DASH } from './sweep-legend';
import { paletteColor, seriesDash, type Theme } from './theme';
import {
  SWEEP_CHART_CAPTIONS,
  SWEEP_CHART_TITLES,
  type SweepChartData,
  type SweepChartOptions,
  type SweepChartValue,
} from './sweep-types';
import type { ConfigurableChartHandle } from './types';

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

/**
 * Each sweep chart's CSS modifier (`rl-chart--<kind>`) and default height: a share of the width, at least
 * `least` and at most `most` pixels (`presenter` on a projector).
 */
const SWEEP_CHART_MOUNTS = {
  samples: { kind: 'sweep', share: 0.55, least: 280, most: 460, presenter: 560 },
  error: { kind: 'sweep-error', share: 0.42, least: 240, most: 360, presenter: 460 },
} as const;

/**
 * Mounts sweep chart `which` (its title and caption in sweep-types) in `container`: SVG only, no default
 * options, waiting until there is a run.
 */
export function mountSweepChart(
  container: HTMLElement,
  which: keyof typeof SWEEP_CHART_MOUNTS,
  render: (data: SweepChartData, ctx: RenderContext<SweepChartOptions>) => void,
  options: SweepChartOptions | undefined,
): ConfigurableChartHandle<SweepChartData, SweepChartOptions> {
  const m = SWEEP_CHART_MOUNTS[which];
  return createChart<SweepChartData, SweepChartOptions>(
    container,
    {
      kind: m.kind,
      title: SWEEP_CHART_TITLES[which],
      caption: SWEEP_CHART_CAPTIONS[which],
      canvas: false,
      defaults: {},
      defaultHeight: (w, o) =>
        Math.round(Math.min(o.presenter ? m.presenter : m.most, Math.max(m.least, w * m.share))),
      hasData: (d) => d.runs.length > 0,
      render,
    },
    options,
  );
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
  const { innerWidth, innerHeight } = innerSize(width, height, margin, 60);
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
