/** The loop's schedules: chunk size, evaluation interval, heavy-metric period k and rates. */
import { describe, expect, it } from 'vitest';
import {
  CHUNK_TARGET_MS,
  ChunkSizer,
  EVAL_BUDGET,
  EVAL_MIN_INTERVAL_MS,
  Ema,
  EvalSchedule,
  HEAVY_BUDGET,
  HEAVY_MIN_INTERVAL_MS,
  HeavySchedule,
  RateMeter,
  TimeShares,
} from '../../src/worker/cadence';

describe('Ema', () => {
  it('ignores the first (warm-up) observation, then averages', () => {
    const e = new Ema(0.5);
    e.observe(10_000);
    expect(e.value).toBeNull();
    e.observe(10);
    expect(e.value).toBe(10);
    e.observe(20);
    expect(e.value).toBe(15);
    e.observe(Number.NaN);
    expect(e.value).toBe(15);
  });
});

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

describe('EvalSchedule', () => {
  it('waits at least the minimum interval and keeps evaluation within its budget', () => {
    const s = new EvalSchedule();
    expect(s.intervalMs).toBe(EVAL_MIN_INTERVAL_MS);
    s.observeCost(5000); // warm-up, ignored
    s.observeCost(300);
    const share = 300 / (300 + s.intervalMs);
    expect(share).toBeCloseTo(EVAL_BUDGET, 6);
    expect(s.due(s.intervalMs - 1)).toBe(false);
    expect(s.due(s.intervalMs)).toBe(true);
  });
});

describe('HeavySchedule', () => {
  it('runs every step until costs are known', () => {
    expect(new HeavySchedule().every).toBe(1);
  });

  it('chooses k so heavy metrics take under the budget', () => {
    const s = new HeavySchedule();
    s.observeSteps(1, 1000); // warm-up
    s.observeSteps(10, 20); // 2 ms per step
    s.observeCost(9000); // warm-up
    s.observeCost(400);
    const k = s.every;
    const share = 400 / (400 + k * 2);
    expect(share).toBeLessThan(HEAVY_BUDGET);
    expect(k * 2).toBeGreaterThanOrEqual(HEAVY_MIN_INTERVAL_MS);
  });

  it('respects the minimum interval when heavy metrics are cheap', () => {
    const s = new HeavySchedule();
    s.observeSteps(1, 1);
    s.observeSteps(1, 10);
    s.observeCost(1);
    s.observeCost(1);
    expect(s.every).toBe(HEAVY_MIN_INTERVAL_MS / 10);
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
