/** SVG transforms as affine matrices [a, b, c, d, e, f]: (x, y) ↦ (a·x + c·y + e, b·x + d·y + f). */
import type { Point } from './svg-path';

export type Matrix = readonly [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** m · n: n applied first, then m (the order of nested SVG transforms, outer first). */
export function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

export function apply(m: Matrix, p: Point): Point {
  return { x: m[0] * p.x + m[2] * p.y + m[4], y: m[1] * p.x + m[3] * p.y + m[5] };
}

/** How much the matrix scales lengths (the square root of its area factor): for widths and font sizes. */
export function lengthScale(m: Matrix): number {
  return Math.sqrt(Math.abs(m[0] * m[3] - m[1] * m[2]));
}

/** The rotation of the x axis under the matrix, in degrees clockwise on screen (SVG's sense). */
export function rotationOf(m: Matrix): number {
  return (Math.atan2(m[1], m[0]) * 180) / Math.PI;
}

/** Whether the matrix keeps axis-parallel rectangles axis-parallel (no rotation or skew). */
export function isAxisAligned(m: Matrix): boolean {
  return Math.abs(m[1]) < 1e-12 && Math.abs(m[2]) < 1e-12;
}

const TRANSFORM = /(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)/g;

/** The matrix of a transform attribute ("translate(10,20) rotate(-90)"); unknown parts are ignored. */
export function parseTransform(text: string | null): Matrix {
  let m = IDENTITY;
  if (!text) return m;
  for (const [, name, body] of text.matchAll(TRANSFORM)) {
    const v = (body ?? '')
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
    if (v.some((n) => !Number.isFinite(n))) continue;
    const [p = 0, q, r = 0, s = 0, t = 0, u = 0] = v;
    const rad = (deg: number): number => (deg * Math.PI) / 180;
    let n: Matrix = IDENTITY;
    if (name === 'matrix' && v.length === 6) n = [p, q ?? 0, r, s, t, u];
    else if (name === 'translate') n = [1, 0, 0, 1, p, q ?? 0];
    else if (name === 'scale') n = [p, 0, 0, q ?? p, 0, 0];
    else if (name === 'rotate') {
      const [cos, sin] = [Math.cos(rad(p)), Math.sin(rad(p))];
      const [cx, cy] = [q ?? 0, r];
      n = [cos, sin, -sin, cos, cx - cos * cx + sin * cy, cy - sin * cx - cos * cy];
    } else if (name === 'skewX') n = [1, 0, Math.tan(rad(p)), 1, 0, 0];
    else if (name === 'skewY') n = [1, Math.tan(rad(p)), 0, 1, 0, 0];
    m = multiply(m, n);
  }
  return m;
}
