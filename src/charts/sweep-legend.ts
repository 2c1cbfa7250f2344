/**
 * Marks and legend of the sweep charts. The shared legend (legend.ts) draws lines and dots; a sweep also
 * needs the censored-run triangle and the median-with-quartiles glyph, so it has its own, built the same
 * way (an HTML row of swatches and labels above the plot).
 */
import { symbol, symbolTriangle } from 'd3';
import { legendItems } from './legend';
import type { Div } from './shell';
import type { Theme } from './theme';

/** How a legend swatch (and the mark it explains) looks. */
export type SweepSymbol = 'run' | 'censored' | 'median' | 'power' | 'exponential' | 'budget' | 'eps';

export interface SweepLegendEntry {
  symbol: SweepSymbol;
  label: string;
  color: string;
  /** A median line's dash, drawn behind the median glyph (a sweep with several series). */
  dash?: string;
}

/** Dash patterns of the reference and fit lines (shared by marks and swatches). */
export const SWEEP_DASH = { power: '8 4', exponential: '2 4', budget: '4 4', eps: '6 3' } as const;

/** SVG path of an upward triangle of about `r` radius centred on (0, 0): "more than this". */
export function trianglePath(r: number): string {
  // d3 symbols take an area; an equilateral triangle with circumradius r has area (3√3/4)·r².
  return symbol(symbolTriangle, ((3 * Math.sqrt(3)) / 4) * r * r)() ?? '';
}

/** Replaces the legend in `div` with `entries`. */
export function drawSweepLegend(div: Div, entries: SweepLegendEntry[], theme: Theme): void {
  const items = legendItems(div, entries)
    .attr('data-symbol', (d) => d.symbol);
  const w = Math.round(theme.font * 2.2);
  const h = Math.round(theme.font * 1.2);
  items.each(function (d) {
    const svg = this.querySelector('svg');
    if (!svg) return;
    svg.setAttribute('width', String(w));
    svg.setAttribute('height', String(h));
    svg.replaceChildren(...swatch(d, w, h, theme));
  });
  items.select('span.rl-legend-label').text((d) => d.label);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

function el(tag: string, attrs: Record<string, string | number>): SVGElement {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

function swatch(d: SweepLegendEntry, w: number, h: number, theme: Theme): SVGElement[] {
  const cx = w / 2;
  const cy = h / 2;
  const line = (dash: string | null, width: number) =>
    el('line', {
      x1: 1,
      x2: w - 1,
      y1: cy,
      y2: cy,
      stroke: d.color,
      'stroke-width': width,
      ...(dash ? { 'stroke-dasharray': dash } : {}),
    });
  switch (d.symbol) {
    case 'run':
      return [el('circle', { cx, cy, r: theme.marker * 0.85, fill: d.color, 'fill-opacity': 0.55 })];
    case 'censored':
      return [
        el('path', {
          d: trianglePath(theme.marker * 1.3),
          transform: `translate(${cx},${cy + 1})`,
          fill: 'white',
          stroke: d.color,
          'stroke-width': 1.75,
        }),
      ];
    case 'median':
      return [
        ...(d.dash ? [line(d.dash, theme.thin + 0.75)] : []),
        el('line', { x1: cx, x2: cx, y1: 1, y2: h - 1, stroke: d.color, 'stroke-width': theme.thin + 0.5 }),
        el('circle', {
          cx,
          cy,
          r: Math.min(theme.marker * 1.5, h / 2 - 1),
          fill: d.color,
          stroke: 'white',
          'stroke-width': 1.5,
        }),
      ];
    case 'power':
      return [line(SWEEP_DASH.power, theme.line)];
    case 'exponential':
      return [line(SWEEP_DASH.exponential, theme.line)];
    case 'budget':
      return [line(SWEEP_DASH.budget, theme.thin + 0.25)];
    case 'eps':
      return [line(SWEEP_DASH.eps, theme.thin + 0.25)];
  }
}
