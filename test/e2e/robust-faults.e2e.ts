/**
 * Faults injected into a live run in real Chromium (SwiftShader WebGPU, WebGL and threaded wasm), under the
 * app's Content-Security-Policy:
 * - memory stays flat while training on WebGPU (tensor count and GPU bytes, read between chunks);
 * - the WebGPU device destroyed mid-run → the run continues on WebGL from its last checkpoint;
 * - the WebGL context lost mid-run → the run continues on wasm;
 * - NaN weights → the run pauses, explains, and "lower the learning rate and resume" continues it;
 * - the worker closes itself → the error message says so and Recover continues from the page's checkpoint.
 * Every recovery must keep the samples axis clean: the saved run counts each sample once, in order. After each
 * test nothing may have been blocked by the security policy (in the page or the worker), and no dialog opened.
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject as provided, it } from 'vitest';
import { samplesSeen, saveRun, screenshot, status, text, waitFor } from './lab-page';
import {
  SMALL,
  cspViolations,
  heartbeat,
  inject,
  launchWatched,
  openWithHooks,
  pageCheckpoint,
  type WatchedBrowser,
} from './robust-helpers';

let browser: WatchedBrowser;
const tally = { faults: 0, recovered: 0, samplesLost: 0 };

beforeAll(async () => {
  browser = await launchWatched({ webgpu: true });
});

afterAll(async () => {
  console.log(
    `robustness: ${tally.faults} faults injected, ${tally.recovered} runs recovered, ${tally.samplesLost} samples lost`,
  );
  await browser?.close();
});

// Each test opens a new page: check its policy violations, dialogs and console errors before the next one.
afterEach(async () => {
  expect(await cspViolations(browser.page, browser.errors)).toEqual([]);
  expect(browser.dialogs).toEqual([]);
  expect(browser.errors.filter((e) => !e.includes('favicon'))).toEqual([]);
});

/** Waits for a checkpoint taken after training started; returns it. */
async function checkpointAfterStart() {
  const { page } = browser;
  return waitFor(
    'a checkpoint after step 0',
    () => pageCheckpoint(page),
    (c) => c !== null && c.step > 0,
    60_000,
  ) as Promise<{ step: number; samplesSeen: number }>;
}

/**
 * After a recovery from `from`: training goes on past it, and the saved run has every sample count once, in
 * order, with the history before the fault kept. Returns the samples lost (counts the run file skips at the
 * checkpoint, which must be zero).
 */
async function checkContinues(from: number): Promise<void> {
  const { page } = browser;
  await waitFor(
    'training to go on past the checkpoint',
    () => samplesSeen(page),
    (n) => n > from + 200,
    90_000,
  );
  await page.getByTestId('pause').click();
  await waitFor(
    'the pause',
    () => status(page),
    (s) => s === 'paused',
    30_000,
  );
  const run = await saveRun(page);
  const s = run.metrics.samples;
  expect(s[0]).toBe(0);
  expect(s.every((v, i) => i === 0 || v > (s[i - 1] as number))).toBe(true);
  expect(s).toContain(from);
  expect(s.at(-1)).toBeGreaterThan(from);
  // Each step adds one batch: samples seen = steps × batch, so none was skipped or counted twice.
  const c = await pageCheckpoint(page);
  const steps = run.metrics.step;
  const lost = (s.at(-1) as number) - (steps.at(-1) as number) * run.config.batch;
  tally.samplesLost += Math.abs(lost);
  expect(lost).toBe(0);
  expect(c?.samplesSeen).toBe((c?.step ?? 0) * run.config.batch);
  tally.recovered += 1;
  await page.getByTestId('play').click();
}

