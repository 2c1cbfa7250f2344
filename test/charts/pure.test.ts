// @vitest-environment jsdom
/**
 * The pure parts of the charts: EMA smoothing with debiasing, domains, decimation, log ticks, number formats.
 */
import { describe, expect, it } from 'vitest';
import { logTicks } from '../../src/charts/axes';
import { decimateIndices, finiteExtent, linearDomain, logDomain } from '../../src/charts/domain';
import { smoothEma } from '../../src/charts/ema';
import { formatCount, formatPercent, formatValue, subscript } from '../../src/charts/tick-format';
import { nearestIndex } from '../../src/charts/series';

describe('smoothEma (TensorBoard debiasing)', () => {
  it('starts at the first value instead of being pulled towards zero', () => {
    const out = smoothEma([4, 4, 4], 0.9);
    expect(Array.from(out)).toEqual([4, 4, 4].map((v) => expect.closeTo(v, 12)));
  });

  it('matches the debiased running average written out by hand', () => {
    const w = 0.6;
    const ys = [1, 0.5, 0.8, 0.2];
    let last = 0;
    const expected = ys.map((y, n) => {
      last = last * w + (1 - w) * y;
      return last / (1 - w ** (n + 1));
    });
    const out = smoothEma(ys, w);
    expected.forEach((e, i) => expect(out[i]).toBeCloseTo(e, 12));
    // Smoothing must lag behind a drop: the last smoothed value sits above the raw one.
    expect(out[3]).toBeGreaterThan(0.2);
  });

  it('skips NaN and null without resetting or counting them', () => {
    const out = smoothEma([1, Number.NaN, null, 3], 0.5);
    expect(out[0]).toBeCloseTo(1, 12);
    expect(Number.isNaN(out[1])).toBe(true);
    expect(Number.isNaN(out[2])).toBe(true);
    // Second finite value: (0.5*0.5 + 0.5*3) / (1 - 0.25) = 1.75 / 0.75.
    expect(out[3]).toBeCloseTo(1.75 / 0.75, 12);
  });

  it('returns the raw values at weight 0', () => {
    expect(Array.from(smoothEma([3, 1, 2], 0))).toEqual([3, 1, 2]);
  });
});

describe('domains', () => {
  it('finiteExtent skips NaN, null and, for log axes, non-positive values', () => {
    expect(finiteExtent([3, Number.NaN, null, -2, 7])).toEqual([-2, 7]);
    expect(finiteExtent([0, -1, 0.5, 4], true)).toEqual([0.5, 4]);
    expect(finiteExtent([Number.NaN, null])).toBeNull();
  });

  it('logDomain spans at least one decade and pads around the data', () => {
    const [lo, hi] = logDomain(0.2, 0.3);
    expect(Math.log10(hi) - Math.log10(lo)).toBeGreaterThanOrEqual(1);
    expect(lo).toBeLessThan(0.2);
    expect(hi).toBeGreaterThan(0.3);
    const [a, b] = logDomain(1e-3, 1, 0);
    expect(a).toBeCloseTo(1e-3, 12);
    expect(b).toBeCloseTo(1, 12);
  });

  it('linearDomain includes zero on request and widens a single point', () => {
    expect(linearDomain(2, 4, true, 0)).toEqual([0, 4]);
    const [a, b] = linearDomain(5, 5);
    expect(a).toBeLessThan(5);
    expect(b).toBeGreaterThan(5);
  });

  it('decimateIndices keeps first, last, lowest and highest point of each pixel column', () => {
    const n = 10_000;
    const values = Array.from({ length: n }, (_, i) => Math.sin(i / 37) + (i === 5003 ? 10 : 0));
    const width = 100;
    const kept = decimateIndices(
      n,
      (i) => (i / n) * width,
      (i) => values[i] as number,
      width,
    );
    expect(kept.length).toBeLessThanOrEqual(4 * width);
    expect(kept[0]).toBe(0);
    expect(kept[kept.length - 1]).toBe(n - 1);
    expect(kept).toContain(5003); // a spike must survive decimation
    for (let k = 1; k < kept.length; k++) expect(kept[k]).toBeGreaterThan(kept[k - 1] as number);
  });

  it('decimateIndices keeps every finite point of a short series and drops missing ones', () => {
    const ys = [1, Number.NaN, 3, 4];
    expect(
      decimateIndices(
        4,
        (i) => i,
        (i) => ys[i] as number,
        100,
      ),
    ).toEqual([0, 2, 3]);
  });

  it('nearestIndex ignores indices without a value', () => {
    expect(nearestIndex([0, 10, 20, 30], [1, Number.NaN, null, 4], 14)).toBe(0);
    expect(nearestIndex([0, 10, 20, 30], [1, Number.NaN, null, 4], 26)).toBe(3);
    expect(nearestIndex([0, 10], [Number.NaN, null], 3)).toBe(-1);
  });
});

describe('ticks and formats', () => {
  it('logTicks gives decades over a wide range and 1-2-5 steps over a narrow one', () => {
    expect(logTicks(0.001, 1)).toEqual([0.001, 0.01, 0.1, 1]);
    expect(logTicks(0.03, 0.6)).toEqual([0.05, 0.1, 0.2, 0.5]);
    const many = logTicks(1e-12, 1, 4);
    expect(many.length).toBeLessThanOrEqual(5);
    expect(many.every((t) => Number.isInteger(Math.round(Math.log10(t))))).toBe(true);
  });

  it('formats counts, values and percentages for people', () => {
    expect(formatCount(950)).toBe('950');
    expect(formatCount(12_345)).toBe('12.3k');
    expect(formatCount(4_500_000)).toBe('4.5M');
    expect(formatValue(0.04321)).toBe('0.0432');
    expect(formatValue(3.1e-5)).toBe('3.1e-5');
    expect(formatValue(Number.NaN)).toBe('–');
    expect(formatValue(null)).toBe('–');
    expect(formatPercent(0.0305)).toBe('3.05%');
    expect(formatPercent(0.02)).toBe('2%');
    expect(subscript('h', 10)).toBe('h₁₀');
  });
});
