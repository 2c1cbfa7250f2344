/** HTML legend: one entry per series, a short line (or marker) sample in the series' style, then its label. */
import type { Selection } from 'd3';
import type { Div } from './shell';
import type { Theme } from './theme';

/**
 * Shows `div` as a legend of one item per entry (hidden when there are none): each item a swatch <svg> and a
 * label <span>, for the caller to draw. Every chart's legend is built on this.
 */
export function legendItems<E>(
  div: Div,
  entries: E[],
): Selection<HTMLSpanElement, E, HTMLDivElement, unknown> {
  div.style('display', entries.length ? 'flex' : 'none');
  return div
    .selectAll<HTMLSpanElement, E>('span.rl-legend-item')
    .data(entries)
    .join((enter) => {
      const item = enter.append('span').attr('class', 'rl-legend-item');
      item.append('svg').attr('class', 'rl-legend-swatch').attr('aria-hidden', 'true');
      item.append('span').attr('class', 'rl-legend-label');
      return item;
    })
    .style('display', 'inline-flex')
    .style('align-items', 'center')
    .style('gap', '6px');
}

/**
 * Draws the sample line across the middle of each swatch (w × h pixels) whose entry `shown` keeps (all by
 * default), in the entry's colour and dash, `width` pixels wide.
 */
export function drawSwatchLine<E extends { color: string; dash?: string | null }>(
  swatch: Selection<SVGSVGElement, E, HTMLDivElement, unknown>,
  { w, h }: { w: number; h: number },
  width: number | ((d: E) => number),
  shown: (d: E) => boolean = () => true,
): void {
  swatch
    .selectAll('line')
    .data((d) => (shown(d) ? [d] : []))
    .join('line')
    .attr('x1', 1)
    .attr('x2', w - 1)
    .attr('y1', h / 2)
    .attr('y2', h / 2)
    .attr('stroke', (d) => d.color)
    .attr('stroke-width', width)
    .attr('stroke-dasharray', (d) => d.dash ?? null);
}

/** One legend entry. */
export interface LegendEntry {
  label: string;
  color: string;
  /** SVG stroke-dasharray of the sample line. */
  dash?: string;
  /** 'line' (default), 'marker' (a filled dot), 'hollow' (an open dot) or 'line-marker' (both). */
  symbol?: 'line' | 'marker' | 'hollow' | 'line-marker';
}

/** Replaces the legend in `div` with `entries` (an empty list hides it). */
export function drawLegend(div: Div, entries: LegendEntry[], theme: Theme): void {
  const items = legendItems(div, entries);
  const w = Math.round(theme.font * 2.2);
  const h = Math.round(theme.font);
  const swatch = items.select<SVGSVGElement>('svg').attr('width', w).attr('height', h);
  const hasLine = (d: LegendEntry): boolean => (d.symbol ?? 'line') === 'line' || d.symbol === 'line-marker';
  const hasDot = (d: LegendEntry): boolean => (d.symbol ?? 'line') !== 'line';
  drawSwatchLine(swatch, { w, h }, theme.line, hasLine);
  swatch
    .selectAll('circle')
    .data((d) => (hasDot(d) ? [d] : []))
    .join('circle')
    .attr('cx', w / 2)
    .attr('cy', h / 2)
    .attr('r', Math.min(theme.marker, h / 2 - 1))
    .attr('fill', (d) => (d.symbol === 'hollow' ? 'white' : d.color))
    .attr('stroke', (d) => d.color)
    .attr('stroke-width', 2);
  items.select('span.rl-legend-label').text((d) => d.label);
}
