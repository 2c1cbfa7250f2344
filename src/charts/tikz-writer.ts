/**
 * The pieces of a TikZ picture: numbers, colours (each defined once with \definecolor), fonts (one style
 * each), path text and drawing options. Coordinates stay in CSS pixels; the picture's x and y units turn
 * them into points (1 px = 0.75 pt) and flip y, so the numbers in the file read like the SVG's.
 */
import { color as parseCssColor } from 'd3';
import type { PathSegment, Point } from './svg-path';

/** TeX points per CSS pixel (96 px = 72 pt). */
export const PT_PER_PX = 0.75;

/** `v` rounded to `digits` decimals, without exponent or "-0" (TeX reads neither). */
export function num(v: number, digits = 2): string {
  const scale = 10 ** digits;
  const r = Math.round(v * scale) / scale;
  return Object.is(r, -0) || r === 0 ? '0' : r.toFixed(digits).replace(/\.?0+$/, '');
}

export function coordinate(p: Point): string {
  return `(${num(p.x)},${num(p.y)})`;
}

/** A path's segments as TikZ path text: "(x,y) -- (x,y) .. controls (a) and (b) .. (x,y) -- cycle". */
export function tikzPath(segments: readonly PathSegment[]): string {
  const parts: string[] = [];
  for (const s of segments) {
    if (s.type === 'M') parts.push(coordinate(s));
    else if (s.type === 'L') parts.push(`-- ${coordinate(s)}`);
    else if (s.type === 'C')
      parts.push(
        `.. controls ${coordinate({ x: s.x1, y: s.y1 })} and ${coordinate({ x: s.x2, y: s.y2 })} .. ${coordinate(s)}`,
      );
    else parts.push('-- cycle');
  }
  return parts.join(' ');
}

/** A colour as the name it was defined under, and its own alpha (rgba(), #rrggbbaa). */
export interface NamedColor {
  name: string;
  alpha: number;
}

/** Collects the colours and fonts a picture uses and writes their definitions. */
export class TikzDefinitions {
  private readonly colors = new Map<string, string>();
  private readonly fonts = new Map<string, { name: string; style: string }>();

  /** The colour `css` (any CSS colour d3 reads), or null for none, transparent or unreadable. */
  color(css: string | null): NamedColor | null {
    if (!css || css === 'none') return null;
    const parsed = parseCssColor(css);
    if (!parsed || !(parsed.opacity > 0)) return null;
    return { name: this.hex(parsed.formatHex()), alpha: parsed.opacity };
  }

  /** The name of an opaque colour given as 0…255 channels. */
  rgb(r: number, g: number, b: number): string {
    const hex = `#${[r, g, b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
    return this.hex(hex);
  }

  private hex(hex: string): string {
    const key = hex.slice(1).toUpperCase();
    let name = this.colors.get(key);
    if (!name) {
      name = `rl${this.colors.size}`;
      this.colors.set(key, name);
    }
    return name;
  }

  /** The style name of a font `size` px and `bold` or not (sans-serif, line height 1.2). */
  font(size: number, bold: boolean): string {
    const pt = num(size * PT_PER_PX);
    const key = `${pt}/${bold}`;
    const known = this.fonts.get(key);
    if (known) return known.name;
    const name = `rlfont${this.fonts.size}`;
    const lead = num(size * PT_PER_PX * 1.2);
    const font = `\\sffamily${bold ? '\\bfseries' : ''}\\fontsize{${pt}}{${lead}}\\selectfont`;
    this.fonts.set(key, { name, style: `${name}/.style={font=${font}}` });
    return name;
  }

  /** The \definecolor lines. */
  colorLines(): string[] {
    return Array.from(this.colors, ([hex, name]) => `\\definecolor{${name}}{HTML}{${hex}}`);
  }

  /** The font styles, as options of the picture. */
  fontStyles(): string[] {
    return Array.from(this.fonts.values(), (f) => f.style);
  }
}

/** How a shape is stroked, in SVG terms (width in px, dashes in px). */
export interface StrokeStyle {
  color: NamedColor;
  opacity: number;
  width: number;
  dash: number[];
  dashOffset: number;
  lineJoin: string;
  lineCap: string;
}

/** TikZ options for a stroke, `scale` being how much the element's transform scales lengths. */
export function strokeOptions(s: StrokeStyle, scale: number): string[] {
  const out = [`draw=${s.color.name}`, `line width=${num(s.width * scale * PT_PER_PX, 3)}pt`];
  const alpha = s.color.alpha * s.opacity;
  if (alpha < 1) out.push(`draw opacity=${num(alpha, 3)}`);
  if (s.dash.length && s.dash.some((d) => d > 0)) {
    // SVG repeats an odd-length dash list to make it even.
    const dash = s.dash.length % 2 ? [...s.dash, ...s.dash] : s.dash;
    const pattern = dash
      .map((d, i) => `${i % 2 ? 'off' : 'on'} ${num(d * scale * PT_PER_PX, 3)}pt`)
      .join(' ');
    out.push(`dash pattern=${pattern}`);
    if (s.dashOffset) out.push(`dash phase=${num(s.dashOffset * scale * PT_PER_PX, 3)}pt`);
  }
  if (s.lineJoin === 'round' || s.lineJoin === 'bevel') out.push(`line join=${s.lineJoin}`);
  if (s.lineCap === 'round') out.push('line cap=round');
  if (s.lineCap === 'square') out.push('line cap=rect');
  return out;
}

/** TikZ options for a fill of `color` at `opacity`. */
export function fillOptions(color: NamedColor, opacity: number): string[] {
  const alpha = color.alpha * opacity;
  return alpha < 1 ? [`fill=${color.name}`, `fill opacity=${num(alpha, 3)}`] : [`fill=${color.name}`];
}
