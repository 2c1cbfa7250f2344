/**
 * Step through a sequence (issue 17): the trace assembly puts every position in order, targets only at
 * positions in J, and the influence row for l over earlier inputs 2 ≤ i < l; the trace of a probe on the
 * current weights matches the run's own predictions, trajectories and (for one probe) influence, frees every
 * tensor, and follows the weights after one more SGD step.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type Config } from '../../src/model/config';
import { Run } from '../../src/model/run';
import { assembleTrace } from '../../src/model/sequence-trace';
import { useBackend } from '../helpers/backend';

describe('assembleTrace', () => {
  const L = 4;
  const influence = {
    student: Float64Array.from({ length: L * L }, (_, k) => k + 0.5),
    teacher: Float64Array.from({ length: L * L }, (_, k) => -k),
  };
  const trace = assembleTrace({
    L,
    dIn: 2,
    d: 1,
    targets: [3, 4],
    tokens: [0, 0, 1, 2, 3, 4, 5, 6],
    hidden: [10, 11, 12, 13, 14, 15, 16, 17],
    k: 2,
    outputs: [0.1, 0.2, 0.3, 0.4],
    labels: [0, 0, 7, 8],
    influence,
  });

  it('has one step per position, in order, with its token, hidden point and output', () => {
    expect(trace.steps.map((s) => s.l)).toEqual([1, 2, 3, 4]);
    expect(trace.steps[0]?.token).toBeNull(); // the start token
    expect(trace.steps[2]?.token).toEqual([3, 4]);
    expect(trace.steps[3]?.hidden).toEqual([16, 17]);
    expect(trace.steps[1]?.output).toEqual([0.2]);
  });

  it('gives a target only at positions in J', () => {
    expect(trace.steps.map((s) => s.target)).toEqual([null, null, [7], [8]]);
  });

  it('gives the influence row for l over 2 ≤ i < l, student beside teacher', () => {
    expect(trace.steps[0]?.influence).toEqual([]);
    expect(trace.steps[1]?.influence).toEqual([]);
    // Entry (i-1)*L + (l-1).
    expect(trace.steps[3]?.influence).toEqual([
      { i: 2, student: 4 + 3 + 0.5, teacher: -(4 + 3) },
      { i: 3, student: 8 + 3 + 0.5, teacher: -(8 + 3) },
    ]);
  });
});

describe('trace of a probe on wasm', () => {
  let open: Run[] = [];
  beforeAll(() => useBackend('wasm'));
  afterEach(() => {
    for (const r of open) r.dispose();
    open = [];
  });

  it('matches the run’s predictions and trajectories, frees its tensors and follows one more step', async () => {
    const config: Config = { ...DEFAULT_CONFIG, L: 5, dIn: 3, p: 3, m: 32, ntest: 64, batch: 8, seed: 7 };
    const run = Run.create(config);
    open.push(run);
    for (let k = 0; k < 10; k++) run.step();
    const traj = await run.trajectories();
    const before = tf.memory().numTensors;
    const trace = await run.trace(0, traj.basis);
    expect(tf.memory().numTensors).toBe(before);
    expect(trace.steps).toHaveLength(config.L);

    // h_l on the chart's basis: the same point the hidden-state chart draws for probe 0.
    for (const s of trace.steps)
      for (let c = 0; c < traj.k; c++)
        expect(s.hidden[c]).toBeCloseTo(traj.coords[(s.l - 1) * traj.k + c] as number, 4);

    const pred = await run.predictions(0);
    const J = run.teacher.targets;
    J.forEach((j, idx) => {
      const s = trace.steps[j - 1];
      for (let t = 0; t < config.d; t++) {
        expect(s?.output[t]).toBeCloseTo(pred.predicted[idx * config.d + t] as number, 5);
        expect(s?.target?.[t]).toBeCloseTo(pred.target[idx * config.d + t] as number, 6);
      }
    });
    for (const s of trace.steps) if (!J.includes(s.l)) expect(s.target).toBeNull();
    const last = trace.steps[config.L - 1];
    expect(last?.influence.map((r) => r.i)).toEqual([2, 3, 4]);
    expect(last?.influence.some((r) => r.student > 0)).toBe(true);

    run.step();
    const after = await run.trace(0, traj.basis);
    expect(after.steps[config.L - 1]?.output).not.toEqual(last?.output);
  });
});
