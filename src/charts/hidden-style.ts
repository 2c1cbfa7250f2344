/**
 * How the token-memory chart tells its lines apart: colour by token position (viridis, ordered dark to light
 * as i grows, readable with the common colour-vision deficiencies), and every line also has its own dash
 * pattern and marker shape, so the lines stay apart in grey print. The legend is drawn here in the shape the
 * export reads (span.rl-legend-item with an svg swatch and a label).
 */
import { interpolateViridis, symbol, symbolCircle, symbolDiamond, symbolSquare, symbolTriangle } from 'd3';
import { drawSwatchLine, legendItems } from './legend';
import type { Div } from './shell';
import { COLORS, type Theme } from './theme';

/** Dash patterns, in order (the first line is solid). */
export const TOKEN_DASHES = [null, '9 4', '3 3', '10 3 2 3'] as const;
const SHAPES = [symbolCircle, symbolSquare, symbolTriangle, symbolDiamond] as const;
/** The part of viridis used: its light yellow end is too pale on white. */
const VIRIDIS_END = 0.82;

/**
 * Colour of token position `i` among the positions 2..L: viridis from 0 (i = 2) to VIRIDIS_END (i = L), so
 * the same position has the same colour in every snapshot of a run.
 */
export function tokenColor(i: number, L: number): string {
  const t = L > 2 ? (i - 2) / (L - 2) : 0;
  return interpolateViridis(VIRIDIS_END * Math.min(1, Math.max(0, t)));
}

/** Dash pattern of the k-th line (cycling). */
export function tokenDash(k: number): string | null {
  return TOKEN_DASHES[((k % TOKEN_DASHES.length) + TOKEN_DASHES.length) % TOKEN_DASHES.length] ?? null;
}

/** SVG path of the k-th line's marker (cycling shapes), centred on 0,0, of about `radius` pixels. */
export function tokenMarker(k: number, radius: number): string {
  const shape = SHAPES[((k % SHAPES.length) + SHAPES.length) % SHAPES.length] ?? symbolCircle;
  // Equal areas look equal in size: a circle of this radius has area π r².
  return symbol(shape, Math.PI * radius * radius)() ?? '';
}

/** One legend entry: a line sample with its dash and marker (or a thin line alone). */
export interface MemoryLegendEntry {
  label: string;
  color: string;
  dash: string | null;
  /** Marker index (tokenMarker), or null for a line without marker. */
  marker: number | null;
  /** Thin line (the reference at initialisation). */
  thin?: boolean;
}

/** Replaces the legend in `div` with `entries`. */
export function drawMemoryLegend(div: Div, entries: MemoryLegendEntry[], theme: Theme): void {
  const w = Math.round(theme.font * 3);
  const h = Math.round(theme.font * 1.1);
  const items = legendItems(div, entries);
  const swatch = items.select<SVGSVGElement>('svg').attr('width', w).attr('height', h);
  drawSwatchLine(swatch, { w, h }, (d) => (d.thin ? theme.thin : theme.line));
  swatch
    .selectAll('path')
    .data((d) => (d.marker === null ? [] : [d]))
    .join('path')
    .attr('transform', `translate(${w / 2},${h / 2})`)
    .attr('d', (d) => tokenMarker(d.marker ?? 0, Math.min(theme.marker + 1, h / 2 - 1)))
    .attr('fill', (d) => d.color)
    .attr('stroke', COLORS.background)
    .attr('stroke-width', 1);
  items.select('span.rl-legend-label').text((d) => d.label);
}
