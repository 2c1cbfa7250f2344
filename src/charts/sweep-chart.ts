/**
 * Samples needed to reach ε against the swept variable, on log-log axes: one mark per run (censored runs as
 * hollow triangles on the budget line, never dropped), the median of each value with its quartile bar, and
 * the fitted power law (dashed; its exponent, interval and R² in the legend) with, when asked (for L), the
 * exponential fit (dotted) for contrast. A categorical variable (concept, train) gets evenly spaced points
 * and no fits.
 */
import { scaleLog } from 'd3';
import { drawAxis, logTicks } from './axes';
import { finiteExtent, logDomain } from './domain';
import { formatCount, formatValue } from './tick-format';
import { drawSweepLegend, SWEEP_DASH, type SweepLegendEntry } from './sweep-legend';
import { drawSweepMarks, legendMarkColor, seriesLegendEntries } from './sweep-marks';
import { drawReferenceLevels, mountSweepChart, seriesColor, sweepFrame } from './sweep-plot';
import { layer, type RenderContext } from './shell';
import { COLORS, PALETTE } from './theme';
import type { SweepChartData, SweepChartFit, SweepChartOptions } from './sweep-types';
import type { ConfigurableChartHandle } from './types';

/** Handle of the samples-needed chart. */
export type SweepChartHandle = ConfigurableChartHandle<SweepChartData, SweepChartOptions>;

/** A fit drawn as a curve: its points in data units. */
export interface FitCurve {
  kind: 'power' | 'exponential';
  series: SweepChartFit['series'];
  points: [number, number][];
}

/** The values a fit used: numeric values of its series whose median reached ε and that it did not exclude. */
function fittedValues(data: SweepChartData, fit: SweepChartFit): number[] {
  return data.points
    .filter((p) => p.series === fit.series && !p.medianCensored && typeof p.value === 'number')
    .map((p) => p.value as number)
    .filter((v) => v > 0 && !fit.excluded.includes(v));
}

/** Curves of the fits over the range of values each one used (never extrapolated), `steps` points each. */
export function fitCurves(data: SweepChartData, steps = 48): FitCurve[] {
  const curves: FitCurve[] = [];
  for (const fit of data.fits) {
    const used = fittedValues(data, fit);
    if (used.length < 2) continue;
    const lo = Math.min(...used);
    const hi = Math.max(...used);
    // Log spacing suits both curves on a log x axis.
    const xs = Array.from({ length: steps }, (_, i) => lo * (hi / lo) ** (i / (steps - 1)));
    const pl = fit.powerLaw;
    if (pl) {
      curves.push({
        kind: 'power',
        series: fit.series,
        points: xs.map((x) => [x, Math.exp(pl.logCoefficient) * x ** pl.exponent]),
      });
    }
    const ex = fit.exponential;
    if (ex && data.showExponential) {
      curves.push({
        kind: 'exponential',
        series: fit.series,
        points: xs.map((x) => [x, Math.exp(ex.logCoefficient + ex.rate * x)]),
      });
    }
  }
  return curves;
}

/** The y domain (samples, log): every run and quartile, the budget when a run is censored, the fits. */
export function samplesDomain(data: SweepChartData, curves: FitCurve[]): [number, number] {
  const censored = data.runs.some((r) => r.samplesToEps === null) || data.points.some((p) => p.q3Censored);
  const values = [
    ...data.runs.map((r) => r.samplesToEps),
    ...data.points.flatMap((p) => [p.q1, p.median, p.q3]),
    ...(censored ? [data.budget] : []),
    ...curves.flatMap((c) => c.points.map((p) => p[1])),
  ];
  const extent = finiteExtent(values, true);
  if (!extent) return [100, data.budget > 100 ? data.budget : 1000];
  return logDomain(extent[0], extent[1], 0.06);
}

function interval(i: [number, number]): string {
  return Number.isFinite(i[0]) && Number.isFinite(i[1])
    ? ` (95% ${i[0].toFixed(2)} to ${i[1].toFixed(2)})`
    : '';
}

/** Legend text of one fit: "power law: samples ∝ L^2.05 (95% 1.74 to 2.35), R² 0.98". */
export function fitLabel(data: SweepChartData, fit: SweepChartFit, kind: FitCurve['kind']): string {
  const prefix = data.seriesVariable && fit.series !== null ? `${fit.series}: ` : '';
  if (kind === 'power' && fit.powerLaw) {
    const p = fit.powerLaw;
    return `${prefix}power law, samples ∝ ${data.variable}^${p.exponent.toFixed(2)}${interval(p.interval)}, R² ${p.r2.toFixed(2)}`;
  }
  const e = fit.exponential;
  if (!e) return '';
  return `${prefix}exponential, samples ∝ e^(${formatValue(e.rate)}·${data.variable}), R² ${e.r2.toFixed(2)}`;
}

