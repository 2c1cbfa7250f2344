/** Number formatting for ticks, tooltips and labels. */
import { format } from 'd3';

const siCount = format('.3~s');
const fixed3 = format('.3~r');
const sci = format('.2~e');

/** A count such as samples seen: 950, 12.3k, 4.5M. */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (Math.abs(value) < 1000) return String(Math.round(value));
  return siCount(value).replace('G', 'B');
}

/** A metric value with about three significant digits: 0.0432, 1.25, 3.1e-5. */
export function formatValue(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  if (value === 0) return '0';
  const a = Math.abs(value);
  if (a < 1e-3 || a >= 1e5) return sci(value);
  return fixed3(value);
}

/** A fraction as a percentage: 0.123 → "12.3%". */
export function formatPercent(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const p = value * 100;
  const text = p === 0 ? '0' : p >= 100 ? p.toFixed(0) : p >= 1 ? p.toPrecision(3) : p.toPrecision(2);
  return `${text.includes('.') ? text.replace(/\.?0+$/, '') : text}%`;
}

const SUBSCRIPT_DIGITS = '₀₁₂₃₄₅₆₇₈₉';

/** A symbol with a numeric subscript in Unicode, readable in SVG text: ("h", 10) → "h₁₀". */
export function subscript(symbol: string, index: number | string): string {
  return symbol + String(index).replace(/[0-9]/g, (c) => SUBSCRIPT_DIGITS[Number(c)] as string);
}
