/**
 * Prediction vs target for one probe sequence: the teacher's target y_j (open markers) and the student's
 * output F_j (filled markers) at every target position j, joined by thin residual bars, for one output
 * coordinate s when d > 1.
 */
import { scaleLinear, scalePoint } from 'd3';
import { axisMargins, drawAxis, innerSize, sparseLabels } from './axes';
import { CHART_CAPTIONS, CHART_TITLES } from './chart-table';
import { finiteExtent, linearDomain } from './domain';
import { formatCount, formatValue } from './tick-format';
import { drawLegend } from './legend';
import { createChart, layer, setSubtitle, type RenderContext } from './shell';
import { COLORS } from './theme';
import type { ConfigurableChartHandle, PredictionData, PredictionOptions } from './types';

/** Handle of the prediction chart (option: coordinate s, 1-based). */
export type PredictionChartHandle = ConfigurableChartHandle<PredictionData, PredictionOptions>;

/** One position: target and prediction of the chosen coordinate. */
export interface PredictionPoint {
  j: number;
  target: number;
  predicted: number;
}

/** The points of output coordinate `coordinate` (1-based, clamped to 1..d); non-finite pairs are dropped. */
export function predictionPoints(data: PredictionData, coordinate: number): PredictionPoint[] {
  const d = Math.max(1, data.d);
  const s = Math.min(d, Math.max(1, Math.round(coordinate))) - 1;
  return data.positions
    .map((j, k) => ({
      j,
      target: Number(data.target[k * d + s]),
      predicted: Number(data.predicted[k * d + s]),
    }))
    .filter((p) => Number.isFinite(p.target) && Number.isFinite(p.predicted));
}

