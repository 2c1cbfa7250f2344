/** The loop's pacing: chunk size, rates and time shares. */
import { describe, expect, it } from 'vitest';
import { CHUNK_TARGET_MS, ChunkSizer, RateMeter, TimeShares } from '../../src/worker/training/cadence';

describe('ChunkSizer', () => {
  it('grows at most twofold per chunk towards one report interval of steps', () => {
    const c = new ChunkSizer();
    expect(c.steps).toBe(1);
    c.observe(1, 1);
    expect(c.steps).toBe(2);
    for (let i = 0; i < 20; i++) c.observe(c.steps, c.steps * 1);
    expect(c.steps).toBe(CHUNK_TARGET_MS);
  });

  it('falls to one step when a step is slower than the interval', () => {
    const c = new ChunkSizer();
    for (let i = 0; i < 5; i++) c.observe(c.steps, c.steps * 0.5);
    c.observe(c.steps, c.steps * 400);
    expect(c.steps).toBe(1);
  });
});

describe('RateMeter', () => {
  it('measures steps and samples per second over its window', () => {
    const r = new RateMeter(1000);
    expect(r.rates()).toEqual({ stepsPerSecond: 0, samplesPerSecond: 0 });
    r.observe(0, 0, 0);
    r.observe(500, 10, 320);
    r.observe(1000, 20, 640);
    expect(r.rates()).toEqual({ stepsPerSecond: 20, samplesPerSecond: 640 });
    r.observe(3000, 60, 1920);
    expect(r.rates().stepsPerSecond).toBe(20);
  });
});

describe('TimeShares', () => {
  it('splits time by kind, leaving out the first (warm-up) duration of each', () => {
    const t = new TimeShares();
    expect(t.share('heavy')).toBe(0);
    t.add('train', 5000);
    t.add('heavy', 5000);
    t.add('eval', 5000);
    t.add('train', 800);
    t.add('eval', 150);
    t.add('heavy', 50);
    expect(t.share('train')).toBeCloseTo(0.8, 12);
    expect(t.share('eval')).toBeCloseTo(0.15, 12);
    expect(t.share('heavy')).toBeCloseTo(0.05, 12);
  });
});
