/**
 * Backend `auto` by measurement (src/model/backend-race.ts, src/worker/training/backend-manager.ts) on Node's
 * real backends, wasm and cpu: each that starts is timed on the config, the fastest is taken, a backend that
 * cannot start is reported with its reason, nothing is left allocated, and the choice is remembered per
 * device and config size (a second visit measures nothing and says so).
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { NODE_LOADERS, selectBackend } from '../../src/model/backend';
import { describeRate, measureBackends, sizeKey } from '../../src/model/backend-race';
import { DEFAULT_CONFIG, type Config } from '../../src/model/config';
import { memoryChoiceStore } from '../../src/worker/training/backend-choices';
import { BackendManager } from '../../src/worker/training/backend-manager';
import type { BackendMessage } from '../../src/worker/protocol/training-protocol';

const SMALL: Config = { ...DEFAULT_CONFIG, m: 32, L: 4, batch: 8, ntest: 32, backend: 'auto' };
const QUICK = { secondsPerBackend: 0.05, minWindows: 2 };

describe('measureBackends', () => {
  it('times every backend that starts, fastest first, and frees what it made', async () => {
    await selectBackend('cpu', NODE_LOADERS);
    const before = tf.memory().numTensors;
    const m = await measureBackends(SMALL, NODE_LOADERS, QUICK);
    expect(m.rates.map((r) => r.backend).sort()).toEqual(['cpu', 'wasm']);
    for (const r of m.rates) {
      expect(r.samplesPerSecond).toBeGreaterThan(0);
      expect(r.steps).toBeGreaterThanOrEqual(8); // 2 windows of 4 steps at least
      expect(r.notTimed).toBeNull();
      expect(r.capped).toBe(false);
      expect(r.failure).toBeNull();
    }
    const [a, b] = m.rates as [(typeof m.rates)[0], (typeof m.rates)[0]];
    expect(a.samplesPerSecond).toBeGreaterThanOrEqual(b.samplesPerSecond as number);
    expect(m.fastest).toBe(a.backend);
    expect(m.size).toBe('m=32 L=4 batch=8 dIn=2');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reports a backend that does not start, with its reason, after the measured ones', async () => {
    const m = await measureBackends(
      SMALL,
      {
        ...NODE_LOADERS,
        webgl: () => Promise.reject(new Error('no GL here')),
      },
      { ...QUICK, exclude: ['cpu'] },
    );
    expect(m.rates.map((r) => r.backend)).toEqual(['wasm', 'webgl']);
    expect(m.fastest).toBe('wasm');
    const webgl = m.rates[1];
    expect(webgl?.samplesPerSecond).toBeNull();
    // Its own reason only, not the other backends' (it was started alone).
    expect(webgl?.failure).toBe('its package failed to load (no GL here)');
    expect(describeRate(webgl as NonNullable<typeof webgl>)).toMatch(/^webgl: did not start/);
  });

  it('fails with every reason when nothing starts', async () => {
    await expect(measureBackends(SMALL, { wasm: () => Promise.reject(new Error('gone')) })).rejects.toThrow(
      /No compute backend works here: wasm: its package failed to load \(gone\)/,
    );
  });

  it("keys the rates by the fields that set a step's cost only", () => {
    expect(sizeKey({ ...SMALL, lr: 0.01 } as Config)).toBe(sizeKey(SMALL));
    expect(sizeKey({ ...SMALL, m: 64 })).not.toBe(sizeKey(SMALL));
    expect(sizeKey({ ...SMALL, batch: 16 })).not.toBe(sizeKey(SMALL));
  });
});

describe('BackendManager under auto', () => {
  function manager(store = memoryChoiceStore()) {
    const said: BackendMessage[] = [];
    const m = new BackendManager(
      NODE_LOADERS,
      (msg) => said.push(msg),
      false,
      () => {},
      {
        measure: true,
        choices: store,
        timing: QUICK,
      },
    );
    return { m, said, store };
  }

  it('measures a new size once, takes the fastest, and remembers it for a later visit', async () => {
    const first = manager();
    await first.m.ensure('auto', SMALL);
    expect(first.said).toHaveLength(1);
    const measured = first.said[0]?.measured;
    expect(measured?.remembered).toBe(false);
    expect(first.m.current).toBe(measured?.fastest);
    expect(first.said[0]?.backend).toBe(measured?.fastest);
    // Same size again (another learning rate): nothing is measured or announced.
    await first.m.ensure('auto', { ...SMALL, lr: 0.5 });
    expect(first.said).toHaveLength(1);

    // A later visit (a new worker) with the same store: the remembered rates, no new measurement.
    const later = manager(first.store);
    await later.m.ensure('auto', SMALL);
    expect(later.said[0]?.measured).toEqual({ ...measured, remembered: true });

    // Another size is measured anew.
    await later.m.ensure('auto', { ...SMALL, m: 48 });
    expect(later.said[1]?.measured?.remembered).toBe(false);
    expect(later.said[1]?.measured?.size).toBe('m=48 L=4 batch=8 dIn=2');
  });

  it("by order (the Node tests' trainer) takes the first backend that works and measures nothing", async () => {
    const said: BackendMessage[] = [];
    const m = new BackendManager(
      NODE_LOADERS,
      (msg) => said.push(msg),
      false,
      () => {},
      { measure: false },
    );
    await m.ensure('auto', SMALL);
    expect(m.current).toBe('wasm');
    expect(said[0]?.measured).toBeNull();
  });

  it('follows what was remembered, and a named backend carries no measurement', async () => {
    const store = memoryChoiceStore();
    const key = (await import('../../src/worker/training/backend-choices')).deviceKey();
    const rates = [
      {
        backend: 'cpu' as const,
        samplesPerSecond: 900,
        steps: 9,
        capped: false,
        emulatedBy: null,
        failure: null,
        notTimed: null,
        seconds: 0.4,
      },
      {
        backend: 'wasm' as const,
        samplesPerSecond: 300,
        steps: 3,
        capped: false,
        emulatedBy: null,
        failure: null,
        notTimed: null,
        seconds: 0.4,
      },
    ];
    await store.put(`${key} | ${sizeKey(SMALL)}`, {
      fastest: 'cpu',
      rates,
      size: sizeKey(SMALL),
      date: '2026-12-01T00:00:00.000Z',
    });
    const { m, said } = manager(store);
    await m.ensure('auto', SMALL);
    expect(m.current).toBe('cpu');
    expect(said[0]?.measured?.remembered).toBe(true);
    await m.ensure('wasm', SMALL);
    expect(m.current).toBe('wasm');
    expect(said[1]?.measured).toBeNull();
  });
});
