/**
 * Gradients through time (src/model/gradient-flow.ts), as two panels side by side (stacked when narrow):
 * "by position" draws ‖δ_l‖ for l = 1..L on a log axis, now (solid) and at the initial weights W_0
 * (dashed); "over training" draws the ratio ‖δ_1‖ / ‖δ_L‖ against samples seen, with the ratio at W_0 as a
 * dashed level and 1 (no change along the sequence) as a thin grey one.
 */
import { scaleLinear, scaleLog } from 'd3';
import { drawAxis, drawPanelHeader, leftMarginFor, logTicks, sparseLabels } from './axes';
import { CHART_CAPTIONS, CHART_TITLES } from './chart-table';
import { countDomain, finiteExtent, logDomain } from './domain';
import { drawLegend } from './legend';
import { pathData, seriesPoints } from './line-path';
import { valueAt } from './series';
import { createChart, layer, setSubtitle, type RenderContext } from './shell';
import { formatCount, formatValue } from './tick-format';
import { COLORS } from './theme';
import type { ChartHandle, GradientData, GradientOptions } from './types';

export type GradientChartHandle = ChartHandle<GradientData>;

/** Colours: the current weights in the test-error blue, W_0 in grey. */
const NOW = COLORS.testError;
const INIT = COLORS.constantBaseline;

/** ‖δ_1‖ / ‖δ_L‖ of a profile, or null when either end is missing or zero. */
export function endRatio(norms: ArrayLike<number> | null | undefined): number | null {
  if (!norms || norms.length === 0) return null;
  const first = Number(norms[0]);
  const last = Number(norms[norms.length - 1]);
  const r = first / last;
  return Number.isFinite(r) && r > 0 ? r : null;
}

/** The ratio ‖δ_1‖ / ‖δ_L‖ at each reading of the history (NaN where it cannot be formed). */
export function ratioHistory(history: NonNullable<GradientData['history']>): Float64Array {
  const n = Math.min(history.samples.length, history.first.length, history.last.length);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = valueAt(history.first, i) / valueAt(history.last, i);
    out[i] = Number.isFinite(r) && r > 0 ? r : Number.NaN;
  }
  return out;
}

/** Below this plot height a narrow chart (a projector dashboard cell) draws only the profile. */
const COMPACT_HEIGHT = 360;

/**
 * The plot boxes of the panels inside a `width` × `height` plot: two side by side, two stacked, or (narrow
 * and low) the profile alone, the ratios then read in the subtitle.
 */
function panelBoxes(width: number, height: number, theme: RenderContext<GradientOptions>['theme']) {
  const side = width >= 620;
  if (!side && height < COMPACT_HEIGHT) return [{ x: 0, y: 0, w: width, h: height }];
  const gap = side ? 28 : theme.label + 16;
  const w = side ? (width - gap) / 2 : width;
  const h = side ? height : (height - gap) / 2;
  return [
    { x: 0, y: 0, w, h },
    { x: side ? w + gap : 0, y: side ? 0 : h + gap, w, h },
  ];
}

