/**
 * Test error by output position: a heatmap over training (x samples seen, y position j, colour = error on a
 * log scale; canvas) beside bars of the current error per position (SVG), whose axis doubles as the colour
 * legend.
 */
import { interpolateViridis, pointer, scaleBand, scaleLinear, scaleLog, type ScaleBand } from 'd3';
import { drawAxis, leftMarginFor, logTicks, sparseLabels } from './axes';
import { prepareCanvas } from './canvas';
import { CHART_CAPTIONS, CHART_TITLES } from './chart-table';
import { drawColorLegend } from './color-legend';
import { countDomain, finiteExtent, logDomain } from './domain';
import { formatCount, formatValue } from './tick-format';
import { paintGrid, rasterizeLogColumns } from './heatmap';
import { valueAt } from './series';
import { createChart, layer, type RenderContext } from './shell';
import { hideTooltip, hoverCapture, showTooltip } from './tooltip';
import { COLORS } from './theme';
import type { ConfigurableChartHandle, PositionData, PositionOptions, Series } from './types';

/** Handle of the position chart. */
export type PositionChartHandle = ConfigurableChartHandle<PositionData, PositionOptions>;

/** The colour (and bar) domain: every positive error in the history, at least one decade, capped at 4 decades. */
export function positionErrorDomain(data: PositionData): [number, number] {
  function* all(): Generator<number | null> {
    for (const column of data.errorByPosition)
      for (let r = 0; r < column.length; r++) yield column[r] ?? null;
  }
  const extent = finiteExtent(all(), true);
  if (!extent) return [0.01, 1];
  const [lo, hi] = logDomain(extent[0], extent[1], 0);
  return [Math.max(lo, hi * 1e-4), hi];
}

/**
 * The x domain of the heatmap: first to last evaluation, so the axis ends where the data does (a lone
 * evaluation gets a short count axis around it).
 */
export function positionSampleDomain(samples: Series): [number, number] {
  const extent = finiteExtent(Array.from({ length: samples.length }, (_, k) => valueAt(samples, k)));
  return countDomain(extent, false);
}

/**
 * Where each evaluation's cell starts on the sample axis: halfway from the previous evaluation, so every
 * pixel shows the evaluation nearest to it and the first and last cells end at the axis ends.
 */
export function cellStarts(samples: Series, axisStart: number): Float64Array {
  const out = new Float64Array(samples.length);
  let previous = Number.NaN;
  for (let k = 0; k < samples.length; k++) {
    const s = valueAt(samples, k);
    out[k] = Number.isFinite(previous) && Number.isFinite(s) ? (previous + s) / 2 : s;
    if (Number.isFinite(s)) previous = s;
  }
  // The first cell begins at the axis start, even when the domain was padded around a lone evaluation.
  if (out.length && Number.isFinite(out[0])) out[0] = Math.min(out[0] as number, axisStart);
  return out;
}

/** The samples count of the evaluation whose cell covers `sample`: the nearest one (NaN when none). */
export function evaluationAt(samples: Series, sample: number): number {
  let found = Number.NaN;
  for (let k = 0; k < samples.length; k++) {
    const s = valueAt(samples, k);
    if (Number.isFinite(s) && !(Math.abs(s - sample) >= Math.abs(found - sample))) found = s;
  }
  return found;
}

function lastColumn(data: PositionData): Series | null {
  for (let k = Math.min(data.errorByPosition.length, data.samples.length) - 1; k >= 0; k--) {
    const column = data.errorByPosition[k] as Series;
    for (let r = 0; r < column.length; r++) if ((valueAt(column, r) as number) > 0) return column;
  }
  return null;
}

