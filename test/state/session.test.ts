/**
 * The main-thread session against the real training loop over a real MessageChannel (structured clone and
 * transferred typed arrays, as between the page and its worker), on the wasm backend.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRunExport } from '../../src/model/run-export';
import { REPORT } from '../../src/state/metric-series';
import { LabSession } from '../../src/state/session';
import { createLabStore } from '../../src/state/store';
import { TrainerClient, type Endpoint } from '../../src/client/training-client';
import type { FromWorker, ToWorker } from '../../src/worker/protocol/training-protocol';
import { transferables } from '../../src/worker/protocol/training-protocol';
import { Trainer } from '../../src/worker/training/trainer';
import { NODE_LOADERS } from '../../src/model/backend';
import { SMALL } from '../worker/harness';

let channel: MessageChannel;
let trainer: Trainer;
let session: LabSession;
const saved: { fileName: string; text: string }[] = [];

async function until(predicate: () => boolean, ms = 20_000): Promise<void> {
  const t0 = performance.now();
  while (!predicate()) {
    if (performance.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeEach(() => {
  channel = new MessageChannel();
  const workerSide = channel.port1;
  trainer = new Trainer({
    post: (msg: FromWorker) => workerSide.postMessage(msg, transferables(msg)),
    loaders: NODE_LOADERS,
    crossOriginIsolated: false,
  });
  workerSide.addEventListener('message', (e) => void trainer.handle((e as MessageEvent<ToWorker>).data));
  workerSide.start();
  channel.port2.start();
  const client = new TrainerClient(channel.port2 as unknown as Endpoint);
  saved.length = 0;
  session = new LabSession(client, createLabStore(SMALL), {
    save: (fileName, text) => saved.push({ fileName, text }),
  });
});

afterEach(async () => {
  session.dispose();
  await trainer.dispose();
  channel.port1.close();
  channel.port2.close();
});

const state = () => session.store.getState();

describe('LabSession with the real trainer', () => {
  it('starts, shows the backend and the first point, and steps one batch', async () => {
    session.start(false);
    await until(() => state().status === 'paused' && session.metrics.report.length > 0);
    expect(state().backend).toBe('wasm');
    expect(state().testError).toBeGreaterThan(0);
    expect(session.metrics.report.column(REPORT.samples)).toBeInstanceOf(Float64Array);
    expect(session.metrics.trajectories?.memory).toBeInstanceOf(Float64Array);
    session.step();
    await until(() => state().progress.samplesSeen === SMALL.batch);
    expect(session.metrics.report.get(session.metrics.report.length - 1, REPORT.samples)).toBe(SMALL.batch);
  });

  it('plays and pauses', async () => {
    session.start(false);
    await until(() => state().status === 'paused');
    session.play();
    await until(() => state().status === 'running' && state().progress.samplesSeen > 50 * SMALL.batch);
    session.pause();
    await until(() => state().status === 'paused');
    const seen = trainer.state.samplesSeen;
    await new Promise((r) => setTimeout(r, 150));
    expect(trainer.state.samplesSeen).toBe(seen);
  });

  it('applies a live field at once and a restart field only on apply', async () => {
    session.start(false);
    await until(() => state().status === 'paused');
    const runId = state().runId;
    session.setField('lr', '0.5');
    expect(state().config.lr).toBe(0.5);
    await until(() => state().notice !== null);
    expect(state().notice).toMatch(/lr/);
    session.setField('m', '24');
    expect(state().config.m).toBe(SMALL.m);
    expect(state().draft.m).toBe('24');
    session.setField('lr', 'x');
    expect(state().fieldErrors.lr).toMatch(/not a number/);
    expect(state().config.lr).toBe(0.5);
    session.setField('lr', '0.5');
    session.applyDraft();
    await until(() => state().runId === runId + 1);
    expect(state().config.m).toBe(24);
    expect(state().config.lr).toBe(0.5);
  });

  it('resets with the seed typed in the controls, and with a fresh one', async () => {
    session.start(false);
    await until(() => state().status === 'paused');
    session.step();
    await until(() => state().progress.samplesSeen === SMALL.batch);
    session.setField('seed', '42');
    session.reset();
    await until(() => state().config.seed === 42 && state().progress.samplesSeen === 0);
    session.newSeed();
    await until(() => state().config.seed !== 42);
    expect(state().draft.seed).toBe(String(state().config.seed));
  });

  it('saves a run export', async () => {
    session.start(false);
    await until(() => state().status === 'paused');
    await session.exportFile('run');
    expect(saved).toHaveLength(1);
    expect(parseRunExport(saved[0]!.text).config).toEqual(SMALL);
  });
});
