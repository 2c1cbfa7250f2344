/** The shared contract: which fields are live, config diffs, transfer lists and message batching. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, diffConfig } from '../../src/model/config';
import { FIELDS, LIVE_KEYS } from '../../src/model/fields';
import { PROBE_COUNT } from '../../src/model/run';
import { EMPTY_PROGRESS } from '../../src/state/store';
import { MetricBatcher } from '../../src/worker/training/metric-batcher';
import { PREDICTION_PROBES, transferables } from '../../src/worker/protocol/training-protocol';

describe('protocol', () => {
  it('takes the live fields from the FIELDS table', () => {
    expect([...LIVE_KEYS].sort()).toEqual(['batch', 'eps', 'loss', 'lr', 'sched', 't0']);
    expect(LIVE_KEYS).toEqual(FIELDS.filter((f) => f.live).map((f) => f.key));
  });

  it('splits a config change into live and restarting fields', () => {
    expect(diffConfig(DEFAULT_CONFIG, DEFAULT_CONFIG)).toEqual({ live: [], restart: [] });
    expect(diffConfig(DEFAULT_CONFIG, { ...DEFAULT_CONFIG, lr: 2, m: 64, seed: 3, batch: 1 })).toEqual({
      live: ['lr', 'batch'],
      restart: ['m', 'seed'],
    });
    expect(diffConfig(DEFAULT_CONFIG, { ...DEFAULT_CONFIG, backend: 'cpu' }).restart).toEqual(['backend']);
  });

  it('offers as many prediction probes as the model computes', () => {
    expect(PREDICTION_PROBES).toBe(PROBE_COUNT);
  });
});

describe('MetricBatcher', () => {
  it('packs only the points added since the last message, as typed arrays it can transfer', () => {
    const b = new MetricBatcher();
    b.add('report', { samples: 0, trainLoss: Number.NaN, testError: 1 });
    b.add('report', { samples: 32, trainLoss: 0.5, testError: Number.NaN });
    // An evaluation at the same count fills the report row instead of adding one.
    b.add('report', { samples: 32, trainLoss: Number.NaN, testError: 0.9 });
    b.add('positions', { samples: 32, byPosition: [0.8, 1.0] });
    b.add('lazy', {
      samples: 32,
      weightMovementFrobenius: 0.1,
      weightMovementSpectral: 1,
      patternFlips: 0,
      linearizationGap: 0.2,
    });
    const msg = b.take(7, EMPTY_PROGRESS);
    expect(msg.runId).toBe(7);
    expect(Array.from(msg.report!.samples)).toEqual([0, 32]);
    expect(Array.from(msg.report!.trainLoss)).toEqual([Number.NaN, 0.5]);
    expect(Array.from(msg.report!.testError)).toEqual([1, 0.9]);
    expect(Array.from(msg.positions!.byPosition)).toEqual([0.8, 1.0]);
    expect(msg.lazy!.linearizationGap[0]).toBe(0.2);
    const buffers = transferables(msg);
    expect(buffers).toHaveLength(3 + 2 + 5);
    expect(new Set(buffers).size).toBe(buffers.length);

    const next = b.take(7, EMPTY_PROGRESS);
    expect(next.report).toBeNull();
    expect(next.positions).toBeNull();
    expect(next.lazy).toBeNull();
    expect(transferables(next)).toEqual([]);
  });

  it('sends the newest snapshot only', () => {
    const b = new MetricBatcher();
    const snap = (samples: number) => ({
      samples,
      probe: 0,
      positions: [3],
      d: 1,
      predicted: Float64Array.from([samples]),
      target: Float64Array.from([0]),
    });
    b.set('predictions', snap(1));
    b.set('predictions', snap(2));
    expect(b.take(1, EMPTY_PROGRESS).predictions?.samples).toBe(2);
  });

  it('has nothing to transfer in messages without arrays', () => {
    expect(transferables({ type: 'status', status: 'paused', runId: 1 })).toEqual([]);
  });
});
