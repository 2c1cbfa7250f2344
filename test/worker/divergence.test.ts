/**
 * Divergence on the real trainer (wasm): a learning rate far too large makes the loss explode; the run pauses
 * at once, keeps its last finite checkpoint, explains the likely cause, and the one-click fix (η ÷ 4, back to
 * the checkpoint) trains on with no sample lost or counted twice. Injected NaN weights (a test hook) take the
 * same path, and the hook is refused without `?test-hooks=1`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseRunExport } from '../../src/model/run-export';
import { presetByName } from '../../src/model/presets';
import { nonFiniteWeight } from '../../src/worker/training/snapshot';
import { LR_DIVISOR } from '../../src/worker/training/divergence';
import { Harness, SMALL, sleep } from './harness';
import { RecoveryHarness } from './recovery-harness';

let h: RecoveryHarness;

afterEach(async () => {
  await h.trainer.dispose();
});

const TOO_LARGE = { ...SMALL, ...presetByName('too-large-lr')?.config };

function strictlyIncreasing(values: number[]): boolean {
  return values.every((v, i) => i === 0 || v > (values[i - 1] as number));
}

describe('a diverging run', () => {
  it('pauses, explains the cause, and resumes from the last finite checkpoint with η ÷ 4', async () => {
    expect(TOO_LARGE.lr).toBe(200);
    h = new RecoveryHarness();
    await h.trainer.handle({ type: 'start', config: TOO_LARGE, play: true });
    let lr = TOO_LARGE.lr;
    let rounds = 0;
    // Each click divides η by 4; the preset needs a few before this small network trains stably.
    for (; rounds < 8; rounds++) {
      const seen = h.of('diverged').length;
      const settled = () => h.of('diverged').length > seen || h.trainer.state.samplesSeen >= 400;
      await h.until(settled, 20_000, 'a divergence or 400 samples');
      if (h.of('diverged').length === seen) break;
      const d = h.last('diverged');
      expect(d.lr).toBe(lr);
      expect(d.suggestedLr).toBe(lr / LR_DIVISOR);
      expect(d.what).toMatch(/training loss|test error|weights/);
      expect(h.trainer.state.playing).toBe(false);
      expect(h.last('status').status).toBe('paused');
      const explanation = h.last('error');
      expect(explanation.fatal).toBe(false);
      expect(explanation.message).toMatch(/diverged at step \d+/);
      expect(explanation.message).toContain(`η = ${lr}`);
      expect(explanation.message).toMatch(/output scale λ = 0\.05 and the width m = 16/);
      const cp = d.checkpoint;
      expect(cp).not.toBeNull();
      expect(cp!.samplesSeen).toBeLessThan(d.samplesSeen);
      // Every checkpoint the page was given holds finite weights only.
      for (const s of h.of('snapshot')) expect(nonFiniteWeight(s.current)).toBeNull();

      const before = h.posted.length;
      await h.trainer.handle({ type: 'rollback', lr: d.suggestedLr, play: true });
      lr = d.suggestedLr;
      const restored = h.posted.slice(before).find((p) => p.msg.type === 'restored')?.msg;
      if (restored?.type !== 'restored') throw new Error('the rollback was not answered with restored');
      expect(restored.samplesSeen).toBe(cp!.samplesSeen);
      expect(restored.step).toBe(cp!.step);
      expect(restored.config.lr).toBe(lr);
      expect(restored.reason).toContain(`lowered from ${lr * LR_DIVISOR} to ${lr}`);
    }
    expect(rounds).toBeGreaterThan(0);
    expect(rounds).toBeLessThan(8);
    await h.trainer.handle({ type: 'pause' });

    // The counters and the run file agree: one batch per step, every sample counted once.
    const { step, samplesSeen } = h.trainer.state;
    expect(samplesSeen).toBe(step * SMALL.batch);
    await h.trainer.handle({ type: 'export', kind: 'run', requestId: 1 });
    const file = parseRunExport(h.last('exported').text);
    expect(file.config.lr).toBe(lr);
    expect(strictlyIncreasing(file.metrics.samples)).toBe(true);
    expect(file.metrics.samples.at(-1)).toBeLessThanOrEqual(samplesSeen);
    expect(file.metrics.testError.every((e) => e !== null && Number.isFinite(e))).toBe(true);
  });

  it('goes back to the checkpoint when Play is pressed on a diverged run', async () => {
    h = new RecoveryHarness();
    await h.trainer.handle({ type: 'start', config: TOO_LARGE, play: true });
    await h.until(() => h.of('diverged').length > 0);
    const cp = h.last('diverged').checkpoint!;
    await h.trainer.handle({ type: 'resume' });
    const restored = h.last('restored');
    expect(restored.samplesSeen).toBe(cp.samplesSeen);
    expect(restored.config.lr).toBe(TOO_LARGE.lr);
    await h.trainer.handle({ type: 'pause' });
  });

  it('catches injected NaN weights and keeps the last finite checkpoint', async () => {
    h = new RecoveryHarness();
    await h.trainer.handle({ type: 'start', config: SMALL, play: true });
    await h.until(() => h.trainer.state.samplesSeen >= 40 * SMALL.batch);
    await h.trainer.handle({ type: 'inject', fault: 'nan' });
    await h.until(() => h.of('diverged').length > 0);
    const d = h.last('diverged');
    expect(d.checkpoint).not.toBeNull();
    await h.trainer.handle({ type: 'rollback', lr: d.suggestedLr, play: true });
    const from = h.last('restored').samplesSeen;
    expect(from).toBe(d.checkpoint!.samplesSeen);
    await h.until(() => h.trainer.state.samplesSeen >= from + 20 * SMALL.batch);
    await h.trainer.handle({ type: 'pause' });
    // The last batch of points may wait up to one message interval.
    await h.until(() => h.last('metrics').progress.samplesSeen === h.trainer.state.samplesSeen);
    expect(h.of('diverged')).toHaveLength(1);
    // After the restore the page hears only samples beyond the checkpoint, in order.
    const restoredAt = h.posted.findIndex((p) => p.msg.type === 'restored');
    const after = h.posted
      .slice(restoredAt)
      .flatMap((p) => (p.msg.type === 'metrics' ? Array.from(p.msg.report?.samples ?? []) : []));
    expect(after.length).toBeGreaterThan(0);
    expect(after[0]).toBeGreaterThan(from);
    expect(strictlyIncreasing(after)).toBe(true);
  });
});

describe('test hooks', () => {
  it('are refused unless the page asked for them', async () => {
    const plain = new Harness();
    await plain.trainer.handle({ type: 'start', config: SMALL, play: false });
    await plain.trainer.handle({ type: 'inject', fault: 'nan' });
    await plain.trainer.handle({ type: 'step' });
    await sleep(100);
    expect(plain.last('error').message).toMatch(/test hook/);
    expect(plain.of('diverged')).toHaveLength(0);
    expect(Number.isFinite(plain.last('metrics').report?.trainLoss[0])).toBe(true);
    await plain.trainer.dispose();
    h = new RecoveryHarness();
  });
});
