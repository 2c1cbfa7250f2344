/** The run history kept for the run export: rows per evaluation, bounded, NaN written as null. */
import { describe, expect, it } from 'vitest';
import { MAX_HISTORY_ROWS, RunHistory, thinOlderHalf } from '../../src/model/run-history';

describe('RunHistory', () => {
  it('averages the train loss since the previous evaluation into each row', () => {
    const h = new RunHistory([3, 4]);
    h.addEvaluation({ samples: 0, step: 0, testError: 1, testErrorByPosition: [1, 1], lazy: null });
    h.addTrainLoss(0.4, 1);
    h.addTrainLoss(0.1, 3);
    h.addTrainLoss(Number.NaN, 1);
    h.addEvaluation({
      samples: 128,
      step: 4,
      testError: 0.5,
      testErrorByPosition: [0.4, Number.NaN],
      lazy: {
        weightMovementFrobenius: 0.1,
        weightMovementSpectral: 2,
        patternFlips: 0.01,
        linearizationGap: 0.3,
      },
    });
    const m = h.toRunMetrics(null);
    expect(m.samples).toEqual([0, 128]);
    expect(m.step).toEqual([0, 4]);
    expect(m.trainLoss[0]).toBeNull();
    expect(m.trainLoss[1]).toBeCloseTo(0.175, 12);
    expect(m.testErrorByPosition).toEqual([
      [1, 1],
      [0.4, null],
    ]);
    expect(m.weightMovementFrobenius).toEqual([null, 0.1]);
    expect(m.positions).toEqual([3, 4]);
  });

  it('stays bounded over a long run and keeps the first row', () => {
    const h = new RunHistory([3]);
    for (let i = 0; i < 3 * MAX_HISTORY_ROWS; i++)
      h.addEvaluation({ samples: i, step: i, testError: 1, testErrorByPosition: [1], lazy: null });
    expect(h.length).toBeLessThan(MAX_HISTORY_ROWS);
    const m = h.toRunMetrics(5);
    expect(m.samples[0]).toBe(0);
    expect(m.samples[m.samples.length - 1]).toBe(3 * MAX_HISTORY_ROWS - 1);
    expect(m.samplesToEps).toBe(5);
  });

  it('thins the older half only', () => {
    expect(thinOlderHalf([0, 1, 2, 3, 4, 5, 6, 7])).toEqual([0, 2, 4, 5, 6, 7]);
  });
});
