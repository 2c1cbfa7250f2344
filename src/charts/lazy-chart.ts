/**
 * Lazy-training metrics against samples seen, as four small multiples sharing the x axis: relative weight
 * movement (Frobenius), sqrt(m)-scaled spectral movement, the fraction of flipped ReLU patterns, and the
 * linearization gap. Separate y axes keep each quantity in its own units instead of forcing two onto one.
 */
import { scaleLinear, scaleLog } from 'd3';
import { drawAxis, estimateTextWidth, leftMarginFor, logTicks } from './axes';
import { CHART_CAPTIONS, CHART_TITLES } from './chart-table';
import { countDomain, finiteExtent, nonNegativeDomain } from './domain';
import { formatCount, formatPercent, formatValue } from './tick-format';
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
  /** Top of the y axis while every reading is zero (at initialisation): a small, typical scale. */
  emptyTop: number;
}

/** The four panels, in reading order. */
export const LAZY_PANELS: LazyPanel[] = [
  {
    key: 'weightMovementFrobenius',
    title: 'Weight movement',
    axis: 'Frobenius: ‖W − W₀‖ / ‖W₀‖',
    color: PALETTE[0],
    format: formatValue,
    emptyTop: 0.01,
  },
  {
    key: 'weightMovementSpectral',
    title: 'Spectral movement',
    axis: '√m · ‖W − W₀‖₂ (spectral norm)',
    color: PALETTE[2],
    format: formatValue,
    emptyTop: 1,
  },
  {
    key: 'patternFlips',
    title: 'ReLU pattern flips',
    axis: 'share of ReLU signs changed since W₀ (first 256 test sequences)',
    color: PALETTE[1],
    format: formatPercent,
    emptyTop: 0.01,
  },
  {
    key: 'linearizationGap',
    title: 'Linearization gap',
    axis: '‖F − Fₗᵢₙ‖ / ‖F − F₀‖ on the first 256 test sequences',
    color: PALETTE[3],
    format: formatValue,
    emptyTop: 0.1,
  },
];

/** Width of bold header text (the estimate is for regular weight). */
function boldWidth(text: string, size: number): number {
  return estimateTextWidth(text, size) * 1.12;
}

/** `text`, cut with an ellipsis to fit `width` pixels at `size`. */
export function fitText(text: string, size: number, width: number): string {
  if (estimateTextWidth(text, size) <= width) return text;
  const chars = Math.max(1, Math.floor(width / (size * 0.58)) - 1);
  return `${text.slice(0, chars).trimEnd()}…`;
}

/**
 * Columns of small multiples for a plot `width` pixels wide; a plot held to a low `height` (the projector
 * dashboard) goes to two columns sooner, so that each panel keeps a readable height.
 */
export function lazyColumns(width: number, height = Number.POSITIVE_INFINITY): number {
  return width >= 620 || (width >= 400 && height < 640) ? 2 : 1;
}

/**
 * The y domain of one panel: from zero (every lazy metric is a norm or a share, never negative) to the
 * series maximum; `emptyTop` while nothing positive has been measured.
 */
export function lazyYDomain(series: Series, emptyTop = 1): [number, number] {
  const extent = finiteExtent(Array.from({ length: series.length }, (_, i) => valueAt(series, i)));
  return nonNegativeDomain(extent ? extent[1] : null, 0.08, emptyTop);
}

/** The shared x domain: the reading counts, stretched to `samplesSeen` when given (see LazyData). */
export function lazyXDomain(data: LazyData, logX: boolean): [number, number] {
  const counts = Array.from({ length: data.samples.length }, (_, i) => valueAt(data.samples, i));
  if (data.samplesSeen !== undefined && Number.isFinite(data.samplesSeen)) counts.push(data.samplesSeen);
  const extent = finiteExtent(counts, logX);
  if (!logX) return countDomain(extent);
  if (!extent) return [1, 10];
  return extent[1] > extent[0] ? extent : [extent[0] / 2, extent[0] * 2];
}

