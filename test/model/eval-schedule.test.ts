/**
 * The evaluation schedule (SPEC §6): points fixed by sample counts from the config alone, heavy metrics on
 * every HEAVY_EVERY-th point, a restored run continuing the same points, and only scheduled evaluations
 * setting samplesToEps.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type Config } from '../../src/model/config';
import { EVAL_GROWTH, EvaluationSchedule, HEAVY_EVERY, evaluationGap } from '../../src/model/eval-schedule';
import { Run } from '../../src/model/run';
import { useBackend } from '../helpers/backend';

function points(config: Pick<Config, 'batch' | 'ntest'>, upTo: number): number[] {
  const s = new EvaluationSchedule();
  const out: number[] = [];
  while (s.next <= upTo) {
    out.push(s.next);
    s.evaluated(config, s.next);
  }
  return out;
}

describe('evaluation schedule', () => {
  beforeAll(() => useBackend('cpu'));

  it('starts at 0, steps by a quarter test set, grows by EVAL_GROWTH, and is capped at four test sets', () => {
    const c = { batch: 32, ntest: 1024 };
    expect(evaluationGap(c, 0)).toBe(256);
    expect(evaluationGap(c, 10_000)).toBe(Math.ceil((10_000 * EVAL_GROWTH) / 32) * 32);
    expect(evaluationGap(c, 10_000_000)).toBe(4096);
    const p = points(c, 300_000);
    expect(p.slice(0, 3)).toEqual([0, 256, 512]);
    for (const s of p) expect(s % 32).toBe(0);
    // About a minute of training at the defaults on two cores; few enough points to keep evaluation cheap.
    expect(p.length).toBeGreaterThan(80);
    expect(p.length).toBeLessThan(160);
  });

  it('keeps every gap a whole number of batches, also for batches larger than the minimum gap', () => {
    const c = { batch: 1000, ntest: 64 };
    for (const s of points(c, 100_000)) expect(s % 1000).toBe(0);
  });

  it('puts the heavy metrics on every HEAVY_EVERY-th evaluation, the first included', () => {
    const s = new EvaluationSchedule();
    const heavy: boolean[] = [];
    for (let k = 0; k < 3 * HEAVY_EVERY; k++) {
      heavy.push(s.heavyDue);
      s.evaluated(DEFAULT_CONFIG, s.next);
    }
    expect(heavy.filter(Boolean)).toHaveLength(3);
    expect(heavy[0]).toBe(true);
    expect(heavy[HEAVY_EVERY]).toBe(true);
    expect(heavy[1]).toBe(false);
  });

  it('resumes at a checkpoint on the points of the uninterrupted run', () => {
    const c = { batch: 32, ntest: 256 };
    const all = points(c, 50_000);
    const at = all[17] as number;
    const resumed = EvaluationSchedule.resumedAt(c, at);
    expect(resumed.next).toBe(all[18]);
    expect(resumed.heavyDue).toBe(18 % HEAVY_EVERY === 0);
  });

  it('lets only scheduled evaluations set samplesToEps (a Step between points only looks)', async () => {
    const config: Config = { ...DEFAULT_CONFIG, L: 4, m: 64, dIn: 2, ntest: 256, R: 1, lr: 1 };
    const run = Run.create(config);
    try {
      expect(run.evaluationDue()).toBe(true);
      expect((await run.evaluate()).scheduled).toBe(true);
      // Train to just before the 10th point, then look off the schedule with ε set just above that look.
      for (let k = 0; k < 9; k++) {
        while (!run.evaluationDue()) run.step();
        await run.evaluate();
      }
      while (run.state.samplesSeen + config.batch < run.nextEvaluation) run.step();
      const look = await run.evaluate();
      expect(look.scheduled).toBe(false);
      expect(look.testError).toBeLessThan(0.9);
      run.updateLive({ eps: look.testError * 1.000001 });
      expect((await run.evaluate()).scheduled).toBe(false);
      expect(run.state.samplesToEps).toBeNull();
      // One step later the point is reached: that evaluation counts (one step barely moves the error).
      run.updateLive({ eps: 0.9 });
      run.step();
      expect(run.state.samplesSeen).toBe(run.nextEvaluation);
      const scheduled = await run.evaluate();
      expect(scheduled.scheduled).toBe(true);
      expect(scheduled.testError).toBeLessThan(0.9);
      expect(run.state.samplesToEps).toBe(scheduled.samples);
    } finally {
      run.dispose();
    }
  });
});