/** Creates the samples-needed chart in `container`. */
export function createSweepChart(container: HTMLElement, options?: SweepChartOptions): SweepChartHandle {
  const render = (data: SweepChartData, ctx: RenderContext<SweepChartOptions>): void => {
    const { shell, theme } = ctx;
    const curves = data.values.length > 0 && typeof data.values[0] === 'number' ? fitCurves(data) : [];
    const yDomain = samplesDomain(data, curves);
    const yTicks = logTicks(yDomain[0], yDomain[1]);
    const budgetLabel = `budget ${formatCount(data.budget)}`;
    const f = sweepFrame(
      ctx,
      data,
      yTicks.map(formatCount),
      Math.ceil(budgetLabel.length * theme.font * 0.58) + 12,
    );
    const y = scaleLog().domain(yDomain).range([f.innerHeight, 0]);
    drawAxis(
      layer(f.root, 'y-axis'),
      y,
      {
        orient: 'left',
        ticks: yTicks,
        format: formatCount,
        label: 'samples to reach ε (log scale)',
        grid: f.innerWidth,
      },
      theme,
    );
    const anyCensored = data.runs.some((r) => r.samplesToEps === null);
    drawReferenceLevels(
      layer(f.root, 'references'),
      anyCensored ? [{ key: 'budget', y: y(data.budget), label: budgetLabel, color: COLORS.muted }] : [],
      f.innerWidth,
      theme,
    );

    const colorOfCurve = (c: FitCurve) =>
      c.kind === 'exponential' && data.series.length <= 1 ? PALETTE[1] : seriesColor(data, c.series);
    layer(f.root, 'fits')
      .selectAll<SVGPathElement, FitCurve>('path.fit-line')
      .data(curves, (c) => `${c.kind}:${JSON.stringify(c.series)}`)
      .join('path')
      .attr('class', (c) => `fit-line fit-${c.kind}`)
      .attr('fill', 'none')
      .attr('stroke', colorOfCurve)
      .attr('stroke-width', theme.line)
      .attr('stroke-dasharray', (c) => SWEEP_DASH[c.kind])
      .attr('d', (c) =>
        c.points
          .map(
            (p, i) =>
              `${i ? 'L' : 'M'}${f.x.atNumber(p[0]) + (f.offsets.series[data.series.indexOf(c.series)] ?? 0)},${y(p[1])}`,
          )
          .join(''),
      );

    const q = (v: number, c: boolean) => (c ? `> ${formatCount(v)}` : formatCount(v));
    drawSweepMarks(
      f,
      shell,
      data,
      {
        median: (p, color) => ({
          y: y(p.median),
          yLow: p.runs > 1 ? y(p.q1) : Number.NaN,
          yHigh: p.runs > 1 ? y(p.q3) : Number.NaN,
          censored: p.medianCensored,
          rows: [
            { label: 'median samples', value: q(p.median, p.medianCensored), color },
            { label: 'quartiles', value: `${q(p.q1, p.q1Censored)} – ${q(p.q3, p.q3Censored)}` },
            { label: 'missed ε', value: `${p.censored} of ${p.runs}` },
          ],
        }),
        run: (r, color) => {
          const censored = r.samplesToEps === null;
          const outcome = r.diverged
            ? 'diverged (censored)'
            : censored
              ? `> ${formatCount(data.budget)} (missed ε)`
              : formatCount(r.samplesToEps as number);
          return {
            y: y(r.samplesToEps ?? data.budget),
            censored,
            rows: [
              { label: 'samples to ε', value: outcome, color },
              { label: 'final test error', value: formatValue(r.finalTestError) },
            ],
          };
        },
      },
      theme,
    );

    const legend: SweepLegendEntry[] = seriesLegendEntries(data);
    const one = legendMarkColor(data);
    legend.push({ symbol: 'run', label: 'one run (seed)', color: one });
    if (data.series.length <= 1) legend.push({ symbol: 'median', label: 'median, quartile bar', color: one });
    if (anyCensored) legend.push({ symbol: 'censored', label: 'missed ε: at the budget', color: one });
    for (const c of curves) {
      const fit = data.fits.find((ft) => ft.series === c.series);
      if (fit) legend.push({ symbol: c.kind, label: fitLabel(data, fit, c.kind), color: colorOfCurve(c) });
    }
    drawSweepLegend(shell.legend, legend, theme);
    const censoredCount = data.runs.filter((r) => r.samplesToEps === null).length;
    shell.subtitle.text(
      `${data.runs.length} run${data.runs.length === 1 ? '' : 's'} · ${censoredCount} missed ε · ε = ${formatValue(data.eps)} · budget ${formatCount(data.budget)} samples per run`,
    );
  };

  return mountSweepChart(container, 'samples', render, options);
}
