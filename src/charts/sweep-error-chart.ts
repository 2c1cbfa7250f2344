/**
 * Final test error of every run against the swept variable, with ε as a reference line: runs that stopped
 * at ε sit just under it, censored runs (hollow triangles) show how far from ε they ended. Medians per value
 * are joined per series. The y axis is linear from zero, since the errors of interest lie within a decade.
 */
import { scaleLinear } from 'd3';
import { drawAxis } from './axes';
import { finiteExtent } from './domain';
import { formatCount, formatValue } from './tick-format';
import { drawSweepLegend, type SweepLegendEntry } from './sweep-legend';
import { drawSweepMarks, legendMarkColor, seriesLegendEntries } from './sweep-marks';
import { drawReferenceLevels, mountSweepChart, sweepFrame } from './sweep-plot';
import { layer, type RenderContext } from './shell';
import { COLORS } from './theme';
import type { SweepChartData, SweepChartOptions } from './sweep-types';
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
    const { runs } = drawSweepMarks(
      f,
      shell,
      data,
      {
        median: (p, color) =>
          p.finalTestErrorMedian === null
            ? null
            : {
                y: y(p.finalTestErrorMedian),
                yLow: Number.NaN,
                yHigh: Number.NaN,
                censored: false,
                rows: [{ label: 'final test error', value: formatValue(p.finalTestErrorMedian), color }],
              },
        run: (r, color) =>
          r.finalTestError === null || !Number.isFinite(r.finalTestError)
            ? null
            : {
                y: y(r.finalTestError),
                censored: r.samplesToEps === null,
                rows: [
                  { label: 'final test error', value: formatValue(r.finalTestError), color },
                  {
                    label: 'samples to ε',
                    value:
                      r.samplesToEps === null
                        ? `missed (> ${formatCount(data.budget)})`
                        : formatCount(r.samplesToEps),
                  },
                ],
              },
      },
      theme,
    );

    const one = legendMarkColor(data);
    const legend: SweepLegendEntry[] = [
      ...(data.series.length > 1
        ? seriesLegendEntries(data)
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
  };

  return mountSweepChart(container, 'error', render, options);
}
