/**
 * Lazy-training metrics against samples seen, as four small multiples sharing the x axis: relative weight
 * movement (Frobenius), sqrt(m)-scaled spectral movement, the fraction of flipped ReLU patterns, and the
 * linearization gap. Separate y axes keep each quantity in its own units instead of forcing two onto one.
 */
import { scaleLinear, scaleLog } from 'd3';
import { drawAxis, leftMarginFor, logTicks } from './axes';
import { CHART_CAPTIONS, CHART_TITLES } from './captions';
import { finiteExtent, linearDomain } from './domain';
import { formatCount, formatPercent, formatValue } from './format';
import { pathData, seriesPoints } from './line-path';
import { hasPlottable, valueAt } from './series';
import { createChart, layer, type RenderContext } from './shell';
import { PALETTE, COLORS } from './theme';
import type { ConfigurableChartHandle, LazyData, LazyOptions, Series } from './types';

/** Handle of the lazy-training chart (option: logX). */
export type LazyChartHandle = ConfigurableChartHandle<LazyData, LazyOptions>;

/** One small multiple. */
export interface LazyPanel {
  key: 'weightMovementFrobenius' | 'weightMovementSpectral' | 'patternFlips' | 'linearizationGap';
  title: string;
  axis: string;
  color: string;
  format: (v: number) => string;
}

/** The four panels, in reading order. */
export const LAZY_PANELS: LazyPanel[] = [
  {
    key: 'weightMovementFrobenius',
    title: 'Relative weight movement',
    axis: 'Frobenius: ‖W − W₀‖ / ‖W₀‖',
    color: PALETTE[0],
    format: formatValue,
  },
  {
    key: 'weightMovementSpectral',
    title: 'Spectral movement',
    axis: '√m · ‖W − W₀‖₂ (spectral norm)',
    color: PALETTE[2],
    format: formatValue,
  },
  {
    key: 'patternFlips',
    title: 'ReLU pattern flips',
    axis: 'share of ReLU signs changed since W₀',
    color: PALETTE[1],
    format: formatPercent,
  },
  {
    key: 'linearizationGap',
    title: 'Linearization gap',
    axis: '‖F − Fₗᵢₙ‖ / ‖F − F₀‖ on the test set',
    color: PALETTE[3],
    format: formatValue,
  },
];

/** Columns of small multiples for a plot `width` pixels wide. */
export function lazyColumns(width: number): number {
  return width >= 620 ? 2 : 1;
}

/** The y domain of one panel: from zero to the series maximum (a panel with one value still gets a span). */
export function lazyYDomain(series: Series): [number, number] {
  const extent = finiteExtent(Array.from({ length: series.length }, (_, i) => valueAt(series, i)));
  if (!extent) return [0, 1];
  return linearDomain(extent[0], extent[1], true, 0.08);
}