describe('faults during a run', () => {
  it('keeps memory flat on WebGPU, then survives a destroyed device on WebGL', async () => {
    const { page } = browser;
    expect(await openWithHooks(page, provided('baseUrl'), `${SMALL}&backend=webgpu`)).toBe('webgpu');
    await checkpointAfterStart();
    // Tensor count and GPU bytes between chunks: flat once every buffer size has been seen.
    const readings: { numTensors: number; gpu: number | null; step: number }[] = [];
    const t0 = Date.now();
    while (Date.now() - t0 < 8000) {
      const m = (await heartbeat(page))?.memory;
      if (m) readings.push({ numTensors: m.numTensors, gpu: m.numBytesInGPUAllocated, step: m.step });
      await page.waitForTimeout(400);
    }
    const later = readings.slice(Math.floor(readings.length / 2));
    expect(later.length).toBeGreaterThan(3);
    expect((later.at(-1)?.step ?? 0) > (later[0]?.step ?? 0)).toBe(true);
    expect(new Set(later.map((r) => r.numTensors)).size, JSON.stringify(readings)).toBe(1);
    const gpu = later.map((r) => r.gpu ?? 0);
    expect(Math.max(...gpu) - Math.min(...gpu), JSON.stringify(readings)).toBe(0);
    // The data worker draws the training batches ahead: nearly all steps take a batch ready-made.
    const prefetch = (await heartbeat(page))?.prefetch;
    expect(prefetch, 'the data worker runs').toBeTruthy();
    expect(prefetch!.ready, JSON.stringify(prefetch)).toBeGreaterThan(4 * prefetch!.drawnHere);

    const cp = await checkpointAfterStart();
    await inject(page, 'device-loss');
    tally.faults += 1;
    await waitFor(
      'the WebGL backend',
      () => text(page, 'backend'),
      (b) => b === 'webgl',
      60_000,
    );
    const note = await waitFor(
      'the recovery note',
      () => text(page, 'recovery-note'),
      (t) => t !== '',
      30_000,
    );
    expect(note).toMatch(/The webgpu backend stopped working \(the WebGPU device was lost.*moved to webgl/);
    expect(await page.locator('.skipped').textContent()).toMatch(/webgpu.*lost during the run/);
    const restoredAt = (await pageCheckpoint(page))?.samplesSeen ?? -1;
    expect(restoredAt).toBeGreaterThanOrEqual(cp.samplesSeen);
    await screenshot(page, 'robust-webgpu-lost');
    await checkContinues(restoredAt);
  });

  it('survives a lost WebGL context on wasm', async () => {
    const { page } = browser;
    expect(await openWithHooks(page, provided('baseUrl'), `${SMALL}&backend=webgl`)).toBe('webgl');
    const cp = await checkpointAfterStart();
    await inject(page, 'context-loss');
    tally.faults += 1;
    await waitFor(
      'the wasm backend',
      () => text(page, 'backend'),
      (b) => b === 'wasm',
      60_000,
    );
    expect(await text(page, 'recovery-note')).toMatch(
      /The webgl backend stopped working \(the WebGL context was lost\).*moved to wasm/,
    );
    await checkContinues((await pageCheckpoint(page))?.samplesSeen ?? cp.samplesSeen);
  });

  it('pauses on NaN weights, explains, and resumes with a lower learning rate in one click', async () => {
    const { page } = browser;
    expect(await openWithHooks(page, provided('baseUrl'), `${SMALL}&backend=wasm`)).toBe('wasm');
    await checkpointAfterStart();
    await inject(page, 'nan');
    tally.faults += 1;
    const message = await waitFor(
      'the divergence message',
      () => text(page, 'error-message'),
      (t) => /diverged/.test(t),
      30_000,
    );
    expect(message).toMatch(/The likely cause is a learning rate η = 1 too large/);
    expect(await status(page)).toBe('paused');
    await screenshot(page, 'robust-diverged');
    const button = page.getByTestId('lower-lr-resume');
    expect(await button.textContent()).toMatch(/Lower η to 0\.25 and resume from step \d+/);
    await button.click();
    await waitFor(
      'training again',
      () => status(page),
      (s) => s === 'training',
      30_000,
    );
    expect(await page.locator('#field-lr').inputValue()).toBe('0.25');
    expect(new URL(page.url()).searchParams.get('lr')).toBe('0.25');
    await checkContinues((await pageCheckpoint(page))?.samplesSeen ?? 0);
  });

  it('trains on without a data worker that failed: no crash, every batch drawn in the training worker', async () => {
    const { page } = browser;
    expect(await openWithHooks(page, provided('baseUrl'), `${SMALL}&backend=wasm`)).toBe('wasm');
    await checkpointAfterStart();
    expect((await heartbeat(page))?.prefetch, 'the data worker runs').toBeTruthy();
    await inject(page, 'data-worker');
    tally.faults += 1;
    await waitFor(
      'the trainer to give up its data workers',
      async () => (await heartbeat(page))?.prefetch,
      (p) => p === null,
      30_000,
    );
    const at = await samplesSeen(page);
    await waitFor(
      'training to go on',
      () => samplesSeen(page),
      (n) => n > at + 2000,
      60_000,
    );
    expect(await status(page)).toBe('training');
    expect(await page.getByTestId('error-message').count()).toBe(0);
    expect(browser.errors.filter((e) => !e.includes('favicon'))).toEqual([]);
  });

  it('recovers a worker that closed itself, with the Recover button', async () => {
    const { page } = browser;
    expect(await openWithHooks(page, provided('baseUrl'), `${SMALL}&backend=wasm`)).toBe('wasm');
    const cp = await checkpointAfterStart();
    await inject(page, 'close');
    tally.faults += 1;
    const message = await waitFor(
      'the crash message',
      () => text(page, 'error-message'),
      (t) => /not answered/.test(t),
      30_000,
    );
    expect(message).toMatch(/Press Recover to start a new worker that continues from the last checkpoint/);
    expect(await status(page)).toBe('stopped');
    await screenshot(page, 'robust-worker-lost');
    const held = (await pageCheckpoint(page)) ?? cp;
    await page.getByTestId('recover').click();
    await waitFor(
      'training again',
      () => status(page),
      (s) => s === 'training',
      60_000,
    );
    expect(await text(page, 'recovery-note')).toMatch(
      /A new training worker continued the run from the last checkpoint/,
    );
    await checkContinues(held.samplesSeen);
  });
});
