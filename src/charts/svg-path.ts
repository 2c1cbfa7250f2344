/**
 * SVG path data (the `d` attribute) as absolute segments of four kinds: move, line, cubic curve and close.
 * The svg-pathdata package reads every command of SVG 1.1, absolute and relative, and normalises it: H and V
 * become lines, S and T lose their reflections, quadratics become the same curves as cubics, and elliptical
 * arcs become cubics of at most a quarter turn each. The result survives any affine transform, which is what
 * an export to another vector format needs.
 */
import { SVGPathData } from 'svg-pathdata';

/** A point. */
export interface Point {
  x: number;
  y: number;
}

/** One absolute segment: move to, line to, cubic to (control points 1 and 2, then the end), close. */
export type PathSegment =
  | { type: 'M'; x: number; y: number }
  | { type: 'L'; x: number; y: number }
  | { type: 'C'; x1: number; y1: number; x2: number; y2: number; x: number; y: number }
  | { type: 'Z' };

/** The segments of a path, or why its data could not be read (then no segments). */
export interface ParsedPath {
  segments: PathSegment[];
  error: string | null;
}

/** Parses SVG path data into absolute move, line, cubic and close segments. */
export function parsePath(d: string): ParsedPath {
  let data: SVGPathData;
  try {
    data = new SVGPathData(d).toAbs().normalizeHVZ(false, true, true).normalizeST().qtToC().aToC();
  } catch (e) {
    return { segments: [], error: e instanceof Error ? e.message : String(e) };
  }
  const segments: PathSegment[] = [];
  for (const c of data.commands) {
    if (c.type === SVGPathData.MOVE_TO) segments.push({ type: 'M', x: c.x, y: c.y });
    else if (c.type === SVGPathData.LINE_TO) segments.push({ type: 'L', x: c.x, y: c.y });
    else if (c.type === SVGPathData.CURVE_TO)
      segments.push({ type: 'C', x1: c.x1, y1: c.y1, x2: c.x2, y2: c.y2, x: c.x, y: c.y });
    else if (c.type === SVGPathData.CLOSE_PATH) segments.push({ type: 'Z' });
    else return { segments: [], error: `path command ${c.type} was not normalised` };
  }
  return { segments, error: null };
}
