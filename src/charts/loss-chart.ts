/**
 * Learning curve: training loss and normalized test error against samples seen, with the reference levels the
 * SPEC defines (zero predictor 1.0, target ε, noise floor when σ > 0), the samplesToEps marker, optional
 * overlay runs, and a crosshair read-out.
 */
import { pointer, type Selection } from 'd3';
import { axisMargins, drawAxis, estimateTextWidth, innerSize, logTicks } from './axes';
import { CHART_CAPTIONS, CHART_TITLES } from './chart-table';
import { smoothEma } from './ema';
import { formatCount, formatValue } from './tick-format';
import { drawLegend, type LegendEntry } from './legend';
import { pathData, seriesPoints, type Point } from './line-path';
import { drawLossHover, type HoverFrame } from './loss-hover';
import { drawEpsMarker, referenceLines, type ReferenceLine } from './loss-references';
import { lossScales, type LossScales } from './loss-scales';
import { hasPlottable } from './series';
import { createChart, layer, type RenderContext } from './shell';
import { COLORS, OVERLAY_PALETTE, paletteColor, seriesDash, type Theme } from './theme';
import { hoverCapture } from './tooltip';
import type { ConfigurableChartHandle, LossData, LossOptions } from './types';

/** Handle of the loss chart (options: logY, logX, smoothing, showTrainLoss, presenter...). */
export type LossChartHandle = ConfigurableChartHandle<LossData, LossOptions>;

type Resolved = LossOptions & Required<Pick<LossOptions, 'logY' | 'logX' | 'smoothing' | 'showTrainLoss'>>;

const DEFAULTS: Resolved = { logY: true, logX: false, smoothing: 0.6, showTrainLoss: true };

/** Dots at `points` (plot pixels), each a `circle.<kind>-marker` in layer `<kind>-markers`. */
function drawPointMarkers(
  root: Selection<SVGGElement, unknown, null, undefined>,
  kind: 'test' | 'train',
  points: Point[],
  color: string,
  theme: Theme,
): void {
  layer(root, `${kind}-markers`)
    .selectAll(`circle.${kind}-marker`)
    .data(points)
    .join('circle')
    .attr('class', `${kind}-marker`)
    .attr('cx', (p) => p[0])
    .attr('cy', (p) => p[1])
    .attr('r', theme.marker * 0.8)
    .attr('fill', color);
}

