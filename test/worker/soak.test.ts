/**
 * A long run in small steps: 20,000 SGD steps through the real trainer (wasm), pausing every 1,000 steps to
 * read the tensor count, which must not grow. Checkpoints, evaluations and heavy metrics all run meanwhile,
 * and the page-side buffers stay bounded.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type Config } from '../../src/model/config';
import { MetricSeries, REPORT_CAPACITY } from '../../src/state/metric-series';
import { Harness } from './harness';

const TINY: Config = { ...DEFAULT_CONFIG, L: 4, dIn: 2, m: 16, p: 2, batch: 4, ntest: 64, backend: 'wasm' };
const STEPS = 20_000;
const EVERY = 1_000;

const h = new Harness();

afterAll(async () => {
  await h.trainer.dispose();
});

describe('soak', () => {
  it(`keeps the tensor count flat over ${STEPS.toLocaleString('en-US')} steps`, async () => {
    const series = new MetricSeries();
    await h.trainer.handle({ type: 'start', config: TINY, play: false });
    const started = h.last('runStarted');
    series.startRun(started.runId, started.positions);
    const counts: number[] = [];
    for (let k = 1; k * EVERY <= STEPS; k++) {
      await h.trainer.handle({ type: 'resume' });
      await h.until(() => h.trainer.state.step >= k * EVERY, 30_000);
      await h.trainer.handle({ type: 'pause' });
      counts.push(tf.memory().numTensors);
      for (const m of h.metrics().splice(0)) series.apply(m);
      h.clear();
    }
    // 20 readings, one per 1,000 steps (a pause lands a few steps past each mark).
    expect(counts).toHaveLength(STEPS / EVERY);
    expect(h.trainer.state.step).toBeGreaterThanOrEqual(STEPS);
    expect(new Set(counts).size, `tensor counts: ${counts.join(', ')}`).toBe(1);
    expect(series.report.length).toBeLessThanOrEqual(REPORT_CAPACITY);
    const memory = h.trainer.heartbeat().memory;
    expect(memory?.numTensors).toBe(counts[0]);
  });
});
