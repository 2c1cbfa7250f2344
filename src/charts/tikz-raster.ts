/**
 * Raster layers (the heatmaps' canvas images) as filled rectangles, since TikZ cannot draw an embedded PNG.
 * Heatmaps are painted cell by cell with smoothing off, so their pixels come in runs of one colour: each run
 * of a pixel row becomes a rectangle, and identical neighbouring rows share one band. That is exact and stays
 * near one rectangle per cell. Where the runs exceed a cap (a smooth image), the image is averaged down 2×2 at
 * a time until they fit, and the result says by how much, so a file never hides that it was coarsened.
 */

/** RGBA pixels, row-major, 4 bytes each (as ImageData holds them). */
export interface RasterPixels {
  width: number;
  height: number;
  data: ArrayLike<number>;
}

/** A rectangle of one colour, in pixels of the original image: [x0, x1) × [y0, y1); alpha in 0…255. */
export interface RasterCell {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  rgba: [number, number, number, number];
}

/** The rectangles of an image, and the side of the square of original pixels each of theirs stands for. */
export interface RasterCells {
  cells: RasterCell[];
  /** 1 when exact; 2, 4, … when the image was averaged down to fit the cap. */
  block: number;
}

/** Most rectangles per image by default (pdfLaTeX sets about that many in a second or two). */
export const DEFAULT_CELL_CAP = 12_000;

function sameRow(p: RasterPixels, a: number, b: number): boolean {
  const w = p.width * 4;
  for (let i = 0; i < w; i++) if (p.data[a * w + i] !== p.data[b * w + i]) return false;
  return true;
}

/** Runs of one colour, merged across identical rows; fully transparent runs are left out. */
function runs(p: RasterPixels): RasterCell[] {
  const cells: RasterCell[] = [];
  let y0 = 0;
  while (y0 < p.height) {
    let y1 = y0 + 1;
    while (y1 < p.height && sameRow(p, y0, y1)) y1++;
    let x0 = 0;
    while (x0 < p.width) {
      const o = (y0 * p.width + x0) * 4;
      const rgba: [number, number, number, number] = [
        p.data[o]!,
        p.data[o + 1]!,
        p.data[o + 2]!,
        p.data[o + 3]!,
      ];
      let x1 = x0 + 1;
      for (; x1 < p.width; x1++) {
        const q = (y0 * p.width + x1) * 4;
        if (rgba.some((v, i) => p.data[q + i] !== v)) break;
      }
      if (rgba[3] > 0) cells.push({ x0, y0, x1, y1, rgba });
      x0 = x1;
    }
    y0 = y1;
  }
  return cells;
}

/** The image averaged over 2×2 blocks (a last odd row or column averages what it has), alpha-weighted. */
export function halve(p: RasterPixels): RasterPixels {
  const width = Math.ceil(p.width / 2);
  const height = Math.ceil(p.height / 2);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sum = [0, 0, 0, 0];
      let n = 0;
      for (let dy = 0; dy < 2; dy++) {
        for (let dx = 0; dx < 2; dx++) {
          const sx = 2 * x + dx;
          const sy = 2 * y + dy;
          if (sx >= p.width || sy >= p.height) continue;
          const o = (sy * p.width + sx) * 4;
          const a = p.data[o + 3]!;
          for (let c = 0; c < 3; c++) sum[c]! += p.data[o + c]! * a;
          sum[3]! += a;
          n++;
        }
      }
      const o = (y * width + x) * 4;
      const alpha = sum[3]!;
      for (let c = 0; c < 3; c++) data[o + c] = alpha > 0 ? Math.round(sum[c]! / alpha) : 0;
      data[o + 3] = Math.round(alpha / n);
    }
  }
  return { width, height, data };
}

/** The image as rectangles of one colour, at most `cap` of them (averaging the image down as needed). */
export function rasterCells(pixels: RasterPixels, cap = DEFAULT_CELL_CAP): RasterCells {
  let image = pixels;
  let block = 1;
  for (;;) {
    const cells = runs(image);
    if (cells.length <= cap || (image.width <= 1 && image.height <= 1)) {
      if (block === 1) return { cells, block };
      // Back to original pixels, clipped to the image (the last block may stick out).
      const clip = (v: number, max: number): number => Math.min(v * block, max);
      return {
        cells: cells.map((c) => ({
          ...c,
          x0: c.x0 * block,
          y0: c.y0 * block,
          x1: clip(c.x1, pixels.width),
          y1: clip(c.y1, pixels.height),
        })),
        block,
      };
    }
    image = halve(image);
    block *= 2;
  }
}