/** Creates the prediction chart in `container`. */
export function createPredictionChart(
  container: HTMLElement,
  options?: PredictionOptions,
): PredictionChartHandle {
  const render = (data: PredictionData, ctx: RenderContext<PredictionOptions>): void => {
    const { shell, options: o, theme, width, height } = ctx;
    const coordinate = Math.min(Math.max(1, data.d), Math.max(1, Math.round(o.coordinate ?? 1)));
    const points = predictionPoints(data, coordinate);
    const extent = finiteExtent(points.flatMap((p) => [p.target, p.predicted]));
    const y = scaleLinear()
      .domain(extent ? linearDomain(extent[0], extent[1], true, 0.1) : [-1, 1])
      .nice();
    const yTicks = y.ticks(6);
    // The top leaves room for half of the top tick label, which is centred on the plot's top edge.
    const margin = axisMargins(Math.ceil(theme.font * 0.6) + 4, yTicks.map(formatValue), theme);
    const { innerWidth, innerHeight } = innerSize(width, height, margin);
    y.range([innerHeight, 0]);
    const x = scalePoint<number>()
      .domain(points.map((p) => p.j))
      .range([0, innerWidth])
      .padding(0.5);
    const px = (j: number): number => x(j) ?? 0;

    const root = layer(shell.svg, 'plot-area').attr('transform', `translate(${margin.left},${margin.top})`);
    const label = data.d > 1 ? `output F_j,s (s = ${coordinate})` : 'output value';
    drawAxis(
      layer(root, 'y-axis'),
      y,
      { orient: 'left', ticks: yTicks, format: formatValue, label, grid: innerWidth },
      theme,
    );
    const maxLabels = Math.max(2, Math.floor(innerWidth / (theme.font * 2.6)));
    drawAxis(
      layer(root, 'x-axis').attr('transform', `translate(0,${innerHeight})`),
      x,
      {
        orient: 'bottom',
        ticks: sparseLabels(
          points.map((p) => p.j),
          maxLabels,
        ),
        format: String,
        label: 'output position j',
      },
      theme,
    );
    layer(root, 'zero-line')
      .selectAll('line')
      .data(y.domain()[0]! < 0 && y.domain()[1]! > 0 ? [0] : [])
      .join('line')
      .attr('x2', innerWidth)
      .attr('y1', y(0))
      .attr('y2', y(0))
      .attr('stroke', COLORS.axis)
      .attr('stroke-width', 1);

    layer(root, 'residuals')
      .selectAll('line.residual')
      .data(points, (p) => (p as PredictionPoint).j)
      .join('line')
      .attr('class', 'residual')
      .attr('x1', (p) => px(p.j))
      .attr('x2', (p) => px(p.j))
      .attr('y1', (p) => y(p.target))
      .attr('y2', (p) => y(p.predicted))
      .attr('stroke', COLORS.trainLoss)
      .attr('stroke-width', theme.thin + 0.75)
      .attr('opacity', 0.8);
    const pathOf = (key: 'target' | 'predicted'): string =>
      points.map((p, i) => `${i ? 'L' : 'M'}${px(p.j)},${y(p[key])}`).join('');
    layer(root, 'lines')
      .selectAll('path')
      .data(['target', 'predicted'] as const)
      .join('path')
      .attr('class', (k) => `${k}-line`)
      .attr('fill', 'none')
      .attr('stroke', (k) => (k === 'target' ? COLORS.target : COLORS.prediction))
      .attr('stroke-width', (k) => (k === 'target' ? theme.thin : theme.line))
      .attr('stroke-dasharray', (k) => (k === 'target' ? '5 4' : null))
      .attr('d', (k) => pathOf(k));
    const r = points.length > 60 ? theme.marker * 0.7 : theme.marker + 1;
    /** One circle per point at (j, its `key` value) in layer `<kind>-markers`, titled for the hover. */
    const markers = (
      kind: 'target' | 'prediction',
      key: 'target' | 'predicted',
      title: (p: PredictionPoint) => string,
    ) =>
      layer(root, `${kind}-markers`)
        .selectAll<SVGCircleElement, PredictionPoint>(`circle.${kind}-marker`)
        .data(points, (p) => p.j)
        .join((enter) => {
          const c = enter.append('circle').attr('class', `${kind}-marker`);
          c.append('title');
          return c;
        })
        .attr('cx', (p) => px(p.j))
        .attr('cy', (p) => y(p[key]))
        .call((c) => c.select('title').text(title));
    markers('target', 'target', (p) => `j = ${p.j}: target ${formatValue(p.target)}`)
      .attr('r', r + 1)
      .attr('fill', 'white')
      .attr('stroke', COLORS.target)
      .attr('stroke-width', 2);
    markers(
      'prediction',
      'predicted',
      (p) => `j = ${p.j}: prediction ${formatValue(p.predicted)}, target ${formatValue(p.target)}`,
    )
      .attr('r', r)
      .attr('fill', COLORS.prediction)
      .attr('stroke', 'white')
      .attr('stroke-width', 1);

    drawLegend(
      shell.legend,
      [
        { label: 'target (teacher)', color: COLORS.target, symbol: 'hollow', dash: '5 4' },
        { label: 'prediction (student)', color: COLORS.prediction, symbol: 'line-marker' },
        { label: 'gap', color: COLORS.trainLoss },
      ],
      theme,
    );
    const mse =
      points.reduce((sum, p) => sum + (p.predicted - p.target) ** 2, 0) / Math.max(1, points.length);
    const parts = [
      `probe sequence ${data.probe + 1}`,
      data.d > 1 ? `output coordinate s = ${coordinate} of ${data.d}` : null,
      data.samples !== undefined ? `${formatCount(data.samples)} samples` : null,
      `mean squared gap ${formatValue(mse)}`,
    ];
    setSubtitle(shell, parts);
  };

  return createChart<PredictionData, PredictionOptions>(
    container,
    {
      kind: 'prediction',
      title: CHART_TITLES.prediction,
      caption: CHART_CAPTIONS.prediction,
      canvas: false,
      defaults: { coordinate: 1 },
      defaultHeight: (w) => Math.round(Math.min(380, Math.max(220, w * 0.45))),
      hasData: (data) => predictionPoints(data, 1).length > 0,
      render,
    },
    options,
  );
}
