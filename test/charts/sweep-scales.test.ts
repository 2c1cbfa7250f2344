/** The x axis of the sweep charts and the spreading of runs of one value. */
import { describe, expect, it } from 'vitest';
import { formatSweepValue, runOffsets, sweepXKind, sweepXScale } from '../../src/charts/sweep-scales';
import { nearestMark } from '../../src/charts/sweep-hover';

describe('sweep x axis', () => {
  it('is logarithmic for positive numbers, linear with zero, and points for names', () => {
    expect(sweepXKind([4, 8, 16])).toBe('log');
    expect(sweepXKind([0, 1, 2])).toBe('linear');
    expect(sweepXKind(['W', 'WA'])).toBe('category');
    const log = sweepXScale([4, 8, 16, 32], 600);
    // Equal ratios are equal distances on a log axis, and every value is inside the plot.
    expect(log.at(8) - log.at(4)).toBeCloseTo(log.at(32) - log.at(16), 9);
    expect(log.at(4)).toBeGreaterThan(0);
    expect(log.at(32)).toBeLessThan(600);
    expect(log.ticks).toEqual([4, 8, 16, 32]);
    const names = sweepXScale(['W', 'WA', 'all'], 600);
    expect(names.at('WA') - names.at('W')).toBeCloseTo(names.at('all') - names.at('WA'), 9);
    expect(names.at('nope')).toBeNaN();
    // Too narrow for every label: a subset of the swept values, never numbers in between.
    const narrow = sweepXScale([4, 6, 8, 12, 16, 24, 32], 200);
    expect(narrow.ticks.length).toBeLessThan(7);
    expect(narrow.ticks[0]).toBe(4);
    expect(narrow.ticks.every((t) => [4, 6, 8, 12, 16, 24, 32].includes(t as number))).toBe(true);
    expect(formatSweepValue(2048)).toBe('2048');
    expect(formatSweepValue('joint')).toBe('joint');
  });

  it('spreads the seeds of a value apart, series side by side, within the allowed width', () => {
    const runs = [1, 2, 3].flatMap((seed) =>
      ['a', 'b'].map((series) => ({
        value: 4,
        series,
        seed,
        samplesToEps: 1,
        finalTestError: 0,
        diverged: false,
      })),
    );
    const { run, series } = runOffsets({ runs, series: ['a', 'b'] }, 30, 8);
    expect(new Set(run).size).toBe(6);
    expect(Math.max(...run) - Math.min(...run)).toBeLessThanOrEqual(30);
    expect(series[0]).toBeLessThan(series[1] as number);
    // Every run of series a lies left of every run of series b.
    const a = run.filter((_, i) => runs[i]?.series === 'a');
    const b = run.filter((_, i) => runs[i]?.series === 'b');
    expect(Math.max(...a)).toBeLessThan(Math.min(...b));
  });

  it('picks the nearest mark within the radius for the hover read-out', () => {
    const marks = [
      { x: 0, y: 0, heading: 'a', rows: [] },
      { x: 10, y: 0, heading: 'b', rows: [] },
    ];
    expect(nearestMark(marks, 7, 1, 5)).toBe(1);
    expect(nearestMark(marks, 2, 0, 5)).toBe(0);
    expect(nearestMark(marks, 50, 50, 5)).toBe(-1);
  });
});
