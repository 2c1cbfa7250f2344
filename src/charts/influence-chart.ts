/**
 * Influence maps: the teacher's ‖∂y_j/∂x_i‖ and the student's ‖∂F_j/∂x_i‖ as two i × j heatmaps side by side
 * (canvas cells, SVG axes), on one shared colour scale with a legend. Cells where input i cannot reach output
 * j (i > j, or i = 1, the start token) are drawn as blank.
 */
import { interpolateYlGnBu, pointer, scaleBand, scaleLinear, scaleSqrt } from 'd3';
import { drawAxis, leftMarginFor, sparseLabels } from './axes';
import { prepareCanvas } from './canvas';
import { CHART_CAPTIONS, CHART_TITLES } from './chart-table';
import { drawColorLegend } from './color-legend';
import { formatCount, formatValue } from './tick-format';
import { paintGrid } from './heatmap';
import { createChart, layer, setSubtitle, type RenderContext } from './shell';
import { hideTooltip, hoverCapture, showTooltip } from './tooltip';
import { COLORS, themeFor, type Theme } from './theme';
import type { ConfigurableChartHandle, InfluenceData, InfluenceOptions } from './types';

/** Handle of the influence chart (option: scale 'sqrt' | 'linear'). */
export type InfluenceChartHandle = ConfigurableChartHandle<InfluenceData, InfluenceOptions>;

/** Whether input position i can influence output position j at all (both 1-based). */
export function reachable(i: number, j: number): boolean {
  return i >= 2 && i <= j;
}

/** The shared colour domain [0, max] over both maps' reachable cells (max 1 when everything is zero). */
export function influenceDomain(data: InfluenceData): [number, number] {
  let max = 0;
  for (const map of [data.teacher, data.student]) {
    for (let i = 1; i <= data.L; i++)
      for (let j = i; j <= data.L; j++) {
        const v = Number(map[(i - 1) * data.L + (j - 1)]);
        if (reachable(i, j) && Number.isFinite(v) && v > max) max = v;
      }
  }
  return [0, max > 0 ? max : 1];
}

/** Margins around the panel pair: panel titles above; axis, colour legend and its labels below. */
function influenceMargins(theme: Theme): { top: number; right: number; bottom: number; left: number } {
  const legendSpace = theme.font * 2 + theme.label + 34;
  // The left margin is refined from the tick labels; this estimate fits two-digit positions.
  const left = theme.font * 1.2 + 12 + theme.label * 1.3 + 14;
  return { top: theme.label + 12, right: 12, bottom: theme.font + theme.label + 22 + legendSpace, left };
}