/** Creates the lazy-training chart in `container`. */
export function createLazyChart(container: HTMLElement, options?: LazyOptions): LazyChartHandle {
  const render = (data: LazyData, ctx: RenderContext<LazyOptions>): void => {
    const { shell, options: o, theme, width, height } = ctx;
    const columns = lazyColumns(width, height);
    const rows = Math.ceil(LAZY_PANELS.length / columns);
    const panelGapX = 28;
    // Header rows above each panel: the title (with the current value at the right), then the formula, set
    // high enough that its descenders clear the top y tick label.
    const formulaY = -Math.round(theme.font * 0.75 + 6);
    const titleY = formulaY - Math.round(theme.font * 0.8 + 6);
    const titleSpace = Math.ceil(-titleY + theme.label * 0.8 + 6);
    const xAxisSpace = theme.font + 14;
    const bottomTitle = theme.label + 12;
    const yLabelsGuess = ['0.000', '00%'];
    const left = leftMarginFor(yLabelsGuess, theme);
    const panelWidth = Math.max(60, (width - columns * left - (columns - 1) * panelGapX - 8) / columns);
    const panelHeight = Math.max(50, (height - bottomTitle) / rows - titleSpace - xAxisSpace);
    const xDomain = lazyXDomain(data, Boolean(o.logX));
    const x = (o.logX ? scaleLog() : scaleLinear()).domain(xDomain).range([0, panelWidth]);
    const xTickOptions = o.logX
      ? { ticks: logTicks(xDomain[0], xDomain[1], 4) }
      : { tickCount: Math.max(2, Math.floor(panelWidth / 90)) };
    const xTicks = { ...xTickOptions, integer: true };

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
      const yCount = Math.min(5, Math.max(2, Math.floor(panelHeight / (theme.font * 2.2))));
      const y = scaleLinear()
        .domain(lazyYDomain(series, panel.emptyTop))
        .range([panelHeight, 0])
        .nice(yCount);
      const lastRow = row === rows - 1 || k + columns >= LAZY_PANELS.length;
      drawAxis(
        layer(g, 'y-axis'),
        y,
        { orient: 'left', ticks: y.ticks(yCount), format: panel.format, grid: panelWidth },
        theme,
      );
      drawAxis(
        layer(g, 'x-axis').attr('transform', `translate(0,${panelHeight})`),
        x,
        {
          orient: 'bottom',
          ...xTicks,
          format: formatCount,
          ...(lastRow ? { label: 'samples seen' } : {}),
        },
        theme,
      );
      const latest = lastValue(series);
      // In a narrow panel the title steps down a size, then the value drops its "now", rather than run into
      // each other; the formula is cut to the panel's width (the Theory note has it whole).
      const room = left + panelWidth - 4;
      // The estimate is for a narrow sans; the page's fonts run up to about 15% wider, so the test leaves room.
      const fits = (title: string, value: string, size: number) =>
        (boldWidth(title, size) + boldWidth(value, theme.label)) * 1.15 + 16 <= room;
      const value = Number.isFinite(latest) ? panel.format(latest) : '';
      const titleSize = fits(panel.title, `now ${value}`, theme.label) ? theme.label : theme.font;
      const now = value === '' ? '' : fits(panel.title, `now ${value}`, titleSize) ? `now ${value}` : value;
      // Where even the bare value does not fit beside the title, the title is cut, never overlapped.
      const titleText = fits(panel.title, now, titleSize)
        ? panel.title
        : fitText(
            panel.title,
            titleSize * 1.15,
            Math.max(40, room - boldWidth(now, theme.label) * 1.15 - 16),
          );
      const formula = fitText(panel.axis, theme.font, room);
      const header = [
        {
          key: 'title',
          text: titleText,
          x: -left + 4,
          y: titleY,
          anchor: 'start',
          size: titleSize,
          weight: 600,
          color: COLORS.text,
        },
        {
          key: 'now',
          text: now,
          x: panelWidth,
          y: titleY,
          anchor: 'end',
          size: theme.label,
          weight: 600,
          color: panel.color,
        },
        {
          key: 'formula',
          text: formula,
          x: -left + 4,
          y: formulaY,
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
        // A lone reading (a panel's first) is drawn larger so it is not mistaken for a speck.
        .attr('r', theme.marker * (points.length <= 2 ? 1.1 : 0.75))
        .attr('fill', panel.color);
      // The gap is undefined until W has moved: say so rather than leave a blank panel.
      g.selectAll('text.panel-pending')
        .data(points.length ? [] : ['no reading yet'])
        .join('text')
        .attr('class', 'panel-pending')
        .attr('x', panelWidth / 2)
        .attr('y', panelHeight / 2)
        .attr('dy', '0.35em')
        .attr('text-anchor', 'middle')
        .attr('font-size', theme.font)
        .attr('fill', COLORS.muted)
        .text((d) => d);
    });
    shell.legend.style('display', 'none');
    const n = data.samples.length;
    const last = lastValue(data.samples);
    const when = Number.isFinite(last) ? `, the last at ${formatCount(last)} samples` : '';
    shell.subtitle.text(
      `${n} reading${n === 1 ? '' : 's'}${when} · the paper's regime: all four stay small while the test error falls`,
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
      // Presenter type needs taller panels; two columns keep all four on one projected screen.
      defaultHeight: (w, o) => (lazyColumns(w) === 2 ? (o.presenter ? 540 : 440) : o.presenter ? 960 : 760),
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
