/** The bounded, downsampling buffer behind every live series. */
import { describe, expect, it } from 'vitest';
import { DownsamplingBuffer, finiteMean } from '../../src/state/ring-buffer';

function filled(capacity: number, rows: number): DownsamplingBuffer {
  const b = new DownsamplingBuffer(2, capacity);
  for (let i = 0; i < rows; i++) b.push([i, i * 10]);
  return b;
}

describe('DownsamplingBuffer', () => {
  it('keeps every row until it is full', () => {
    const b = filled(8, 8);
    expect(b.length).toBe(8);
    expect(Array.from(b.column(0))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(Array.from(b.column(1))).toEqual([0, 10, 20, 30, 40, 50, 60, 70]);
  });

  it('when full, keeps every second row of the older half and all of the newer half', () => {
    const b = filled(8, 9);
    // Older half 0..3 → 0, 2; newer half 4..7 kept; then 8 appended.
    expect(Array.from(b.column(0))).toEqual([0, 2, 4, 5, 6, 7, 8]);
  });

  it('stays within capacity for a million rows, keeps the first and the newest, and stays ordered', () => {
    const b = filled(64, 1_000_000);
    expect(b.length).toBeLessThanOrEqual(64);
    const x = b.column(0);
    expect(x[0]).toBe(0);
    expect(x[x.length - 1]).toBe(999_999);
    for (let i = 1; i < x.length; i++) expect(x[i]).toBeGreaterThan(x[i - 1]!);
    // Newest rows keep full resolution.
    expect(x[x.length - 2]).toBe(999_998);
    // The past is thinned, not dropped: the rows span the whole run at growing spacing.
    expect(x[1]! - x[0]!).toBeGreaterThan(1000);
  });

  it('merges pairs with a custom rule', () => {
    const b = new DownsamplingBuffer(2, 4, (out, a, c) => {
      out[0] = a[0]!;
      out[1] = (a[1]! + c[1]!) / 2;
    });
    for (let i = 0; i < 5; i++) b.push([i, i]);
    expect(Array.from(b.column(1))).toEqual([0.5, 2, 3, 4]);
  });

  it('fills missing columns with NaN, copies rows, and counts versions', () => {
    const b = new DownsamplingBuffer(3, 4);
    const v0 = b.version;
    b.push([1]);
    expect(b.version).toBe(v0 + 1);
    const row = b.row(0);
    expect(row[0]).toBe(1);
    expect(Number.isNaN(row[2])).toBe(true);
    row[0] = 99;
    expect(b.get(0, 0)).toBe(1);
    expect(Number.isNaN(b.get(5, 0))).toBe(true);
    b.clear();
    expect(b.length).toBe(0);
  });

  it('takes row-major blocks and rejects short ones', () => {
    const b = new DownsamplingBuffer(2, 8);
    b.pushRows([1, 2, 3, 4], 2);
    expect(Array.from(b.column(1))).toEqual([2, 4]);
    expect(() => b.pushRows([1, 2, 3], 2)).toThrow(/expected 4 values/);
  });

  it('rejects a width or capacity that cannot work', () => {
    expect(() => new DownsamplingBuffer(0, 8)).toThrow(/width/);
    expect(() => new DownsamplingBuffer(1, 2)).toThrow(/capacity/);
  });
});

describe('finiteMean', () => {
  it('averages the finite values and ignores NaN', () => {
    expect(finiteMean(1, 3)).toBe(2);
    expect(finiteMean(Number.NaN, 3)).toBe(3);
    expect(finiteMean(1, Number.NaN)).toBe(1);
    expect(Number.isNaN(finiteMean(Number.NaN, Number.NaN))).toBe(true);
  });
});
