// @vitest-environment jsdom
/** Heatmap rasters: columns land on pixels, carry forward, average in log space, and leave gaps as NaN. */
import { describe, expect, it } from 'vitest';
import { parseColor, rasterizeLogColumns } from '../../src/charts/heatmap';
import { sparseLabels } from '../../src/charts/axes';
import { cellStarts, positionErrorDomain, positionSampleDomain } from '../../src/charts/position-chart';

describe('rasterizeLogColumns', () => {
  it('fills each column from its pixel to the next column, NaN before the first', () => {
    // Samples 10, 20, 30 on pixels 2, 4, 6 of an 8-pixel strip (pixel = sample / 5).
    const raster = rasterizeLogColumns([10, 20, 30], [[1], [0.1], [0.01]], 1, (s) => s / 5, 8);
    expect(Array.from(raster.slice(0, 2)).every(Number.isNaN)).toBe(true);
    expect(Array.from(raster.slice(2))).toEqual([0, 0, -1, -1, -2, -2]);
  });

  it('averages, in log10, the columns that fall into one pixel (downsampling)', () => {
    const samples = Array.from({ length: 100 }, (_, k) => k);
    // 100 evaluations onto 10 pixels: each pixel holds 10 columns of values 10^-a (a = k % 10 / 10 ...).
    const columns = samples.map((k) => [10 ** -(k / 10)]);
    const raster = rasterizeLogColumns(samples, columns, 1, (s) => s / 10, 10);
    for (let p = 0; p < 10; p++) {
      const ks = samples.slice(p * 10, p * 10 + 10);
      const meanLog = ks.reduce((a, k) => a - k / 10, 0) / 10;
      expect(raster[p]).toBeCloseTo(meanLog, 12);
    }
  });

  it('keeps rows apart and marks a missing or non-positive value as NaN until the next column', () => {
    const raster = rasterizeLogColumns(
      [0, 2],
      [
        [10, Number.NaN],
        [100, 1],
      ],
      2,
      (s) => s,
      4,
    );
    expect(Array.from(raster.slice(0, 4))).toEqual([1, 1, 2, 2]);
    expect(Number.isNaN(raster[4])).toBe(true);
    expect(Number.isNaN(raster[5])).toBe(true);
    expect(Array.from(raster.slice(6))).toEqual([0, 0]);
  });
});

describe('position chart domains', () => {
  it('colours span the positive errors of the history (at most four decades)', () => {
    const [lo, hi] = positionErrorDomain({
      positions: [3, 4],
      samples: [0, 100],
      errorByPosition: [
        [1, 0.5],
        [1e-7, 0.02],
      ],
    });
    expect(hi).toBeCloseTo(1, 12);
    expect(lo).toBeCloseTo(1e-4, 12);
  });

  it('the sample axis runs from the first to the last evaluation, and a lone one gets a short count axis', () => {
    expect(positionSampleDomain([0, 16, 32])).toEqual([0, 32]);
    expect(positionSampleDomain([0])).toEqual([0, 10]);
    const [lo, hi] = positionSampleDomain([1000]);
    expect(lo).toBeLessThan(1000);
    expect(hi).toBeGreaterThan(1000);
  });

  it('cells meet halfway between evaluations; the first starts at the axis start', () => {
    expect(Array.from(cellStarts([0, 16, 32], 0))).toEqual([0, 8, 24]);
    expect(Array.from(cellStarts([1000], 900))).toEqual([900]);
    // A missing count gets no cell, and the next cell still starts halfway from the last real one.
    const starts = Array.from(cellStarts([0, Number.NaN, 40], 0));
    expect(starts[0]).toBe(0);
    expect(Number.isNaN(starts[1])).toBe(true);
    expect(starts[2]).toBe(20);
  });

  it('sparseLabels thins long position lists but keeps the first and last', () => {
    const positions = Array.from({ length: 198 }, (_, k) => k + 3);
    const labels = sparseLabels(positions, 10);
    expect(labels.length).toBeLessThanOrEqual(11);
    expect(labels[0]).toBe(3);
    expect(labels[labels.length - 1]).toBe(200);
    expect(sparseLabels([3, 4, 5], 10)).toEqual([3, 4, 5]);
  });
});

describe('parseColor', () => {
  it('reads the colour forms d3 interpolators return', () => {
    expect(parseColor('#0072b2')).toEqual([0, 114, 178, 255]);
    expect(parseColor('rgb(12, 34, 56)')).toEqual([12, 34, 56, 255]);
    expect(parseColor('rgba(1, 2, 3, 0.5)')).toEqual([1, 2, 3, 128]);
  });
});
