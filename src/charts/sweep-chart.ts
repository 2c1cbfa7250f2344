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
import { attachSweepHover, type HoverMark } from './sweep-hover';
import { drawSweepLegend, SWEEP_DASH, type SweepLegendEntry } from './sweep-legend';
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
import { COLORS, PALETTE } from './theme';
import {
  SWEEP_CHART_CAPTIONS,
  SWEEP_CHART_TITLES,
  type SweepChartData,
  type SweepChartFit,
  type SweepChartOptions,
} from './sweep-types';
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

    const hover: HoverMark[] = [];
    const medians: MedianMark[] = data.points.map((p) => {
      const dx = f.offsets.series[data.series.indexOf(p.series)] ?? 0;
      const m = {
        key: JSON.stringify([p.series, p.value]),
        series: p.series,
        x: f.x.at(p.value) + dx,
        y: y(p.median),
        yLow: p.runs > 1 ? y(p.q1) : Number.NaN,
        yHigh: p.runs > 1 ? y(p.q3) : Number.NaN,
        color: seriesColor(data, p.series),
        dash: seriesLineDash(data, p.series),
        censored: p.medianCensored,
      };
      const q = (v: number, c: boolean) => (c ? `> ${formatCount(v)}` : formatCount(v));
      hover.push({
        x: m.x,
        y: m.y,
        heading: `${pointName(data, p.value, p.series)}: median of ${p.runs} run${p.runs === 1 ? '' : 's'}`,
        rows: [
          { label: 'median samples', value: q(p.median, p.medianCensored), color: m.color },
          { label: 'quartiles', value: `${q(p.q1, p.q1Censored)} – ${q(p.q3, p.q3Censored)}` },
          { label: 'missed ε', value: `${p.censored} of ${p.runs}` },
        ],
      });
      return m;
    });
    const runs: RunMark[] = data.runs.map((r, i) => {
      const censored = r.samplesToEps === null;
      const mark = {
        key: JSON.stringify([r.series, r.value, r.seed]),
        x: f.x.at(r.value) + (f.offsets.run[i] ?? 0),
        y: y(r.samplesToEps ?? data.budget),
        color: seriesColor(data, r.series),
        censored,
      };
      const outcome = r.diverged
        ? 'diverged (censored)'
        : censored
          ? `> ${formatCount(data.budget)} (missed ε)`
          : formatCount(r.samplesToEps as number);
      hover.push({
        x: mark.x,
        y: mark.y,
        heading: `${pointName(data, r.value, r.series)}, seed ${r.seed}`,
        rows: [
          { label: 'samples to ε', value: outcome, color: mark.color },
          { label: 'final test error', value: formatValue(r.finalTestError) },
        ],
      });
      return mark;
    });
    drawMedianMarks(layer(f.root, 'medians'), medians, theme);
    drawRunMarks(layer(f.root, 'runs'), runs, theme);

    const legend: SweepLegendEntry[] = [];
    if (data.series.length > 1) {
      for (const s of data.series)
        legend.push({
          symbol: 'median',
          label: `${data.seriesVariable} = ${s}`,
          color: seriesColor(data, s),
          dash: seriesLineDash(data, s),
        });
    }
    const one = data.series.length > 1 ? COLORS.muted : seriesColor(data, data.series[0] ?? null);
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
      kind: 'sweep',
      title: SWEEP_CHART_TITLES.samples,
      caption: SWEEP_CHART_CAPTIONS.samples,
      canvas: false,
      defaults: {},
      defaultHeight: (w, o) => Math.round(Math.min(o.presenter ? 560 : 460, Math.max(280, w * 0.55))),
      hasData: (d) => d.runs.length > 0,
      render,
    },
    options,
  );
}
