/** The loss chart's crosshair: a vertical line at the nearest report, dots on each series, and a read-out. */
import { formatCount, formatValue } from './tick-format';
import type { LossScales } from './loss-scales';
import { nearestIndex, valueAt } from './series';
import { layer, type ChartShell } from './shell';
import { hideTooltip, showTooltip, type TooltipRow } from './tooltip';
import { COLORS, type Theme } from './theme';
import type { LossData, LossOptions, OverlaySeries } from './types';

/** Everything the hover layer needs from the last render. */
export interface HoverFrame {
  data: LossData;
  scales: LossScales;
  options: LossOptions;
  theme: Theme;
  innerWidth: number;
  innerHeight: number;
  margin: { top: number; left: number };
  trainSmooth: Float64Array | null;
  overlays: (OverlaySeries & { color: string })[];
  shell: ChartShell;
}

interface HoverDot {
  x: number;
  y: number;
  color: string;
}

/** Draws (or with `sample` null, clears) the crosshair at the report nearest to `sample`. */
export function drawLossHover(frame: HoverFrame, sample: number | null): void {
  const { data, scales, theme, innerHeight, shell } = frame;
  const root = layer(shell.svg, 'plot-area');
  const g = layer(root, 'hover');
  const { x, y } = scales;
  const anchor = sample === null ? -1 : nearestReport(data, sample);
  if (sample === null || anchor < 0) {
    g.selectAll('*').remove();
    hideTooltip(shell.tooltip);
    return;
  }
  const at = valueAt(data.samples, anchor);
  const dots: HoverDot[] = [];
  const rows: TooltipRow[] = [];
  const test = valueAt(data.testError, anchor);
  const iTest = nearestIndex(data.samples, data.testError, at);
  if (iTest >= 0) {
    const v = valueAt(data.testError, iTest);
    dots.push({ x: x(valueAt(data.samples, iTest)), y: y(v), color: COLORS.testError });
    rows.push({
      label: Number.isFinite(test) ? 'test error' : 'test error (nearest)',
      value: formatValue(v),
      color: COLORS.testError,
    });
  }
  if (frame.options.showTrainLoss !== false) {
    const raw = valueAt(data.trainLoss, anchor);
    const smooth = frame.trainSmooth ? (frame.trainSmooth[anchor] ?? Number.NaN) : raw;
    if (Number.isFinite(smooth)) {
      dots.push({ x: x(at), y: y(smooth), color: COLORS.trainLoss });
      const name = data.trainLabel ?? 'train loss';
      const label = frame.trainSmooth ? `${name} (smoothed)` : name;
      rows.push({ label, value: formatValue(smooth), color: COLORS.trainLoss });
      if (frame.trainSmooth) rows.push({ label: `${name} (raw)`, value: formatValue(raw) });
    }
  }
  for (const ov of frame.overlays) {
    const k = nearestIndex(ov.samples, ov.testError, at);
    if (k < 0) continue;
    const v = valueAt(ov.testError, k);
    dots.push({ x: x(valueAt(ov.samples, k)), y: y(v), color: ov.color });
    rows.push({ label: ov.label, value: formatValue(v), color: ov.color });
  }
  const cx = x(at);
  g.selectAll('line.crosshair')
    .data([cx])
    .join('line')
    .attr('class', 'crosshair')
    .attr('x1', (d) => d)
    .attr('x2', (d) => d)
    .attr('y1', 0)
    .attr('y2', innerHeight)
    .attr('stroke', COLORS.axis)
    .attr('stroke-width', 1)
    .attr('stroke-dasharray', '3 3')
    .attr('pointer-events', 'none');
  g.selectAll('circle.hover-dot')
    .data(dots.filter((d) => Number.isFinite(d.x) && Number.isFinite(d.y)))
    .join('circle')
    .attr('class', 'hover-dot')
    .attr('cx', (d) => d.x)
    .attr('cy', (d) => d.y)
    .attr('r', theme.marker + 1)
    .attr('fill', (d) => d.color)
    .attr('stroke', 'white')
    .attr('stroke-width', 2)
    .attr('pointer-events', 'none');
  showTooltip(
    shell.tooltip,
    `${formatCount(at)} samples`,
    rows,
    frame.margin.left + cx,
    frame.margin.top + 4,
    frame.margin.left + frame.innerWidth,
  );
}

/** Index of the report nearest to `sample` that has a train loss or a test error. */
function nearestReport(data: LossData, sample: number): number {
  let best = -1;
  let distance = Number.POSITIVE_INFINITY;
  const n = data.samples.length;
  for (let i = 0; i < n; i++) {
    const s = valueAt(data.samples, i);
    if (!Number.isFinite(s)) continue;
    if (!Number.isFinite(valueAt(data.testError, i)) && !Number.isFinite(valueAt(data.trainLoss, i)))
      continue;
    const d = Math.abs(s - sample);
    if (d < distance) {
      distance = d;
      best = i;
    }
  }
  return best;
}
