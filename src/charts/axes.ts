/** Axes with readable ticks, light grid lines and titles, styled from the theme. */
import { axisBottom, axisLeft, axisRight, type AxisDomain, type AxisScale, type Selection } from 'd3';
import { COLORS, type Theme } from './theme';

type G = Selection<SVGGElement, unknown, null, undefined>;

/** How to draw one axis. */
export interface AxisSpec {
  orient: 'bottom' | 'left' | 'right';
  /** Tick values; the scale's own ticks when omitted. */
  ticks?: number[];
  /** Approximate tick count when `ticks` is omitted. */
  tickCount?: number;
  format?: (value: number) => string;
  /** Axis title (with units). */
  label?: string;
  /** Length of grid lines across the plot (0 or omitted: none). */
  grid?: number;
  /** Keep only whole-number ticks (counts such as samples seen). */
  integer?: boolean;
}

/**
 * Drops ticks whose label repeats the previous one (a narrow domain with a coarse format, such as 0.2 and 0.4
 * both printed "0"), so an axis never shows the same label twice.
 */
export function distinctTicks(values: number[], format: (value: number) => string): number[] {
  const out: number[] = [];
  let previous: string | null = null;
  for (const v of values) {
    const label = format(v);
    if (label === previous) continue;
    out.push(v);
    previous = label;
  }
  return out;
}

/** The whole numbers among `values` (rounded, so 3.0000000004 counts as 3). */
export function integerTicks(values: number[]): number[] {
  return values.filter((v) => Math.abs(v - Math.round(v)) < 1e-9).map((v) => Math.round(v));
}

/** Tick values of `scale` for `spec`: given or computed, whole where asked, with distinct labels. */
function tickValuesFor<D extends AxisDomain>(scale: AxisScale<D>, spec: AxisSpec): number[] | null {
  const withTicks = scale as AxisScale<D> & { ticks?: (count?: number) => number[] };
  let values = spec.ticks ?? (withTicks.ticks ? withTicks.ticks(spec.tickCount ?? 10) : null);
  if (values === null) return null;
  if (spec.integer) values = integerTicks(values);
  return spec.format ? distinctTicks(values, spec.format) : values;
}

/**
 * Tick values for a log axis over [lo, hi]: powers of ten, with 2× and 5× added when fewer than three decades
 * are visible, and thinned to about `max` ticks when many decades are.
 */
export function logTicks(lo: number, hi: number, max = 8): number[] {
  if (!(lo > 0) || !(hi > lo)) return [];
  const a = Math.floor(Math.log10(lo));
  const b = Math.ceil(Math.log10(hi));
  const exponents: number[] = [];
  for (let e = a; e <= b; e++) exponents.push(e);
  const inside = exponents.filter((e) => 10 ** e >= lo * (1 - 1e-9) && 10 ** e <= hi * (1 + 1e-9));
  let ticks: number[];
  if (inside.length < 3) {
    ticks = exponents.flatMap((e) => [10 ** e, 2 * 10 ** e, 5 * 10 ** e]);
  } else {
    const step = Math.ceil(inside.length / max);
    ticks = inside.filter((e) => e % step === 0).map((e) => 10 ** e);
  }
  // Round away binary noise of 10 ** e so labels read "0.001", not "0.0010000000000000002".
  return ticks
    .map((t) => Number(t.toPrecision(6)))
    .filter((t) => t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9));
}

