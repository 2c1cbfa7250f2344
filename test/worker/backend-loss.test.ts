/**
 * A backend lost mid-run (in Node: wasm, reported the way the GPU watch reports a lost device): the trainer
 * moves to the next backend (cpu), continues from its last checkpoint, and tells the page. No sample is lost
 * or counted twice: after the switch the run is exactly the checkpoint trained on with the same data, which a
 * reference run rebuilt from that checkpoint reproduces bit for bit on the same backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCheckpoint, parseRunExport } from '../../src/model/run-export';
import { Run } from '../../src/model/run';
import { SMALL } from './harness';
import { RecoveryHarness } from './recovery-harness';

const h = new RecoveryHarness();

afterAll(async () => {
  await h.trainer.dispose();
});

describe('a backend lost during a run', () => {
  it('moves to the next backend and continues from the last checkpoint', async () => {
    await h.trainer.handle({ type: 'start', config: SMALL, play: true });
    // Wait for a checkpoint taken while training, not just the one at step 0.
    await h.until(() => h.of('snapshot').some((s) => s.state.step > 0), 20_000, 'a checkpoint after step 0');
    const lostAt = h.trainer.state.samplesSeen;
    const kept = h.last('snapshot');
    const keptInitial = h.of('snapshot')[0]!.initial!;
    h.trainer.lose('test: the device went away');
    await h.until(() => h.of('restored').length > 0, 20_000, 'the restore');
    // Past the next scheduled evaluation (at most four test sets later), so the history grows after the switch.
    const further = lostAt + 4 * SMALL.ntest + SMALL.batch;
    await h.until(() => h.trainer.state.samplesSeen >= further, 20_000, 'more training');
    await h.trainer.handle({ type: 'pause' });
    expect(tf.getBackend()).toBe('cpu');

    const backend = h.last('backend');
    expect(backend.backend).toBe('cpu');
    expect(backend.skipped[0]).toEqual({
      backend: 'wasm',
      reason: 'lost during the run: test: the device went away',
    });
    const restored = h.last('restored');
    expect(restored.samplesSeen).toBe(kept.state.samplesSeen);
    expect(restored.step).toBe(kept.state.step);
    expect(restored.reason).toMatch(/wasm backend stopped working .* moved to cpu/);
    expect(h.of('error').filter((e) => e.fatal)).toEqual([]);

    // The run now equals the checkpoint trained on for the same number of steps on cpu.
    await h.trainer.handle({ type: 'export', kind: 'checkpoint', requestId: 1 });
    const now = parseCheckpoint(h.last('exported').text);
    const steps = now.state.step - kept.state.step;
    expect(steps).toBeGreaterThan(0);
    expect(now.state.samplesSeen).toBe(now.state.step * SMALL.batch);
    const reference = Run.restore(SMALL, kept.current, keptInitial, kept.state);
    for (let i = 0; i < steps; i++) reference.step();
    const W = (await reference.params.W.data()) as Float32Array;
    reference.dispose();
    expect(reference.state.samplesSeen).toBe(now.state.samplesSeen);
    expect(Array.from(now.current.W)).toEqual(Array.from(W));

    // The run file keeps its history across the switch, once per sample count.
    await h.trainer.handle({ type: 'export', kind: 'run', requestId: 2 });
    const file = parseRunExport(h.last('exported').text);
    const s = file.metrics.samples;
    expect(s[0]).toBe(0);
    expect(s.every((v, i) => i === 0 || v > (s[i - 1] as number))).toBe(true);
    expect(s.some((v) => v > kept.state.samplesSeen)).toBe(true);
  });

  it('says so plainly when no backend is left', async () => {
    h.trainer.lose('test: the cpu went away too');
    await h.until(() => h.of('error').some((e) => e.fatal), 20_000, 'the fatal error');
    const error = h.of('error').find((e) => e.fatal)!;
    expect(error.message).toMatch(
      /No compute backend is left.*wasm: lost during the run.*cpu: lost during the run/,
    );
    expect(h.last('status').status).toBe('error');
  });
});
