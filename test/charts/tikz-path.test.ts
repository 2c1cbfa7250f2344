/**
 * SVG path data for the TikZ export: every command, absolute and relative, lands on the right absolute
 * points (svg-pathdata reads them; these check what the export gets); arcs become cubics that stay on the
 * ellipse; and the TikZ path text writes moves, lines, curves and closes.
 */
import { arc, line, curveMonotoneX, symbol, symbolCircle, symbolSquare } from 'd3';
import { SVGPathData } from 'svg-pathdata';
import { describe, expect, it } from 'vitest';
import { parsePath, type PathSegment } from '../../src/charts/svg-path';
import { tikzPath } from '../../src/charts/tikz-writer';

const segs = (d: string): PathSegment[] => {
  const { segments, error } = parsePath(d);
  expect(error).toBeNull();
  return segments;
};

/** The point of cubic `c` from `p0` at parameter t. */
function cubicAt(p0: { x: number; y: number }, c: Extract<PathSegment, { type: 'C' }>, t: number) {
  const u = 1 - t;
  return {
    x: u * u * u * p0.x + 3 * u * u * t * c.x1 + 3 * u * t * t * c.x2 + t * t * t * c.x,
    y: u * u * u * p0.y + 3 * u * u * t * c.y1 + 3 * u * t * t * c.y2 + t * t * t * c.y,
  };
}

describe('parsePath', () => {
  it('reads M, L, H, V and Z, absolute and relative, with implicit repeats', () => {
    expect(segs('M1,2L3,4H10V20Z')).toEqual([
      { type: 'M', x: 1, y: 2 },
      { type: 'L', x: 3, y: 4 },
      { type: 'L', x: 10, y: 4 },
      { type: 'L', x: 10, y: 20 },
      { type: 'Z' },
    ]);
    // Relative forms, extra pairs after a move are lines, and a close returns to the subpath's start.
    expect(segs('m1 2 3 4l1-1h-2v.5zm1,1')).toEqual([
      { type: 'M', x: 1, y: 2 },
      { type: 'L', x: 4, y: 6 },
      { type: 'L', x: 5, y: 5 },
      { type: 'L', x: 3, y: 5 },
      { type: 'L', x: 3, y: 5.5 },
      { type: 'Z' },
      { type: 'M', x: 2, y: 3 },
    ]);
    // Two explicit moves stay moves; exponents and signs without separators parse.
    expect(segs('M0 0M1e1-2.5e-1')).toEqual([
      { type: 'M', x: 0, y: 0 },
      { type: 'M', x: 10, y: -0.25 },
    ]);
  });

  it('reads C and S (reflecting the last control point) and c, s', () => {
    expect(segs('M0,0C1,2,3,4,5,6S9,10,11,12')).toEqual([
      { type: 'M', x: 0, y: 0 },
      { type: 'C', x1: 1, y1: 2, x2: 3, y2: 4, x: 5, y: 6 },
      { type: 'C', x1: 7, y1: 8, x2: 9, y2: 10, x: 11, y: 12 },
    ]);
    expect(segs('M1,1c1,2,3,4,5,6s4,4,6,6')).toEqual([
      { type: 'M', x: 1, y: 1 },
      { type: 'C', x1: 2, y1: 3, x2: 4, y2: 5, x: 6, y: 7 },
      { type: 'C', x1: 8, y1: 9, x2: 10, y2: 11, x: 12, y: 13 },
    ]);
    // S after a line has no control point to reflect: its first control is the current point.
    expect(segs('M0,0L3,0S6,3,6,6')[2]).toEqual({ type: 'C', x1: 3, y1: 0, x2: 6, y2: 3, x: 6, y: 6 });
  });

  it('turns Q, T, q and t into the same curves as cubics (degree elevation)', () => {
    const [, q, t] = segs('M0,0Q3,3,6,0T12,0');
    expect(q).toEqual({ type: 'C', x1: 2, y1: 2, x2: 4, y2: 2, x: 6, y: 0 });
    // T reflects the quadratic control (3,3) about (6,0): (9,-3).
    expect(t).toEqual({ type: 'C', x1: 8, y1: -2, x2: 10, y2: -2, x: 12, y: 0 });
    expect(segs('M0,0q3,3,6,0t6,0')).toEqual(segs('M0,0Q3,3,6,0T12,0'));
    // The quadratic's midpoint is (3, 1.5); the cubic passes through it.
    const mid = cubicAt({ x: 0, y: 0 }, q as Extract<PathSegment, { type: 'C' }>, 0.5);
    expect(mid.x).toBeCloseTo(3, 12);
    expect(mid.y).toBeCloseTo(1.5, 12);
  });

  it('turns A and a into cubics of at most a quarter turn that stay on the ellipse', () => {
    // A half circle of radius 5 around (5, 0): two quarter turns.
    const half = segs('M0,0A5,5,0,0,1,10,0');
    expect(half.map((s) => s.type)).toEqual(['M', 'C', 'C']);
    expect(half[2]).toMatchObject({ x: expect.closeTo(10, 9), y: expect.closeTo(0, 9) });
    expect(half[1]).toMatchObject({ x: expect.closeTo(5, 9), y: expect.closeTo(-5, 9) });
    expect(segs('M0,0a5,5,0,0,1,10,0')).toEqual(half);
    // Flags written without separators ("01") and a rotated, too-small ellipse (radii scaled up).
    expect(segs('M0,0a1 2 30 0110,0').length).toBeGreaterThan(1);
    // A zero radius draws a straight line to the end (SVG 1.1 F.6.2).
    const flat = segs('M0,0A0,5,0,0,1,3,4');
    expect(flat.at(-1)).toMatchObject({ x: expect.closeTo(3, 9), y: expect.closeTo(4, 9) });
  });

  it('reports path data it cannot read, with no segments', () => {
    for (const d of ['M0,0L1,1L2,x', 'M0,0K']) {
      const parsed = parsePath(d);
      expect(parsed.segments).toEqual([]);
      expect(parsed.error).toBeTruthy();
    }
  });
});