/** Draws an axis into `g` (already translated to the axis position), replacing what was there. */
export function drawAxis<D extends AxisDomain>(
  g: G,
  scale: AxisScale<D>,
  spec: AxisSpec,
  theme: Theme,
): void {
  const maker = spec.orient === 'bottom' ? axisBottom : spec.orient === 'left' ? axisLeft : axisRight;
  const axis = maker(scale).tickSizeOuter(0).tickPadding(6);
  const values = tickValuesFor(scale, spec);
  if (values) axis.tickValues(values as unknown as D[]);
  if (spec.format) {
    const f = spec.format;
    axis.tickFormat((v) => f(Number(v)));
  }
  g.call(axis);
  g.attr('font-size', theme.font).attr('font-family', null);
  g.selectAll('.domain').attr('stroke', COLORS.axis).attr('stroke-width', 1);
  g.selectAll('.tick line').attr('stroke', COLORS.axis);
  g.selectAll('.tick text').attr('fill', COLORS.text);
  g.selectAll('.grid-line').remove();
  if (spec.grid) {
    const length = spec.grid;
    g.selectAll<SVGGElement, unknown>('.tick')
      .append('line')
      .attr('class', 'grid-line')
      .attr('stroke', COLORS.grid)
      .attr('stroke-width', 1)
      .attr('x2', spec.orient === 'bottom' ? 0 : spec.orient === 'left' ? length : -length)
      .attr('y2', spec.orient === 'bottom' ? -length : 0)
      .lower();
  }
  const title = g
    .selectAll<SVGTextElement, string>('text.axis-title')
    .data(spec.label ? [spec.label] : [])
    .join('text')
    .attr('class', 'axis-title')
    .attr('fill', COLORS.text)
    .attr('font-size', theme.label)
    .attr('font-weight', 500)
    .text((d) => d);
  const range = scale.range() as number[];
  const lo = Math.min(...range);
  const hi = Math.max(...range);
  if (spec.orient === 'bottom') {
    title
      .attr('x', (lo + hi) / 2)
      .attr('y', theme.font + theme.label + 12)
      .attr('text-anchor', 'middle')
      .attr('transform', null);
  } else {
    const offset = spec.orient === 'left' ? -1 : 1;
    const distance = yTitleOffset(g, theme);
    title
      .attr('transform', `translate(${offset * distance},${(lo + hi) / 2}) rotate(${offset * 90})`)
      .attr('x', 0)
      .attr('y', 0)
      .attr('text-anchor', 'middle');
  }
}

/**
 * Distance of a vertical axis title's baseline from the axis line: past the widest tick label plus the
 * descent of the title's glyphs (a left title reads bottom-to-top, so its glyphs lie outside the baseline).
 */
function yTitleOffset(g: G, theme: Theme): number {
  let widest = 0;
  g.selectAll<SVGTextElement, unknown>('.tick text').each(function () {
    widest = Math.max(widest, estimateTextWidth(this.textContent ?? '', theme.font));
  });
  return widest + 6 + 6 + 8 + theme.label * 0.25;
}

/** Approximate rendered width of `text` at `fontSize` (layout in jsdom has no text metrics). */
export function estimateTextWidth(text: string, fontSize: number): number {
  return text.length * fontSize * 0.58;
}

/** Left margin that fits tick labels `labels` plus a rotated axis title. */
export function leftMarginFor(labels: string[], theme: Theme, withTitle = true): number {
  const widest = Math.max(0, ...labels.map((l) => estimateTextWidth(l, theme.font)));
  return Math.ceil(widest + 12 + (withTitle ? theme.label * 1.3 + 14 : 0));
}

/** Space around a plot, in pixels. */
export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/**
 * Margins of a plot with a titled y axis on the left (room for `yTickLabels`) and a titled x axis below,
 * `top` pixels above it and a little room on the right.
 */
export function axisMargins(top: number, yTickLabels: string[], theme: Theme): Margin {
  return { top, right: 18, bottom: theme.font + theme.label + 24, left: leftMarginFor(yTickLabels, theme) };
}

/** The plot's size inside `margin`, at least `min` pixels each way. */
export function innerSize(
  width: number,
  height: number,
  margin: Margin,
  min = 40,
): { innerWidth: number; innerHeight: number } {
  return {
    innerWidth: Math.max(min, width - margin.left - margin.right),
    innerHeight: Math.max(min, height - margin.top - margin.bottom),
  };
}

/**
 * Position labels to print when rows are many: multiples of a round step (1, 2, 5, 10, 20, ...) chosen so about
 * `max` fit, plus the first position when it is not too close to the next label.
 */
export function sparseLabels(positions: number[], max: number): number[] {
  if (positions.length <= max) return positions.slice();
  const raw = positions.length / Math.max(1, max);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].map((f) => f * power).find((s) => s >= raw) ?? 10 * power) as number;
  const picked = positions.filter((p) => p % step === 0);
  const first = positions[0] as number;
  if (picked[0] !== first && (picked.length === 0 || (picked[0] as number) - first > step / 2))
    picked.unshift(first);
  return picked;
}

/**
 * A panel's heading above its plot box, from the panel's left edge (the y axis title's side) so a long heading
 * fits a narrow panel; `g` is translated to the plot's top left corner, `margin` is the panel's.
 */
export function drawPanelHeader(
  g: G,
  text: string,
  theme: Theme,
  margin: { top: number; left: number },
): void {
  g.selectAll('text.panel-title')
    .data([text])
    .join('text')
    .attr('class', 'panel-title')
    .attr('x', -margin.left + 4)
    .attr('y', -margin.top + theme.label)
    .attr('font-size', theme.label)
    .attr('font-weight', 600)
    .attr('fill', COLORS.text)
    .text((d) => d);
}