/** Creates the lazy-training chart in `container`. */
export function createLazyChart(container: HTMLElement, options?: LazyOptions): LazyChartHandle {
  const render = (data: LazyData, ctx: RenderContext<LazyOptions>): void => {
    const { shell, options: o, theme, width, height } = ctx;
    const columns = lazyColumns(width);
    const rows = Math.ceil(LAZY_PANELS.length / columns);
    const panelGapX = 28;
    const titleSpace = theme.label + theme.font + 18;
    const xAxisSpace = theme.font + 14;
    const bottomTitle = theme.label + 12;
    const yLabelsGuess = ['0.000', '00%'];
    const left = leftMarginFor(yLabelsGuess, theme);
    const panelWidth = Math.max(60, (width - columns * left - (columns - 1) * panelGapX - 8) / columns);
    const panelHeight = Math.max(50, (height - bottomTitle) / rows - titleSpace - xAxisSpace);
    const xs = finiteExtent(
      Array.from({ length: data.samples.length }, (_, i) => valueAt(data.samples, i)),
      Boolean(o.logX),
    );
    const xDomain: [number, number] = xs ? (xs[1] > xs[0] ? xs : [xs[0] * 0.9, xs[0] * 1.1 + 1]) : [0, 1];
    const x = (o.logX ? scaleLog() : scaleLinear()).domain(xDomain).range([0, panelWidth]);
    const xTickOptions = o.logX
      ? { ticks: logTicks(xDomain[0], xDomain[1], 4) }
      : { tickCount: Math.max(2, Math.floor(panelWidth / 90)) };

    const root = layer(shell.svg, 'plot-area');
    LAZY_PANELS.forEach((panel, k) => {
      const col = k % columns;
      const row = Math.floor(k / columns);
      const px = col * (left + panelWidth + panelGapX) + left;
      const py = row * (titleSpace + panelHeight + xAxisSpace) + titleSpace;
      const g = layer(root, `panel-${panel.key}`)
        .attr('transform', `translate(${px},${py})`)
        .attr('class', `panel-${panel.key} lazy-panel`);
      const series = data[panel.key];
      const y = scaleLinear().domain(lazyYDomain(series)).range([panelHeight, 0]).nice(4);
      const lastRow = row === rows - 1 || k + columns >= LAZY_PANELS.length;
      drawAxis(
        layer(g, 'y-axis'),
        y,
        { orient: 'left', ticks: y.ticks(4), format: panel.format, grid: panelWidth },
        theme,
      );
      drawAxis(
        layer(g, 'x-axis').attr('transform', `translate(0,${panelHeight})`),
        x,
        {
          orient: 'bottom',
          ...xTickOptions,
          format: formatCount,
          ...(lastRow ? { label: 'samples seen' } : {}),
        },
        theme,
      );
      const latest = lastValue(series);
      const header = [
        {
          key: 'title',
          text: panel.title,
          x: -left + 4,
          y: -theme.font - 12,
          anchor: 'start',
          size: theme.label,
          weight: 600,
          color: COLORS.text,
        },
        {
          key: 'now',
          text: Number.isFinite(latest) ? `now ${panel.format(latest)}` : '',
          x: panelWidth,
          y: -theme.font - 12,
          anchor: 'end',
          size: theme.label,
          weight: 600,
          color: panel.color,
        },
        {
          key: 'formula',
          text: panel.axis,
          x: -left + 4,
          y: -8,
          anchor: 'start',
          size: theme.font,
          weight: 400,
          color: COLORS.muted,
        },
      ];
      g.selectAll('text.panel-header')
        .data(header, (d) => (d as { key: string }).key)
        .join('text')
        .attr('class', (d) => `panel-header panel-${d.key}`)
        .attr('x', (d) => d.x)
        .attr('y', (d) => d.y)
        .attr('text-anchor', (d) => d.anchor)
        .attr('font-size', (d) => d.size)
        .attr('font-weight', (d) => d.weight)
        .attr('fill', (d) => d.color)
        .text((d) => d.text);
      const points = seriesPoints(data.samples, series, x, y, panelWidth);
      g.selectAll('path.lazy-line')
        .data([panel])
        .join('path')
        .attr('class', 'lazy-line')
        .attr('fill', 'none')
        .attr('stroke', panel.color)
        .attr('stroke-width', theme.line)
        .attr('stroke-linejoin', 'round')
        .attr('d', pathData(points));
      g.selectAll('circle.lazy-marker')
        .data(points.length <= 40 ? points : [])
        .join('circle')
        .attr('class', 'lazy-marker')
        .attr('cx', (p) => p[0])
        .attr('cy', (p) => p[1])
        .attr('r', theme.marker * 0.75)
        .attr('fill', panel.color);
    });
    shell.legend.style('display', 'none');
    const n = data.samples.length;
    shell.subtitle.text(
      `${n} reading${n === 1 ? '' : 's'} · the paper's regime: all four stay small while the test error falls`,
    );
  };

  return createChart<LazyData, LazyOptions>(
    container,
    {
      kind: 'lazy',
      title: CHART_TITLES.lazy,
      caption: CHART_CAPTIONS.lazy,
      canvas: false,
      defaults: { logX: false },
      defaultHeight: (w) => (lazyColumns(w) === 2 ? 440 : 760),
      hasData: (data) => LAZY_PANELS.some((panel) => hasPlottable(data.samples, data[panel.key])),
      render,
    },
    options,
  );
}

function lastValue(series: Series): number {
  for (let i = series.length - 1; i >= 0; i--) {
    const v = valueAt(series, i);
    if (Number.isFinite(v)) return v;
  }
  return Number.NaN;
}
