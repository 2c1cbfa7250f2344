/**
 * Extreme but valid configs are refused up front with a message that compares the memory they need with what
 * the device offers, and the trainer refuses them before allocating anything.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, validateConfig, type Config } from '../../src/model/config';
import { checkMemory, estimateMemory } from '../../src/model/memory';
import { deviceLimits } from '../../src/worker/shared/device';
import { Harness, SMALL } from './harness';

const EXTREME: Config = { ...DEFAULT_CONFIG, m: 4096, L: 200, batch: 256 };
const GIB = 1024 ** 3;

describe('memory check', () => {
  it('the extreme config is valid, and needs gigabytes', () => {
    expect(validateConfig(EXTREME).ok).toBe(true);
    const e = estimateMemory(EXTREME);
    // One step keeps L × batch × m hidden values several times over: 200 · 256 · 4096 floats is 0.8 GiB each.
    expect(e.largestTensorBytes).toBe(200 * 256 * 4096 * 4);
    expect(e.deviceBytes).toBeGreaterThan(4 * GIB);
  });

  it('refuses it against WebGPU-like buffer limits, naming what it needs and what is there', () => {
    const msg = checkMemory(EXTREME, { deviceBytes: null, maxBufferBytes: 256 * 1024 ** 2 });
    expect(msg).toMatch(/single buffer of about 800 MiB .*L × batch × m = 200 × 256 × 4096.*\(256 MiB\)/);
  });

  it('refuses it against a device memory budget and a host budget', () => {
    expect(checkMemory(EXTREME, { deviceBytes: 4 * GIB, maxBufferBytes: null })).toMatch(
      /needs about \d+\.\d GiB of memory, more than the 4\.0 GiB available here/,
    );
    const bigData = { ...DEFAULT_CONFIG, L: 200, ntest: 16384, data: 'fixed' as const, N: 1_000_000 };
    expect(
      checkMemory(bigData, { deviceBytes: null, maxBufferBytes: null, hostBytes: 64 * 1024 ** 2 }),
    ).toMatch(/main memory/);
  });

  it('lets the default and the largest-width ordinary configs through on a 4 GiB device', () => {
    const limits = { deviceBytes: 4 * GIB, maxBufferBytes: 1 * GIB, hostBytes: 4 * GIB };
    expect(checkMemory(DEFAULT_CONFIG, limits)).toBeNull();
    expect(checkMemory({ ...DEFAULT_CONFIG, m: 4096 }, limits)).toBeNull();
  });

  it('the wasm limits cap the heap at 3.5 GiB', () => {
    expect(deviceLimits('wasm').deviceBytes).toBeLessThanOrEqual(3.5 * GIB);
  });

  it('the trainer refuses the extreme config on wasm before allocating a tensor', async () => {
    const h = new Harness();
    await h.trainer.handle({ type: 'start', config: SMALL, play: false });
    await h.trainer.dispose();
    const before = tf.memory().numTensors;
    await h.trainer.handle({ type: 'start', config: { ...EXTREME, backend: 'wasm' }, play: true });
    const error = h.last('error');
    expect(error.fatal).toBe(true);
    expect(error.message).toMatch(/needs about .* GiB of memory, more than the 3\.5 GiB available here/);
    expect(h.last('status').status).toBe('error');
    expect(tf.memory().numTensors).toBe(before);
  });
});
