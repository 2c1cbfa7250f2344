/** Number formats of the status bar and controls: readable from the back of a room. */

const grouped = new Intl.NumberFormat('en-US');

/** 1234567 → "1,234,567". */
export function formatCount(n: number): string {
  return grouped.format(Math.round(n));
}

/** A rate with a sensible number of digits: 1234 → "1,234", 12.3 → "12.3", 0.5 → "0.50". */
export function formatRate(n: number): string {
  if (!Number.isFinite(n) || n <= 0) return '0';
  if (n >= 100) return grouped.format(Math.round(n));
  if (n >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

/** A test error: four significant digits, or an em dash when unknown. */
export function formatError(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '—';
  if (v !== 0 && Math.abs(v) < 1e-3) return v.toExponential(2);
  return v.toPrecision(4);
}
