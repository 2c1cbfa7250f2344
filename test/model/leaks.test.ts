/**
 * No tensor leaks (STYLE: every tensor created in a step is freed in that step): tf.memory().numTensors is
 * flat across many steps and every metric call, and dispose() returns it to its value before create().
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type Config } from '../../src/model/config';
import { Run } from '../../src/model/run';
import { useBackend, type NodeBackend } from '../helpers/backend';

const CONFIG: Config = { ...DEFAULT_CONFIG, L: 5, dIn: 3, d: 2, m: 32, ntest: 300, batch: 8, train: 'all' };

describe.each<NodeBackend>(['wasm', 'cpu'])('tensor count on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('is flat across 200 steps and every metric, and restored by dispose()', async () => {
    const before = tf.memory().numTensors;
    const run = Run.create(CONFIG);
    const held = tf.memory().numTensors;
    expect(held).toBeGreaterThan(before);
    run.step();
    await run.readTrainLoss();
    const warm = tf.memory().numTensors;

    for (let k = 0; k < 200; k++) run.step();
    expect(Number.isFinite(await run.readTrainLoss())).toBe(true);
    expect(tf.memory().numTensors).toBe(warm);

    const calls: [string, () => Promise<unknown>][] = [
      ['evaluate', () => run.evaluate()],
      ['lazy', () => run.lazy()],
      ['influence', () => run.influence()],
      ['trajectories', () => run.trajectories()],
      ['trajectories(initial)', () => run.trajectories({ initial: true })],
      ['predictions', () => run.predictions(3)],
      ['gradientFlow', () => run.gradientFlow()],
      ['gradientFlow(initial)', () => run.gradientFlow({ initial: true })],
      ['checkpoint', () => run.checkpoint()],
      ['readTrainLoss (no steps)', () => run.readTrainLoss()],
    ];
    for (const [name, call] of calls) {
      await call();
      expect(tf.memory().numTensors, name).toBe(warm);
    }

    // A live change of the batch size must not leak either (new shapes, same bookkeeping).
    run.updateLive({ batch: 3, loss: 'huber' });
    for (let k = 0; k < 5; k++) run.step();
    await run.readTrainLoss();
    expect(tf.memory().numTensors).toBe(warm);

    run.dispose();
    expect(tf.memory().numTensors, 'tensors left after Run.dispose()').toBe(before);
  });
});