/** Creates the learning-curve chart in `container`. */
export function createLossChart(container: HTMLElement, options?: LossOptions): LossChartHandle {
  let hoverSample: number | null = null;
  let frame: HoverFrame | null = null;

  const render = (data: LossData, ctx: RenderContext<Resolved>): void => {
    const { shell, options: o, theme, width, height } = ctx;
    const probe = lossScales(data, o, 100, 100);
    const yTickValues = o.logY ? logTicks(probe.yDomain[0], probe.yDomain[1]) : probe.y.ticks(6);
    const margin = axisMargins(Math.ceil(theme.font * 0.6) + 6, yTickValues.map(formatValue), theme);
    const { innerWidth, innerHeight } = innerSize(width, height, margin);
    const scales: LossScales = lossScales(data, o, innerWidth, innerHeight);
    const { x, y } = scales;

    const root = layer(shell.svg, 'plot-area').attr('transform', `translate(${margin.left},${margin.top})`);
    drawAxis(
      layer(root, 'y-axis'),
      y,
      {
        orient: 'left',
        ticks: yTickValues,
        format: formatValue,
        label: o.logY ? 'error (log scale)' : 'error',
        grid: innerWidth,
      },
      theme,
    );
    drawAxis(
      layer(root, 'x-axis').attr('transform', `translate(0,${innerHeight})`),
      x,
      {
        orient: 'bottom',
        ...(o.logX
          ? { ticks: logTicks(scales.xDomain[0], scales.xDomain[1]) }
          : { tickCount: Math.max(2, Math.floor(innerWidth / 90)) }),
        integer: true,
        format: formatCount,
        label: 'samples seen (sequences)',
        grid: innerHeight,
      },
      theme,
    );

    const refs = referenceLines(data).filter((r) => r.level >= y.domain()[0]! && r.level <= y.domain()[1]!);
    const refG = layer(root, 'references');
    refG
      .selectAll('line.ref-line')
      .data(refs, (d) => (d as { key: string }).key)
      .join('line')
      .attr('class', (d) => `ref-line ref-${d.key}`)
      .attr('data-testid', (d) => d.testId ?? null)
      .attr('data-level', (d) => d.level)
      .attr('x1', 0)
      .attr('x2', innerWidth)
      .attr('y1', (d) => y(d.level))
      .attr('y2', (d) => y(d.level))
      .attr('stroke', (d) => d.color)
      .attr('stroke-width', theme.thin + 0.25)
      .attr('stroke-dasharray', (d) => d.dash);
    // The curves start high on the left and end low on the right: ε and the noise floor are labelled at the
    // left end, the zero predictor at the right end, where the curves have left them. When ε is reached early,
    // its marker line would cross the ε label on the left, so that label moves to the right end (the curves
    // are below ε there by then).
    const epsMarkerX = data.samplesToEps === null ? Number.NaN : x(data.samplesToEps);
    const epsLabelWidth = estimateTextWidth(`ε = ${formatValue(data.eps)}`, theme.font) + 16;
    const epsAtRight = Number.isFinite(epsMarkerX) && epsMarkerX >= 0 && epsMarkerX < epsLabelWidth;
    // The baselines are labelled at the right end too: what the curve must get below by the end of training.
    const atRight = (d: ReferenceLine): boolean =>
      d.key === 'zero' || d.key === 'linear' || d.key === 'constant' || (d.key === 'eps' && epsAtRight);
    refG
      .selectAll('text.ref-label')
      .data(refs, (d) => (d as { key: string }).key)
      .join('text')
      .attr('class', (d) => `ref-label ref-${d.key}`)
      .attr('x', (d) => (atRight(d) ? innerWidth - 4 : 6))
      .attr('y', (d) => y(d.level) - 5)
      .attr('text-anchor', (d) => (atRight(d) ? 'end' : 'start'))
      .attr('font-size', theme.font)
      .attr('font-weight', 500)
      .attr('fill', (d) => d.color)
      .attr('paint-order', 'stroke')
      .attr('stroke', 'white')
      .attr('stroke-width', 4)
      .text((d) => d.label);

    const overlays = (data.overlays ?? []).map((ov, k) => ({
      ...ov,
      color: ov.color ?? paletteColor(k, OVERLAY_PALETTE),
      dash: seriesDash(k),
      key: `${k}:${ov.label}`,
    }));
    layer(root, 'overlays')
      .selectAll('path.overlay-line')
      .data(overlays, (d) => (d as { key: string }).key)
      .join('path')
      .attr('class', 'overlay-line')
      .attr('fill', 'none')
      .attr('stroke', (d) => d.color)
      .attr('stroke-width', theme.line)
      .attr('stroke-dasharray', (d) => d.dash)
      .attr('opacity', 0.9)
      .attr('d', (d) => pathData(seriesPoints(d.samples, d.testError, x, y, innerWidth)));

    const smoothing = o.smoothing;
    const trainSmooth = smoothing > 0 ? smoothEma(data.trainLoss, smoothing) : null;
    const series = [
      ...(o.showTrainLoss && trainSmooth
        ? [{ key: 'train-raw', ys: data.trainLoss, color: COLORS.trainLoss, width: theme.thin, opacity: 0.3 }]
        : []),
      ...(o.showTrainLoss
        ? [
            {
              key: 'train',
              ys: trainSmooth ?? data.trainLoss,
              color: COLORS.trainLoss,
              width: theme.line,
              opacity: 1,
            },
          ]
        : []),
      { key: 'test', ys: data.testError, color: COLORS.testError, width: theme.line, opacity: 1 },
    ];
    layer(root, 'series')
      .selectAll('path.series-line')
      .data(series, (d) => (d as { key: string }).key)
      .join('path')
      .attr('class', (d) => `series-line series-${d.key}`)
      .attr('fill', 'none')
      .attr('stroke', (d) => d.color)
      .attr('stroke-width', (d) => d.width)
      .attr('stroke-linejoin', 'round')
      .attr('opacity', (d) => d.opacity)
      .attr('d', (d) => pathData(seriesPoints(data.samples, d.ys, x, y, innerWidth)));
    // Sparse test evaluations get markers so single points are visible; dense ones read as a line.
    const testPoints = seriesPoints(data.samples, data.testError, x, y, innerWidth);
    drawPointMarkers(root, 'test', testPoints.length <= 40 ? testPoints : [], COLORS.testError, theme);
    // A training loss with one report so far (after the first step) is a point, which a path cannot show.
    const trainPoints = o.showTrainLoss
      ? seriesPoints(data.samples, trainSmooth ?? data.trainLoss, x, y, innerWidth)
      : [];
    drawPointMarkers(root, 'train', trainPoints.length === 1 ? trainPoints : [], COLORS.trainLoss, theme);

    drawEpsMarker(root, data, scales, innerWidth, innerHeight, theme);

    const trainName = data.trainLabel ?? 'train loss';
    const legend: LegendEntry[] = [
      ...(o.showTrainLoss
        ? [{ label: smoothing > 0 ? `${trainName} (smoothed)` : trainName, color: COLORS.trainLoss }]
        : []),
      {
        label: 'test error',
        color: COLORS.testError,
        symbol: testPoints.length <= 40 ? 'line-marker' : 'line',
      } as LegendEntry,
      ...overlays.map((ov) => ({ label: ov.label, color: ov.color, dash: ov.dash })),
    ];
    drawLegend(shell.legend, legend, theme);
    shell.subtitle.text(
      `${o.logY ? 'log' : 'linear'} y · smoothing ${smoothing.toFixed(2)} of ${trainName} · test error drawn unsmoothed`,
    );

    frame = {
      data,
      scales,
      options: o,
      theme,
      innerWidth,
      innerHeight,
      margin,
      trainSmooth,
      overlays,
      shell,
    };
    hoverCapture(
      layer(root, 'hover-capture'),
      { width: innerWidth, height: innerHeight },
      (event) => {
        const [px] = pointer(event, root.node());
        hoverSample = x.invert(px);
        if (frame) drawLossHover(frame, hoverSample);
      },
      () => {
        hoverSample = null;
        if (frame) drawLossHover(frame, null);
      },
    ).style('cursor', 'crosshair');
    drawLossHover(frame, hoverSample);
  };

  return createChart<LossData, Resolved>(
    container,
    {
      kind: 'loss',
      title: CHART_TITLES.loss,
      caption: CHART_CAPTIONS.loss,
      canvas: false,
      defaults: DEFAULTS,
      defaultHeight: (w) => Math.round(Math.min(420, Math.max(240, w * 0.5))),
      hasData: (d) =>
        hasPlottable(d.samples, d.testError) ||
        hasPlottable(d.samples, d.trainLoss) ||
        (d.overlays ?? []).some((ov) => hasPlottable(ov.samples, ov.testError)),
      render,
    },
    options as Resolved | undefined,
  );
}