export function createGradientChart(container: HTMLElement, options?: GradientOptions): GradientChartHandle {
  const render = (data: GradientData, ctx: RenderContext<GradientOptions>): void => {
    const { shell, theme, width, height } = ctx;
    const L = data.L;
    const positions = Array.from({ length: L }, (_, i) => i + 1);
    const init = data.normsAtInit ?? null;
    const boxes = panelBoxes(width, height, theme);
    const headerHeight = theme.label + 10;

    // Panel 1: ‖δ_l‖ by position.
    const profileExtent = finiteExtent([...Array.from(data.norms), ...(init ? Array.from(init) : [])], true);
    const y1 = scaleLog().domain(profileExtent ? logDomain(profileExtent[0], profileExtent[1]) : [0.1, 10]);
    const y1Ticks = logTicks(y1.domain()[0]!, y1.domain()[1]!, 6);
    const b1 = boxes[0]!;
    const m1 = {
      top: headerHeight + Math.ceil(theme.font * 0.6),
      right: 12,
      bottom: theme.font + theme.label + 24,
      left: leftMarginFor(y1Ticks.map(formatValue), theme),
    };
    const w1 = Math.max(40, b1.w - m1.left - m1.right);
    const h1 = Math.max(40, b1.h - m1.top - m1.bottom);
    y1.range([h1, 0]);
    const x1 = scaleLinear()
      .domain(L > 1 ? [1, L] : [0.5, 1.5])
      .range([0, w1]);
    const p1 = layer(shell.svg, 'profile-panel').attr(
      'transform',
      `translate(${b1.x + m1.left},${b1.y + m1.top})`,
    );
    drawPanelHeader(p1, 'By position, now and at the start', theme, m1);
    drawAxis(
      layer(p1, 'y-axis'),
      y1,
      { orient: 'left', ticks: y1Ticks, format: formatValue, label: '‖δₗ‖ (log scale)', grid: w1 },
      theme,
    );
    drawAxis(
      layer(p1, 'x-axis').attr('transform', `translate(0,${h1})`),
      x1,
      {
        orient: 'bottom',
        ticks: sparseLabels(positions, Math.max(2, Math.floor(w1 / (theme.font * 2.6)))),
        format: String,
        label: 'position l',
      },
      theme,
    );
    const profile = (norms: ArrayLike<number>) =>
      pathData(seriesPoints(positions, norms, x1, (v) => y1(v), w1));
    layer(p1, 'lines')
      .selectAll('path')
      .data(init ? (['init', 'now'] as const) : (['now'] as const))
      .join('path')
      .attr('class', (k) => `${k}-line`)
      .attr('fill', 'none')
      .attr('stroke', (k) => (k === 'now' ? NOW : INIT))
      .attr('stroke-width', (k) => (k === 'now' ? theme.line : theme.thin + 0.5))
      .attr('stroke-dasharray', (k) => (k === 'now' ? null : '6 4'))
      .attr('d', (k) => profile(k === 'now' ? data.norms : (init as ArrayLike<number>)));
    const markers = L <= 40 ? positions.filter((l) => Number(data.norms[l - 1]) > 0) : [];
    layer(p1, 'markers')
      .selectAll<SVGCircleElement, number>('circle')
      .data(markers)
      .join((enter) => {
        const c = enter.append('circle');
        c.append('title');
        return c;
      })
      .attr('cx', (l) => x1(l))
      .attr('cy', (l) => y1(Number(data.norms[l - 1])))
      .attr('r', theme.marker)
      .attr('fill', NOW)
      .attr('stroke', 'white')
      .attr('stroke-width', 1)
      .call((c) =>
        c
          .select('title')
          .text(
            (l) =>
              `l = ${l}: ‖δₗ‖ ${formatValue(Number(data.norms[l - 1]))}` +
              (init ? `, at the start ${formatValue(Number(init[l - 1]))}` : ''),
          ),
      );

    // Panel 2: ‖δ_1‖ / ‖δ_L‖ over training.
    const b2 = boxes[1];
    const start = endRatio(init);
    if (b2) {
      const ratios = data.history ? ratioHistory(data.history) : new Float64Array(0);
      const historySamples = data.history?.samples ?? [];
      const ratioExtent = finiteExtent([...Array.from(ratios), ...(start ? [start] : []), 1], true);
      const y2 = scaleLog().domain(ratioExtent ? logDomain(ratioExtent[0], ratioExtent[1]) : [0.1, 10]);
      const y2Ticks = logTicks(y2.domain()[0]!, y2.domain()[1]!, 6);
      const m2 = { ...m1, left: leftMarginFor(y2Ticks.map(formatValue), theme) };
      const w2 = Math.max(40, b2.w - m2.left - m2.right);
      const h2 = Math.max(40, b2.h - m2.top - m2.bottom);
      y2.range([h2, 0]);
      const x2 = scaleLinear()
        .domain(countDomain(finiteExtent(Array.from(historySamples, Number))))
        .range([0, w2]);
      const p2 = layer(shell.svg, 'ratio-panel').attr(
        'transform',
        `translate(${b2.x + m2.left},${b2.y + m2.top})`,
      );
      drawPanelHeader(p2, 'First over last position, over training', theme, m2);
      drawAxis(
        layer(p2, 'y-axis'),
        y2,
        { orient: 'left', ticks: y2Ticks, format: formatValue, label: '‖δ₁‖ / ‖δ_L‖ (log scale)', grid: w2 },
        theme,
      );
      drawAxis(
        layer(p2, 'x-axis').attr('transform', `translate(0,${h2})`),
        x2,
        { orient: 'bottom', tickCount: 4, integer: true, format: formatCount, label: 'samples seen' },
        theme,
      );
      const levels = [
        { key: 'one', value: 1, color: COLORS.grid, dash: null as string | null, width: 2 },
        ...(start ? [{ key: 'start', value: start, color: INIT, dash: '6 4', width: theme.thin + 0.5 }] : []),
      ];
      layer(p2, 'levels')
        .selectAll('line')
        .data(levels)
        .join('line')
        .attr('class', (d) => `level-${d.key}`)
        .attr('x2', w2)
        .attr('y1', (d) => y2(d.value))
        .attr('y2', (d) => y2(d.value))
        .attr('stroke', (d) => d.color)
        .attr('stroke-width', (d) => d.width)
        .attr('stroke-dasharray', (d) => d.dash);
      const ratioPoints = seriesPoints(historySamples, ratios, x2, (v) => y2(v), w2);
      layer(p2, 'lines')
        .selectAll('path')
        .data([ratioPoints])
        .join('path')
        .attr('class', 'ratio-line')
        .attr('fill', 'none')
        .attr('stroke', NOW)
        .attr('stroke-width', theme.line)
        .attr('d', (p) => pathData(p));
      const lastPoint = ratioPoints.at(-1);
      layer(p2, 'markers')
        .selectAll('circle')
        .data(lastPoint ? [lastPoint] : [])
        .join('circle')
        .attr('cx', (p) => p[0])
        .attr('cy', (p) => p[1])
        .attr('r', theme.marker)
        .attr('fill', NOW);
    } else {
      shell.svg.selectAll('g.ratio-panel').remove();
    }

    drawLegend(
      shell.legend,
      [
        { label: 'now (current weights)', color: NOW, symbol: 'line-marker' },
        ...(init ? [{ label: 'at the start (W₀)', color: INIT, dash: '6 4' }] : []),
      ],
      theme,
    );
    const now = endRatio(data.norms);
    setSubtitle(shell, [
      `L = ${L}, mean over ${data.probes} probe sequences`,
      `${formatCount(data.samples)} samples`,
      now !== null ? `‖δ₁‖/‖δ_L‖ ${formatValue(now)} now` : null,
      start !== null ? `${formatValue(start)} at the start` : null,
    ]);
  };

  return createChart<GradientData, GradientOptions>(
    container,
    {
      kind: 'gradients',
      title: CHART_TITLES.gradients,
      caption: CHART_CAPTIONS.gradients,
      canvas: false,
      defaults: {},
      defaultHeight: (w) => (w >= 620 ? Math.round(Math.min(360, Math.max(240, w * 0.36))) : 520),
      hasData: (data) => data.L > 0 && Array.from(data.norms).some((v) => Number.isFinite(v) && v > 0),
      render,
    },
    options,
  );
}