/** Creates the position chart in `container`. */
export function createPositionChart(container: HTMLElement, options?: PositionOptions): PositionChartHandle {
  const render = (data: PositionData, ctx: RenderContext<PositionOptions>): void => {
    const { shell, theme, width, height } = ctx;
    const rows = data.positions.length;
    const labelMax = Math.max(2, Math.floor(height / (theme.font * 1.8)));
    const yLabels = sparseLabels(data.positions, labelMax);
    const margin = {
      top: 8,
      right: 16,
      bottom: theme.font + theme.label + 24,
      left: leftMarginFor(yLabels.map(String), theme),
    };
    const gap = Math.max(28, theme.font * 2.5);
    const inner = {
      w: Math.max(80, width - margin.left - margin.right),
      h: Math.max(40, height - margin.top - margin.bottom),
    };
    const barWidth = Math.max(140, Math.round(inner.w * 0.27));
    const heatWidth = Math.max(60, inner.w - barWidth - gap);

    const y: ScaleBand<number> = scaleBand<number>()
      .domain(data.positions)
      .range([0, inner.h])
      .paddingInner(0);
    const x = scaleLinear().domain(positionSampleDomain(data.samples)).range([0, heatWidth]);
    const errorDomain = positionErrorDomain(data);
    const colorScale = scaleLog().domain(errorDomain).range([0, 1]).clamp(true);
    const color = (error: number): string => interpolateViridis(colorScale(error));

    const root = layer(shell.svg, 'plot-area').attr('transform', `translate(${margin.left},${margin.top})`);
    const heat = layer(root, 'heatmap');
    drawAxis(
      layer(heat, 'y-axis'),
      y,
      { orient: 'left', ticks: yLabels, format: (j) => String(j), label: 'output position j' },
      theme,
    );
    drawAxis(
      layer(heat, 'x-axis').attr('transform', `translate(0,${inner.h})`),
      x,
      {
        orient: 'bottom',
        tickCount: Math.max(2, Math.floor(heatWidth / 90)),
        integer: true,
        format: formatCount,
        label: 'samples seen',
      },
      theme,
    );
    heat
      .selectAll('rect.heatmap-frame')
      .data([0])
      .join('rect')
      .attr('class', 'heatmap-frame')
      .attr('width', heatWidth)
      .attr('height', inner.h)
      .attr('fill', 'none')
      .attr('stroke', COLORS.axis)
      .attr('stroke-width', 1);

    const pixels = Math.max(1, Math.round(heatWidth));
    const starts = cellStarts(data.samples, x.domain()[0] as number);
    const raster = rasterizeLogColumns(starts, data.errorByPosition, rows, (s) => x(s), pixels);
    if (shell.canvas) {
      const context = prepareCanvas(shell.canvas, width, height);
      if (context)
        paintGrid(
          context,
          raster,
          rows,
          pixels,
          (lv) => color(10 ** lv),
          {
            x: margin.left,
            y: margin.top,
            w: heatWidth,
            h: inner.h,
          },
          COLORS.empty,
        );
    }

    // Current error per position: horizontal bars sharing the heatmap's rows.
    const bars = layer(root, 'bars').attr('transform', `translate(${heatWidth + gap},0)`);
    const bx = scaleLog().domain(errorDomain).range([0, barWidth]).clamp(true);
    const current = lastColumn(data);
    const barData = data.positions
      .map((j, r) => ({ j, error: current ? valueAt(current, r) : Number.NaN }))
      .filter((d) => d.error > 0);
    bars
      .selectAll('rect.position-bar')
      .data(barData, (d) => (d as { j: number }).j)
      .join('rect')
      .attr('class', 'position-bar')
      .attr('x', 0)
      .attr('y', (d) => (y(d.j) ?? 0) + y.bandwidth() * 0.12)
      .attr('height', Math.max(1, y.bandwidth() * 0.76))
      .attr('width', (d) => Math.max(1, bx(d.error)))
      .attr('fill', (d) => color(d.error))
      .attr('stroke', COLORS.axis)
      .attr('stroke-width', y.bandwidth() >= 6 ? 0.5 : 0);
    const showValues = y.bandwidth() >= theme.font + 2;
    bars
      .selectAll('text.position-value')
      .data(showValues ? barData : [], (d) => (d as { j: number }).j)
      .join('text')
      .attr('class', 'position-value')
      .attr('y', (d) => (y(d.j) ?? 0) + y.bandwidth() / 2)
      .attr('dy', '0.35em')
      .attr('x', (d) => Math.min(bx(d.error) + 4, barWidth - 2))
      .attr('text-anchor', (d) => (bx(d.error) + 4 > barWidth - 40 ? 'end' : 'start'))
      .attr('font-size', theme.font)
      .attr('fill', COLORS.text)
      .attr('paint-order', 'stroke')
      .attr('stroke', 'white')
      .attr('stroke-width', 3)
      .text((d) => formatValue(d.error));
    // The best linear map's error at each position: a tick across each bar's row. A bar ending left of its
    // tick is a position where the student already does better than any linear map of the tokens.
    const linear = data.linearByPosition;
    const ticks = data.positions
      .map((j, r) => ({ j, level: linear?.[r] ?? Number.NaN }))
      .filter((d) => Number.isFinite(d.level) && d.level > 0);
    bars
      .selectAll('line.position-baseline')
      .data(ticks, (d) => (d as { j: number }).j)
      .join('line')
      .attr('class', 'position-baseline')
      .attr('x1', (d) => bx(d.level))
      .attr('x2', (d) => bx(d.level))
      .attr('y1', (d) => y(d.j) ?? 0)
      .attr('y2', (d) => (y(d.j) ?? 0) + Math.max(2, y.bandwidth()))
      .attr('stroke', COLORS.linearBaseline)
      .attr('stroke-width', Math.max(2, theme.thin + 1))
      .attr('stroke-dasharray', y.bandwidth() >= 8 ? '3 2' : null);
    drawColorLegend(
      layer(bars, 'color-legend').attr('transform', `translate(0,${inner.h})`),
      {
        color,
        scale: bx,
        thickness: Math.max(8, theme.font * 0.7),
        ticks: logTicks(errorDomain[0], errorDomain[1], 4),
        format: formatValue,
        label: 'test error now',
      },
      theme,
    );
    bars
      .selectAll('line.bars-baseline')
      .data([0])
      .join('line')
      .attr('class', 'bars-baseline')
      .attr('y2', inner.h)
      .attr('stroke', COLORS.axis);

    const lastSample = valueAt(data.samples, data.samples.length - 1);
    const n = data.errorByPosition.length;
    shell.subtitle.text(
      `colour: test error (log scale) · ${n} evaluation${n === 1 ? '' : 's'} · bars: at ${formatCount(lastSample)} samples${ticks.length > 0 ? ' · black ticks: best linear map' : ''}`,
    );
    hoverCapture(
      heat,
      { width: heatWidth, height: inner.h, className: 'hover-capture' },
      (event) => {
        const [px, py] = pointer(event, heat.node());
        const r = Math.min(rows - 1, Math.max(0, Math.floor(py / Math.max(1e-9, y.bandwidth()))));
        const c = Math.min(pixels - 1, Math.max(0, Math.floor(px)));
        const lv = raster[r * pixels + c] as number;
        const j = data.positions[r] as number;
        showTooltip(
          shell.tooltip,
          `position j = ${j}`,
          [
            {
              label: 'evaluated at',
              value: `${formatCount(evaluationAt(data.samples, x.invert(px)))} samples`,
            },
            { label: 'test error', value: Number.isFinite(lv) ? formatValue(10 ** lv) : '–' },
            ...(linear && Number.isFinite(linear[r])
              ? [{ label: 'best linear map', value: formatValue(linear[r] as number) }]
              : []),
          ],
          margin.left + px,
          margin.top + py,
          margin.left + heatWidth,
        );
      },
      () => hideTooltip(shell.tooltip),
    );
  };

  return createChart<PositionData, PositionOptions>(
    container,
    {
      kind: 'position',
      title: CHART_TITLES.position,
      caption: CHART_CAPTIONS.position,
      canvas: true,
      defaults: {},
      defaultHeight: (w) => Math.round(Math.min(420, Math.max(220, w * 0.42))),
      hasData: (d) => d.positions.length > 0 && d.errorByPosition.length > 0 && lastColumn(d) !== null,
      render,
    },
    options,
  );
}