describe('parsePath arcs and d3 paths', () => {
  it('draws arcs on the ellipse svg-pathdata finds (centre from its annotateArcs)', () => {
    const cases = [
      'M10,10A20,10,30,0,1,40,30',
      'M10,10A20,10,30,1,0,40,30',
      'M0,0a5,8,-45,1,1,3,-2',
      'M4,0A4,4,0,1,1,-4,0A4,4,0,1,1,4,0',
    ];
    for (const d of cases) {
      const arcs = new SVGPathData(d)
        .toAbs()
        .annotateArcs()
        .commands.filter((c) => c.type === SVGPathData.ARC);
      const mine = segs(d);
      let at = { x: 0, y: 0 };
      let k = -1;
      for (const s of mine) {
        if (s.type === 'M') {
          at = s;
          continue;
        }
        const c = s as Extract<PathSegment, { type: 'C' }>;
        // Which arc this piece belongs to: pieces of one arc follow each other until its end point.
        if (k < 0 || (at.x === arcs[k]?.x && at.y === arcs[k]?.y)) k++;
        const a = arcs[k] as Extract<(typeof arcs)[number], { type: typeof SVGPathData.ARC }>;
        const phi = (a.xRot * Math.PI) / 180;
        for (const t of [0, 0.25, 0.5, 0.75, 1]) {
          const p = cubicAt(at, c, t);
          const dx = p.x - (a.cX as number);
          const dy = p.y - (a.cY as number);
          const u = (Math.cos(phi) * dx + Math.sin(phi) * dy) / a.rX;
          const v = (-Math.sin(phi) * dx + Math.cos(phi) * dy) / a.rY;
          // A quarter-turn cubic strays from the ellipse by under 0.03 % of its radius.
          expect(Math.hypot(u, v), `${d} piece ${k} t=${t}`).toBeCloseTo(1, 3);
        }
        at = c;
      }
    }
  });

  it('reads the paths d3 draws: monotone curves, symbols with relative h/v, arcs', () => {
    const curve = line().curve(curveMonotoneX)([
      [0, 0],
      [10, 5],
      [20, 3],
      [30, 8],
    ]) as string;
    for (const d of [curve, symbol(symbolSquare, 40)() as string, symbol(symbolCircle, 40)() as string]) {
      const mine = segs(d);
      const ends = mine.filter((s) => s.type !== 'Z').at(-1) as { x: number; y: number };
      // The last absolute point d3 wrote (relative h/v in symbols accumulate onto it).
      const abs = new SVGPathData(d).toAbs().commands.filter((c) => 'x' in c || 'y' in c);
      const last = abs.at(-1) as { x?: number; y?: number };
      if (last.x !== undefined) expect(ends.x).toBeCloseTo(last.x, 9);
      if (last.y !== undefined) expect(ends.y).toBeCloseTo(last.y, 9);
    }
    const donut = arc()({ innerRadius: 10, outerRadius: 20, startAngle: 0, endAngle: 2 } as never) as string;
    expect(segs(donut).filter((s) => s.type === 'C').length).toBeGreaterThanOrEqual(4);
  });
});

describe('tikzPath', () => {
  it('writes moves, lines, controls and cycles with rounded numbers', () => {
    expect(tikzPath(segs('M0.5,255.5V0.5'))).toBe('(0.5,255.5) -- (0.5,0.5)');
    expect(tikzPath(segs('M0,0C1,2,3,4,5,6Z'))).toBe('(0,0) .. controls (1,2) and (3,4) .. (5,6) -- cycle');
    expect(tikzPath(segs('M1.23456,-0.0001L2,3M4,5L6,7'))).toBe('(1.23,0) -- (2,3) (4,5) -- (6,7)');
  });
});