/** Creates the influence chart in `container`. */
export function createInfluenceChart(
  container: HTMLElement,
  options?: InfluenceOptions,
): InfluenceChartHandle {
  const render = (data: InfluenceData, ctx: RenderContext<InfluenceOptions>): void => {
    const { shell, options: o, theme, width, height } = ctx;
    const L = data.L;
    const positions = Array.from({ length: L }, (_, k) => k + 1);
    const legendSpace = theme.font * 2 + theme.label + 34;
    const panelTitle = theme.label + 12;
    const margin = {
      top: panelTitle,
      right: 12,
      bottom: theme.font + theme.label + 22 + legendSpace,
      left: 0,
    };
    const innerHeight = Math.max(60, height - margin.top - margin.bottom);
    const labels = sparseLabels(positions, Math.max(2, Math.floor(innerHeight / (theme.font * 1.8))));
    margin.left = leftMarginFor(labels.map(String), theme);
    const gap = margin.left + 16;
    const side = Math.max(60, Math.min(innerHeight, (width - margin.left - margin.right - gap) / 2));
    // Centre the pair when the plot is wider than two squares.
    const used = margin.left + side * 2 + gap + margin.right;
    const offset = Math.max(0, (width - used) / 2);
    const domain = influenceDomain(data);
    const scale = (o.scale === 'linear' ? scaleLinear() : scaleSqrt())
      .domain(domain)
      .range([0, 1])
      .clamp(true);
    const color = (v: number): string => interpolateYlGnBu(0.04 + 0.96 * scale(v));
    const band = scaleBand<number>().domain(positions).range([0, side]);
    const canvasContext = shell.canvas ? prepareCanvas(shell.canvas, width, height) : null;
    // Squares too small for the formula keep the name only (the Theory note and the tooltip give the formula).
    const roomy = side >= theme.label * 10;
    const panels = [
      { key: 'teacher', title: roomy ? 'Teacher  ‖∂yⱼ/∂xᵢ‖' : 'Teacher', values: data.teacher },
      { key: 'student', title: roomy ? 'Student  ‖∂Fⱼ/∂xᵢ‖' : 'Student', values: data.student },
    ];
    const root = layer(shell.svg, 'plot-area');
    // Outlines the hovered cell in both panels, so teacher and student are compared at the same (i, j).
    const highlight = (g: typeof root, i: number | null, j: number | null): void => {
      for (const panel of panels) {
        layer(layer(g, `panel-${panel.key}`), 'cell-highlight')
          .selectAll('rect')
          .data(i !== null && j !== null ? [[i, j] as const] : [])
          .join('rect')
          .attr('x', (c) => (band(c[1]) ?? 0) - 1)
          .attr('y', (c) => (band(c[0]) ?? 0) - 1)
          .attr('width', band.bandwidth() + 2)
          .attr('height', band.bandwidth() + 2)
          .attr('fill', 'none')
          .attr('stroke', COLORS.text)
          .attr('stroke-width', 2)
          .attr('pointer-events', 'none');
      }
    };
    highlight(root, null, null);
    panels.forEach((panel, p) => {
      const left = offset + margin.left + p * (side + gap);
      const g = layer(root, `panel-${panel.key}`).attr('transform', `translate(${left},${margin.top})`);
      g.selectAll('text.panel-title')
        .data([panel.title])
        .join('text')
        .attr('class', 'panel-title')
        .attr('x', side / 2)
        .attr('y', -8)
        .attr('text-anchor', 'middle')
        .attr('font-size', theme.label)
        .attr('font-weight', 600)
        .attr('fill', COLORS.text)
        .text((t) => t);
      drawAxis(
        layer(g, 'y-axis'),
        band,
        { orient: 'left', ticks: labels, format: String, label: 'input position i' },
        theme,
      );
      drawAxis(
        layer(g, 'x-axis').attr('transform', `translate(0,${side})`),
        band,
        { orient: 'bottom', ticks: labels, format: String, label: 'output position j' },
        theme,
      );
      g.selectAll('rect.panel-frame')
        .data([0])
        .join('rect')
        .attr('class', 'panel-frame')
        .attr('width', side)
        .attr('height', side)
        .attr('fill', 'none')
        .attr('stroke', COLORS.axis);
      if (canvasContext) {
        const grid = new Float64Array(L * L);
        for (let i = 1; i <= L; i++)
          for (let j = 1; j <= L; j++) {
            const v = Number(panel.values[(i - 1) * L + (j - 1)]);
            grid[(i - 1) * L + (j - 1)] = reachable(i, j) && Number.isFinite(v) ? v : Number.NaN;
          }
        paintGrid(
          canvasContext,
          grid,
          L,
          L,
          color,
          { x: left, y: margin.top, w: side, h: side },
          COLORS.empty,
        );
      }
      hoverCapture(
        g,
        { width: side, height: side, className: 'hover-capture' },
        (event) => {
          const [mx, my] = pointer(event, g.node());
          const j = Math.min(L, Math.max(1, Math.floor(mx / band.step()) + 1));
          const i = Math.min(L, Math.max(1, Math.floor(my / band.step()) + 1));
          highlight(root, i, j);
          const at = (map: ArrayLike<number>): string =>
            reachable(i, j) ? formatValue(Number(map[(i - 1) * L + (j - 1)])) : 'cannot reach';
          showTooltip(
            shell.tooltip,
            `input i = ${i} → output j = ${j}`,
            [
              { label: 'teacher', value: at(data.teacher) },
              { label: 'student', value: at(data.student) },
            ],
            left + mx,
            margin.top + my,
            width,
          );
        },
        () => {
          hideTooltip(shell.tooltip);
          highlight(root, null, null);
        },
      );
    });

    // Wide enough for its tick labels even under small squares, never wider than the plot.
    const legendWidth = Math.min(Math.max(side * 1.2, theme.font * 18), width - 2 * margin.left);
    const legendScale = scaleLinear().domain(domain).range([0, legendWidth]);
    drawColorLegend(
      layer(root, 'color-legend').attr(
        'transform',
        `translate(${offset + margin.left + side + gap / 2 - legendWidth / 2},${margin.top + side + theme.font + theme.label + 30})`,
      ),
      {
        color,
        scale: legendScale,
        thickness: Math.max(10, theme.font * 0.8),
        ticks: legendScale.ticks(Math.max(2, Math.min(5, Math.floor(legendWidth / (theme.font * 4))))),
        format: formatValue,
        label: `gradient norm (shared scale, ${o.scale === 'linear' ? 'linear' : 'square-root'} colour)`,
      },
      theme,
    );
    const parts = [
      data.probes !== undefined ? `mean over ${data.probes} probe sequences` : null,
      data.samples !== undefined ? `${formatCount(data.samples)} samples` : null,
      'grey: input cannot reach output',
    ];
    setSubtitle(shell, parts);
  };

  return createChart<InfluenceData, InfluenceOptions>(
    container,
    {
      kind: 'influence',
      title: CHART_TITLES.influence,
      caption: CHART_CAPTIONS.influence,
      canvas: true,
      defaults: { scale: 'sqrt' },
      defaultHeight: (w, o) => {
        // Two squares side by side: the height follows from the width, capped for wide screens.
        const m = influenceMargins(themeFor(o.presenter));
        const side = (w - 2 * m.left - 16 - m.right) / 2;
        return Math.round(Math.min(560, Math.max(200, side + m.top + m.bottom)));
      },
      hasData: (data) =>
        data.L > 0 && data.teacher.length >= data.L * data.L && data.student.length >= data.L * data.L,
      render,
    },
    options,
  );
}
