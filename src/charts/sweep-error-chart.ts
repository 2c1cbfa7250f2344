/**
 * Final test error of every run against the swept variable, with ε as a reference line: runs that stopped
 * at ε sit just under it, censored runs (hollow triangles) show how far from ε they ended. Medians per value
 * are joined per series. The y axis is linear from zero, since the errors of interest lie within a decade.
 */
import { scaleLinear } from 'd3';
import { drawAxis } from './axes';
import { finiteExtent } from './domain';
import { formatCount, formatValue } from './tick-format';
import { attachSweepHover, type HoverMark } from './sweep-hover';
import { drawSweepLegend, type SweepLegendEntry } from './sweep-legend';
import {
  drawMedianMarks,
  drawReferenceLevels,
  drawRunMarks,
  pointName,
  seriesColor,
  seriesLineDash,
  sweepFrame,
  type MedianMark,
  type RunMark,
} from './sweep-plot';
import { createChart, layer, type RenderContext } from './shell';
import { COLORS } from './theme';
import {
  SWEEP_CHART_CAPTIONS,
  SWEEP_CHART_TITLES,
  type SweepChartData,
  type SweepChartOptions,
} from './sweep-types';
import type { ConfigurableChartHandle } from './types';

/** Handle of the final-test-error chart. */
export type SweepErrorChartHandle = ConfigurableChartHandle<SweepChartData, SweepChartOptions>;

/** The y domain: zero to the largest final error or ε (whichever is higher), with headroom. */
export function errorDomain(data: SweepChartData): [number, number] {
  const extent = finiteExtent([
    ...data.runs.map((r) => r.finalTestError),
    ...data.points.map((p) => p.finalTestErrorMedian),
    data.eps,
  ]);
  const top = extent ? Math.max(extent[1], data.eps) : data.eps;
  return [0, top * 1.12];
}

/** Creates the final-test-error chart in `container`. */
export function createSweepErrorChart(
  container: HTMLElement,
  options?: SweepChartOptions,
): SweepErrorChartHandle {
  const render = (data: SweepChartData, ctx: RenderContext<SweepChartOptions>): void => {
    const { shell, theme } = ctx;
    const y = scaleLinear().domain(errorDomain(data)).nice(5);
    const yTicks = y.ticks(5);
    const epsLabel = `ε = ${formatValue(data.eps)}`;
    const f = sweepFrame(
      ctx,
      data,
      yTicks.map(formatValue),
      Math.ceil(epsLabel.length * theme.font * 0.58) + 12,
    );
    y.range([f.innerHeight, 0]);
    drawAxis(
      layer(f.root, 'y-axis'),
      y,
      { orient: 'left', ticks: yTicks, format: formatValue, label: 'final test error', grid: f.innerWidth },
      theme,
    );
    drawReferenceLevels(
      layer(f.root, 'references'),
      [{ key: 'eps', y: y(data.eps), label: epsLabel, color: COLORS.eps }],
      f.innerWidth,
      theme,
    );
    const hover: HoverMark[] = [];
    const medians: MedianMark[] = data.points
      .filter((p) => p.finalTestErrorMedian !== null)
      .map((p) => {
        const m = {
          key: JSON.stringify([p.series, p.value]),
          series: p.series,
          x: f.x.at(p.value) + (f.offsets.series[data.series.indexOf(p.series)] ?? 0),
          y: y(p.finalTestErrorMedian as number),
          yLow: Number.NaN,
          yHigh: Number.NaN,
          color: seriesColor(data, p.series),
          dash: seriesLineDash(data, p.series),
          censored: false,
        };
        hover.push({
          x: m.x,
          y: m.y,
          heading: `${pointName(data, p.value, p.series)}: median of ${p.runs} run${p.runs === 1 ? '' : 's'}`,
          rows: [{ label: 'final test error', value: formatValue(p.finalTestErrorMedian), color: m.color }],
        });
        return m;
      });
    const runs: RunMark[] = [];
    data.runs.forEach((r, i) => {
      if (r.finalTestError === null || !Number.isFinite(r.finalTestError)) return;
      const mark = {
        key: JSON.stringify([r.series, r.value, r.seed]),
        x: f.x.at(r.value) + (f.offsets.run[i] ?? 0),
        y: y(r.finalTestError),
        color: seriesColor(data, r.series),
        censored: r.samplesToEps === null,
      };
      runs.push(mark);
      hover.push({
        x: mark.x,
        y: mark.y,
        heading: `${pointName(data, r.value, r.series)}, seed ${r.seed}`,
        rows: [
          { label: 'final test error', value: formatValue(r.finalTestError), color: mark.color },
          {
            label: 'samples to ε',
            value:
              r.samplesToEps === null
                ? `missed (> ${formatCount(data.budget)})`
                : formatCount(r.samplesToEps),
          },
        ],
      });
    });
    drawMedianMarks(layer(f.root, 'medians'), medians, theme);
    drawRunMarks(layer(f.root, 'runs'), runs, theme);

    const one = data.series.length > 1 ? COLORS.muted : seriesColor(data, data.series[0] ?? null);
    const legend: SweepLegendEntry[] = [
      ...(data.series.length > 1
        ? data.series.map((s) => ({
            symbol: 'median' as const,
            label: `${data.seriesVariable} = ${s}`,
            color: seriesColor(data, s),
            dash: seriesLineDash(data, s),
          }))
        : [{ symbol: 'median' as const, label: 'median', color: one }]),
      { symbol: 'run', label: 'one run (seed)', color: one },
      ...(runs.some((r) => r.censored)
        ? [{ symbol: 'censored' as const, label: 'missed ε within the budget', color: one }]
        : []),
      { symbol: 'eps', label: 'target ε', color: COLORS.eps },
    ];
    drawSweepLegend(shell.legend, legend, theme);
    const missing = data.runs.length - runs.length;
    shell.subtitle.text(
      `test error at each run's last evaluation (at ε for runs that reached it)` +
        (missing ? ` · ${missing} run${missing === 1 ? '' : 's'} without a finite error` : ''),
    );
    attachSweepHover(
      f.root,
      shell,
      hover,
      { width: f.innerWidth, height: f.innerHeight, margin: f.margin },
      theme,
    );
  };

  return createChart<SweepChartData, SweepChartOptions>(
    container,
    {
      kind: 'sweep-error',
      title: SWEEP_CHART_TITLES.error,
      caption: SWEEP_CHART_CAPTIONS.error,
      canvas: false,
      defaults: {},
      defaultHeight: (w, o) => Math.round(Math.min(o.presenter ? 460 : 360, Math.max(240, w * 0.42))),
      hasData: (d) => d.runs.length > 0,
      render,
    },
    options,
  );
}
