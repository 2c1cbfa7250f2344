/**
 * The training loop behind the worker, driven through its message handler on the wasm backend: start, step,
 * play/pause, reset, live and restarting config changes, exports, the message rate and tensor hygiene.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCheckpoint, parseRunExport } from '../../src/model/run-export';
import { MIN_MESSAGE_INTERVAL_MS } from '../../src/worker/training/metric-batcher';
import { Harness, SMALL, sleep } from './harness';

let h: Harness;

afterEach(async () => {
  await h.trainer.dispose();
});

async function started(play = false): Promise<Harness> {
  h = new Harness();
  await h.trainer.handle({ type: 'start', config: SMALL, play });
  // The step-0 metrics may be held back by the rate limit for up to one interval.
  await h.until(() => h.metrics().length > 0);
  return h;
}

describe('Trainer', () => {
  it('starts a run: reports the backend, the run and the step-0 metrics of every chart', async () => {
    await started();
    const backend = h.last('backend');
    expect(backend.backend).toBe('wasm');
    expect(backend.skipped).toEqual([]);
    const run = h.last('runStarted');
    expect(run.positions).toEqual([3, 4, 5]);
    expect(h.last('status').status).toBe('paused');
    const m = h.last('metrics');
    expect(m.runId).toBe(run.runId);
    expect(Array.from(m.report?.samples ?? [])).toEqual([0]);
    expect(m.report?.testError[0]).toBeGreaterThan(0.2);
    expect(m.positions?.byPosition.length).toBe(3);
    expect(m.lazy?.weightMovementFrobenius[0]).toBe(0);
    expect(m.influence?.student.length).toBe(25);
    expect(m.trajectories?.tokens).toEqual([2, 3, 4]);
    expect(m.trajectories?.memory.length).toBe(3 * 5);
    // At step 0 the weights are W_0: memory now and at initialisation agree.
    expect(Array.from(m.trajectories!.memory)).toEqual(Array.from(m.trajectories!.memoryAtInit));
    expect(m.predictions?.positions).toEqual([3, 4, 5]);
    // Gradients through time: one norm per position, equal to the W_0 profile at step 0, and the flow row
    // holds its two ends.
    expect(m.gradients?.L).toBe(5);
    expect(m.gradients?.norms.length).toBe(5);
    expect(Array.from(m.gradients!.norms)).toEqual(Array.from(m.gradients!.normsAtInit));
    expect(Array.from(m.gradients!.norms).every((v) => Number.isFinite(v) && v > 0)).toBe(true);
    expect(Array.from(m.flow?.samples ?? [])).toEqual([0]);
    expect(m.flow?.first[0]).toBe(m.gradients!.norms[0]);
    expect(m.flow?.last[0]).toBe(m.gradients!.norms[4]);
  });

  it('steps exactly one batch per step message', async () => {
    await started();
    await h.trainer.handle({ type: 'step' });
    await h.until(() => h.last('metrics').progress.samplesSeen === SMALL.batch);
    await h.trainer.handle({ type: 'step' });
    await h.until(() => h.last('metrics').progress.samplesSeen === 2 * SMALL.batch);
    const last = h.last('metrics');
    expect(last.progress.step).toBe(2);
    expect(Number.isFinite(last.report?.trainLoss[0])).toBe(true);
    expect(Number.isFinite(last.report?.testError[0])).toBe(true);
  });

  it('trains while playing, stops on pause, and streams only new points at a bounded rate', async () => {
    await started(true);
    const evaluations = () =>
      h.metrics().flatMap((m) => Array.from(m.report?.testError ?? []).filter(Number.isFinite));
    await h.until(() => evaluations().length >= 5);
    await h.trainer.handle({ type: 'pause' });
    const stopped = h.trainer.state.samplesSeen;
    await sleep(200);
    expect(h.trainer.state.samplesSeen).toBe(stopped);
    expect(h.last('status').status).toBe('paused');

    const metrics = h.posted.filter((p) => p.msg.type === 'metrics');
    for (let i = 1; i < metrics.length; i++)
      expect(metrics[i]!.at - metrics[i - 1]!.at).toBeGreaterThanOrEqual(MIN_MESSAGE_INTERVAL_MS - 1);
    const samples = h.metrics().flatMap((m) => Array.from(m.report?.samples ?? []));
    for (let i = 1; i < samples.length; i++) expect(samples[i]).toBeGreaterThan(samples[i - 1]!);
    const errors = evaluations();
    expect(errors[errors.length - 1]).toBeLessThan(errors[0]!);
  });

  it('applies live fields without a restart and restarts for the others', async () => {
    await started();
    await h.trainer.handle({ type: 'step' });
    const runId = h.last('runStarted').runId;
    await h.trainer.handle({ type: 'updateConfig', config: { ...SMALL, lr: 0.5, batch: 8 } });
    expect(h.last('configApplied')).toMatchObject({ live: ['lr', 'batch'], restart: [] });
    expect(h.last('runStarted').runId).toBe(runId);
    await h.trainer.handle({ type: 'step' });
    expect(h.trainer.state.samplesSeen).toBe(SMALL.batch + 8);

    await h.trainer.handle({ type: 'updateConfig', config: { ...SMALL, lr: 0.5, batch: 8, m: 24 } });
    expect(h.last('configApplied')).toMatchObject({ live: [], restart: ['m'] });
    expect(h.last('runStarted').runId).toBe(runId + 1);
    expect(h.last('runStarted').config.m).toBe(24);
    expect(h.trainer.state.samplesSeen).toBe(0);
  });

  it('keeps training after a restart that happens while playing', async () => {
    await started(true);
    await h.until(() => h.trainer.state.samplesSeen > 0);
    await h.trainer.handle({ type: 'updateConfig', config: { ...SMALL, m: 20 } });
    expect(h.last('runStarted').config.m).toBe(20);
    await h.until(() => h.trainer.state.samplesSeen > 10 * SMALL.batch);
    expect(h.trainer.state.playing).toBe(true);
    expect(h.last('status').status).toBe('running');
  });

  it('resets to step 0 with the same or a new seed', async () => {
    await started();
    await h.trainer.handle({ type: 'step' });
    const first = h.last('runStarted');
    await h.trainer.handle({ type: 'reset' });
    expect(h.trainer.state.samplesSeen).toBe(0);
    expect(h.last('runStarted').config.seed).toBe(SMALL.seed);
    await h.trainer.handle({ type: 'reset', seed: 7 });
    const seeded = h.last('runStarted');
    expect(seeded.config.seed).toBe(7);
    expect(seeded.runId).toBe(first.runId + 2);
    expect(h.last('status').status).toBe('paused');
  });

  it('exports a run file and a checkpoint that parse back', async () => {
    await started();
    // Four steps reach the second scheduled evaluation (a quarter of the 64 test sequences); the steps between
    // are drawn but not recorded.
    for (let k = 0; k < 4; k++) await h.trainer.handle({ type: 'step' });
    await h.trainer.handle({ type: 'export', kind: 'run', requestId: 1 });
    const run = h.last('exported');
    expect(run.error).toBeNull();
    expect(run.fileName).toMatch(/\.run\.json$/);
    const parsed = parseRunExport(run.text);
    expect(parsed.backend).toBe('wasm');
    expect(parsed.metrics.samples).toEqual([0, 4 * SMALL.batch]);
    expect(parsed.metrics.positions).toEqual([3, 4, 5]);

    await h.trainer.handle({ type: 'export', kind: 'checkpoint', requestId: 2 });
    const cp = h.last('exported');
    expect(cp.requestId).toBe(2);
    const loaded = parseCheckpoint(cp.text);
    expect(loaded.state.samplesSeen).toBe(4 * SMALL.batch);
    expect(loaded.config).toEqual(SMALL);
  });

  it('traces a probe sequence on the current weights without changing the run (step through)', async () => {
    await started();
    for (let k = 0; k < 4; k++) await h.trainer.handle({ type: 'step' });
    await h.until(() => h.last('metrics').progress.samplesSeen === 4 * SMALL.batch);
    const before = h.trainer.state;
    await h.trainer.handle({ type: 'trace', probe: 0, requestId: 9 });
    const t = h.last('traced');
    expect(t.error).toBeNull();
    expect(t.requestId).toBe(9);
    expect(t.runId).toBe(h.last('runStarted').runId);
    expect(t.samples).toBe(4 * SMALL.batch);
    expect(t.L).toBe(SMALL.L);
    expect(t.targets).toEqual([3, 4, 5]);
    expect(t.explained.length).toBe(2);
    expect(t.steps.map((s) => s.l)).toEqual([1, 2, 3, 4, 5]);
    expect(t.steps[0]!.token).toBeNull();
    expect(t.steps[1]!.token?.length).toBe(SMALL.dIn);
    expect(t.steps.every((s) => s.hidden.length === 2 && s.hidden.every(Number.isFinite))).toBe(true);
    expect(t.steps.map((s) => s.target !== null)).toEqual([false, false, true, true, true]);
    expect(t.steps.map((s) => s.influence.map((e) => e.i))).toEqual([[], [], [2], [2, 3], [2, 3, 4]]);
    // F_l at the target positions is the prediction chart's output for the same probe and weights.
    const p = h.last('metrics').predictions!;
    expect(p.probe).toBe(0);
    expect(p.samples).toBe(4 * SMALL.batch);
    const F = t.steps.filter((s) => s.target !== null).flatMap((s) => s.output);
    const Y = t.steps.filter((s) => s.target !== null).flatMap((s) => s.target as number[]);
    F.forEach((v, k) => expect(v).toBeCloseTo(p.predicted[k] as number, 5));
    Y.forEach((v, k) => expect(v).toBeCloseTo(p.target[k] as number, 5));
    // Tracing does not train, pause or play.
    expect(h.trainer.state).toEqual(before);
    await h.trainer.handle({ type: 'trace', probe: 99, requestId: 10 });
    expect(h.last('traced').error).toMatch(/probe must be 0\.\.7/);
  });

  it('answers an export before any run with an error, not a crash', async () => {
    h = new Harness();
    await h.trainer.handle({ type: 'export', kind: 'checkpoint', requestId: 3 });
    expect(h.last('exported').error).toMatch(/no run/);
    await h.trainer.handle({ type: 'trace', probe: 0, requestId: 4 });
    expect(h.last('traced').error).toMatch(/no run to step through/);
    expect(h.last('traced').steps).toEqual([]);
    expect(h.of('status')).toEqual([]);
  });

  it('stops with a plain message when the run diverges', async () => {
    h = new Harness();
    await h.trainer.handle({ type: 'start', config: { ...SMALL, lr: 1000, lambda: 10 }, play: true });
    await h.until(() => h.of('error').length > 0);
    expect(h.last('error').message).toMatch(/diverged.*learning rate/);
    await h.until(() => h.last('status').status === 'paused');
    expect(h.trainer.state.playing).toBe(false);
  });

  it('refuses an invalid config with the reason', async () => {
    h = new Harness();
    await h.trainer.handle({ type: 'start', config: { ...SMALL, L: 1 }, play: false });
    expect(h.last('error')).toMatchObject({ fatal: false });
    expect(h.last('error').message).toMatch(/L: 1 is out of range/);
  });

  it('frees every tensor of a run when it is replaced or disposed', async () => {
    await started();
    await h.trainer.handle({ type: 'step' });
    await h.trainer.handle({ type: 'reset' });
    const perRun = tf.memory().numTensors;
    await h.trainer.handle({ type: 'step' });
    await h.trainer.handle({ type: 'reset' });
    expect(tf.memory().numTensors).toBe(perRun);
    await h.trainer.dispose();
    expect(tf.memory().numTensors).toBeLessThan(perRun);
  });
});
