/**
 * Heatmap rasters for canvas layers. Values are turned into a small image (one pixel per cell or per screen
 * column) and scaled up with smoothing off, which is far cheaper than one rectangle per cell.
 */
import { valueAt } from './series';
import type { Series } from './types';

/**
 * Resamples a time-ordered stack of column vectors onto `width` pixel columns. Column k (at x = samples[k])
 * covers the pixels from its own position to the next column's; several columns falling in one pixel are
 * averaged in log10 space (errors span decades). Returns row-major [rows, width] of log10 values, NaN where no
 * column covers a pixel or the value is missing or not positive.
 */
export function rasterizeLogColumns(
  samples: Series,
  columns: ReadonlyArray<Series>,
  rows: number,
  pixelOf: (sample: number) => number,
  width: number,
): Float64Array {
  const out = new Float64Array(rows * width).fill(Number.NaN);
  const sums = new Float64Array(rows * width);
  const counts = new Uint32Array(rows * width);
  const starts = new Uint8Array(width);
  const n = Math.min(samples.length, columns.length);
  for (let k = 0; k < n; k++) {
    const p = Math.floor(pixelOf(valueAt(samples, k)));
    if (!Number.isFinite(p) || p >= width) continue;
    const px = Math.max(0, p);
    starts[px] = 1;
    const column = columns[k] as Series;
    for (let r = 0; r < rows; r++) {
      const v = valueAt(column, r);
      if (!(v > 0)) continue;
      sums[r * width + px] = (sums[r * width + px] as number) + Math.log10(v);
      counts[r * width + px] = (counts[r * width + px] as number) + 1;
    }
  }
  for (let r = 0; r < rows; r++) {
    let last = Number.NaN;
    for (let px = 0; px < width; px++) {
      const cell = r * width + px;
      // Where a column starts, it sets the value (NaN if missing); elsewhere the last column carries on.
      if (starts[px])
        last = (counts[cell] as number) > 0 ? (sums[cell] as number) / (counts[cell] as number) : Number.NaN;
      out[cell] = last;
    }
  }
  return out;
}

/**
 * Paints a [rows, cols] grid of values onto `context` in the rectangle (x, y, w, h), colouring each value with
 * `color` (NaN cells get `missing`, or stay transparent when it is null).
 */
export function paintGrid(
  context: CanvasRenderingContext2D,
  values: ArrayLike<number>,
  rows: number,
  cols: number,
  color: (value: number) => string,
  rect: { x: number; y: number; w: number; h: number },
  missing: string | null = null,
): void {
  if (rows <= 0 || cols <= 0) return;
  const image = context.createImageData(cols, rows);
  const cache = new Map<string, [number, number, number, number]>();
  const rgba = (css: string): [number, number, number, number] => {
    let c = cache.get(css);
    if (!c) {
      c = parseColor(css);
      cache.set(css, c);
    }
    return c;
  };
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = values[r * cols + c] as number;
      const css = Number.isFinite(v) ? color(v) : missing;
      if (css === null) continue;
      const [R, G, B, A] = rgba(css);
      const o = (r * cols + c) * 4;
      image.data[o] = R;
      image.data[o + 1] = G;
      image.data[o + 2] = B;
      image.data[o + 3] = A;
    }
  }
  const scratch = document.createElement('canvas');
  scratch.width = cols;
  scratch.height = rows;
  const scratchContext = scratch.getContext('2d');
  if (!scratchContext) return;
  scratchContext.putImageData(image, 0, 0);
  context.save();
  context.imageSmoothingEnabled = false;
  context.drawImage(scratch, rect.x, rect.y, rect.w, rect.h);
  context.restore();
}

/** RGBA bytes of a CSS colour in the forms d3 interpolators produce: #rrggbb, rgb(r, g, b) or rgba(...). */
export function parseColor(css: string): [number, number, number, number] {
  const hex = /^#([0-9a-f]{6})$/i.exec(css);
  if (hex) {
    const n = parseInt(hex[1] as string, 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255, 255];
  }
  const fn = /^rgba?\(([^)]+)\)$/i.exec(css);
  if (fn) {
    const parts = (fn[1] as string).split(',').map((s) => parseFloat(s));
    const alpha = parts.length > 3 ? Math.round((parts[3] as number) * 255) : 255;
    return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, alpha];
  }
  return [0, 0, 0, 0];
}
