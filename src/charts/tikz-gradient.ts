/**
 * Linear gradients (the colour legends' ramps) as stripes: TikZ shadings cannot take the many stops a
 * colour scale has, so a gradient-filled rectangle is cut into narrow stripes along the gradient, four per
 * pair of neighbouring stops, each coloured at its middle. Each stripe reaches to the rectangle's far end and
 * the next one covers the rest, so viewers show no seams between them.
 */
import { color as parseCssColor, interpolateRgb } from 'd3';
import { apply, type Matrix } from './svg-transform';
import { fillOptions, tikzPath, type TikzDefinitions } from './tikz-writer';

/** A linear gradient in the rectangle's own units (objectBoundingBox: 0…1 across it). */
export interface Gradient {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  stops: { offset: number; color: string; opacity: number }[];
}

/** A fraction: "40%" or "0.4". */
function fraction(value: string | null, fallback: number): number {
  if (value === null) return fallback;
  const v = parseFloat(value);
  if (!Number.isFinite(v)) return fallback;
  return value.trim().endsWith('%') ? v / 100 : v;
}

/** The linear gradients of a document by id. */
export function readGradients(root: Element): Map<string, Gradient> {
  const out = new Map<string, Gradient>();
  for (const el of root.querySelectorAll('linearGradient')) {
    const id = el.getAttribute('id');
    if (!id) continue;
    let last = 0;
    const stops = Array.from(el.querySelectorAll('stop'), (stop) => {
      // Offsets never go back (SVG clamps each to the largest before it).
      last = Math.max(last, Math.min(1, Math.max(0, fraction(stop.getAttribute('offset'), 0))));
      return {
        offset: last,
        color: stop.getAttribute('stop-color') ?? 'black',
        opacity: fraction(stop.getAttribute('stop-opacity'), 1),
      };
    });
    out.set(id, {
      x1: fraction(el.getAttribute('x1'), 0),
      y1: fraction(el.getAttribute('y1'), 0),
      x2: fraction(el.getAttribute('x2'), 1),
      y2: fraction(el.getAttribute('y2'), 0),
      stops,
    });
  }
  return out;
}

/** The colour of the gradient at `t` (0…1 along it), padded beyond its first and last stops. */
export function gradientColorAt(gradient: Gradient, t: number): { color: string; opacity: number } {
  const stops = gradient.stops;
  const first = stops[0];
  if (!first) return { color: 'black', opacity: 0 };
  if (t <= first.offset) return first;
  for (let i = 1; i < stops.length; i++) {
    const [a, b] = [stops[i - 1], stops[i]] as [typeof first, typeof first];
    if (t <= b.offset) {
      const u = b.offset > a.offset ? (t - a.offset) / (b.offset - a.offset) : 1;
      return { color: interpolateRgb(a.color, b.color)(u), opacity: a.opacity + (b.opacity - a.opacity) * u };
    }
  }
  return stops[stops.length - 1] as typeof first;
}

/**
 * TikZ lines filling rectangle `rect` (local units) with `gradient`, mapped by `matrix`. Gradients run along
 * x or y (the larger of their two extents), as the charts' legends do.
 */
export function gradientRect(
  defs: TikzDefinitions,
  rect: { x: number; y: number; w: number; h: number },
  gradient: Gradient,
  matrix: Matrix,
  opacity: number,
): string[] {
  const horizontal = Math.abs(gradient.x2 - gradient.x1) >= Math.abs(gradient.y2 - gradient.y1);
  const [from, to] = horizontal ? [gradient.x1, gradient.x2] : [gradient.y1, gradient.y2];
  const stripes = Math.min(256, Math.max(1, 4 * (gradient.stops.length - 1)));
  const lines: string[] = [];
  for (let i = 0; i < stripes; i++) {
    // The stripe's share of the rectangle, then the gradient's t at its middle.
    const start = i / stripes;
    const t = (start + 0.5 / stripes - from) / (to - from || 1);
    const { color, opacity: stopOpacity } = gradientColorAt(gradient, Math.min(1, Math.max(0, t)));
    const parsed = parseCssColor(color);
    const named = defs.color(parsed ? parsed.formatHex() : color);
    if (!named) continue;
    const [x0, y0] = horizontal ? [rect.x + start * rect.w, rect.y] : [rect.x, rect.y + start * rect.h];
    const corners = [
      { x: x0, y: y0 },
      { x: rect.x + rect.w, y: y0 },
      { x: rect.x + rect.w, y: rect.y + rect.h },
      { x: x0, y: rect.y + rect.h },
    ].map((p) => apply(matrix, p));
    const path = tikzPath([
      { type: 'M', ...corners[0]! },
      ...corners.slice(1).map((p) => ({ type: 'L' as const, ...p })),
      { type: 'Z' },
    ]);
    lines.push(
      `\\fill[${fillOptions(named, opacity * stopOpacity * (parsed?.opacity ?? 1)).join(',')}] ${path};`,
    );
  }
  return lines;
}
