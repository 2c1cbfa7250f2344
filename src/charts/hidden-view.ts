/**
 * The visible window of the trajectory chart. Two rules keep the picture steady in front of a class:
 * - equal aspect: one unit of PC1 spans as many pixels as one unit of PC2, so distances and angles between
 *   hidden states are not distorted by the plot's shape;
 * - damped rescaling: the window grows at once when a path would leave it, but shrinks only gradually, and
 *   only once it is clearly too large, so trails coming and going do not make the axes jump.
 */
import { tickStep } from 'd3';

/** An axis-aligned box in PC coordinates. */
export interface Box {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** Margin around the data, as a share of its larger span. */
const PAD = 0.08;
/** A window is shrunk only when it is more than this many times the data's span on some axis. */
const SHRINK_SLACK = 1.4;
/** Share of the distance to the data's box that a shrinking window moves per snapshot. */
const SHRINK_RATE = 0.25;

/** The padded box around the finite points (null when there are none); a flat cloud gets a unit span. */
export function dataBox(points: Iterable<readonly [number, number]>): Box | null {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const [x, y] of points) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  if (!(x0 <= x1)) return null;
  const span = Math.max(x1 - x0, y1 - y0);
  const pad = span > 0 ? span * PAD : Math.max(0.5, Math.abs(x0), Math.abs(y0)) * 0.5;
  return { x0: x0 - pad, x1: x1 + pad, y0: y0 - pad, y1: y1 + pad };
}

/** The smallest box holding both `a` and `b`. */
export function unionBox(a: Box, b: Box): Box {
  return {
    x0: Math.min(a.x0, b.x0),
    x1: Math.max(a.x1, b.x1),
    y0: Math.min(a.y0, b.y0),
    y1: Math.max(a.y1, b.y1),
  };
}

/**
 * One damping step from the window `shown` towards the data's box `target`: every edge the data crosses
 * moves out to it at once; when the window is more than SHRINK_SLACK times the data's span on either axis,
 * every edge moves SHRINK_RATE of the way in (never inside the data).
 */
export function dampBox(shown: Box | null, target: Box): Box {
  if (!shown) return { ...target };
  const grown = unionBox(shown, target);
  const tooWide = grown.x1 - grown.x0 > SHRINK_SLACK * (target.x1 - target.x0);
  const tooTall = grown.y1 - grown.y0 > SHRINK_SLACK * (target.y1 - target.y0);
  if (!tooWide && !tooTall) return grown;
  const toward = (from: number, to: number): number => from + (to - from) * SHRINK_RATE;
  return {
    x0: toward(grown.x0, target.x0),
    x1: toward(grown.x1, target.x1),
    y0: toward(grown.y0, target.y0),
    y1: toward(grown.y1, target.y1),
  };
}

/** A window that follows the data with dampBox; `reset` forgets it (a new run or basis). */
export class DampedWindow {
  private shown: Box | null = null;

  /** Steps towards `target` and returns the new window. */
  follow(target: Box): Box {
    this.shown = dampBox(this.shown, target);
    return this.shown;
  }

  /** The current window grown (not shrunk) to hold `target`: for redraws that bring no new snapshot. */
  cover(target: Box): Box {
    this.shown = this.shown ? unionBox(this.shown, target) : { ...target };
    return this.shown;
  }

  reset(): void {
    this.shown = null;
  }
}

/**
 * Domains for a plot of width × height pixels that show all of `box` at the same pixels per unit on both
 * axes, centred on the box; the axis with room to spare shows more around it.
 */
export function equalAspectDomains(
  box: Box,
  width: number,
  height: number,
): { x: [number, number]; y: [number, number] } {
  const w = Math.max(1e-12, box.x1 - box.x0);
  const h = Math.max(1e-12, box.y1 - box.y0);
  const perUnit = Math.min(width / w, height / h);
  const cx = (box.x0 + box.x1) / 2;
  const cy = (box.y0 + box.y1) / 2;
  const hx = width / perUnit / 2;
  const hy = height / perUnit / 2;
  return { x: [cx - hx, cx + hx], y: [cy - hy, cy + hy] };
}

/**
 * Ticks for both axes at one shared step (so the grid is made of squares), with about one tick every
 * `spacing` pixels along the longer side.
 */
export function sharedTicks(
  x: [number, number],
  y: [number, number],
  width: number,
  height: number,
  spacing = 80,
): { x: number[]; y: number[] } {
  const longer = width >= height ? x : y;
  const count = Math.max(2, Math.floor(Math.max(width, height) / spacing));
  const step = tickStep(longer[0], longer[1], count);
  const along = ([lo, hi]: [number, number]): number[] => {
    const out: number[] = [];
    for (let k = Math.ceil(lo / step); k * step <= hi + step * 1e-9; k++)
      out.push(Number((k * step).toPrecision(12)));
    return out;
  };
  return { x: along(x), y: along(y) };
}
