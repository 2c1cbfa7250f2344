/**
 * With SwiftShader WebGPU, the default page passes over it (and over SwiftShader WebGL) for wasm, and says why;
 * asked for by name, WebGPU runs and trains. SwiftShader needs seconds per step at the default size, so
 * learning, charts and the run controls are checked on a small config of the same page.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, type Browser } from './chromium';
import {
  checkPauseStepReset,
  openLab,
  samplesSeen,
  screenshot,
  testError,
  text,
  waitFor,
  waitForChartsDrawn,
} from './lab-page';

/** Small enough for SwiftShader: a few hundred samples a second. */
export const SMALL_QUERY = '?L=5&dIn=4&m=32&batch=8&ntest=128&backend=webgpu';

let browser: Browser;

beforeAll(async () => {
  browser = await launch({ webgpu: true });
});

afterAll(async () => {
  await browser?.close();
});

describe('WebGPU (SwiftShader)', () => {
  it('the default page passes over the emulated GPU for wasm and says why', async () => {
    const { page } = browser;
    await openLab(page, inject('baseUrl'));
    expect(await text(page, 'backend')).toBe('wasm');
    await page.locator('.skipped summary').click();
    const why = await page.locator('.skipped').textContent();
    expect(why).toMatch(/webgpu skipped: its GPU is SwiftShader, an emulation on the CPU/);
    expect(why).toMatch(/webgl skipped: its GPU is SwiftShader/);
    await waitFor(
      'samples seen to grow',
      () => samplesSeen(page),
      (n) => n > 0,
      60_000,
    );
    await screenshot(page, 'auto-on-emulated-gpu');
  });

  it('the default config trains on WebGPU when it is asked for', async () => {
    const { page } = browser;
    await openLab(page, `${inject('baseUrl')}?backend=webgpu`);
    expect(await text(page, 'backend')).toBe('webgpu');
    expect(await text(page, 'emulated')).toBe('on SwiftShader');
    await waitFor(
      'samples seen to grow',
      () => samplesSeen(page),
      (n) => n > 0,
      120_000,
    );
    await screenshot(page, 'webgpu-default');
  });

  it('learns on a small config: the test error falls and every chart draws', async () => {
    const { page } = browser;
    await openLab(page, `${inject('baseUrl')}${SMALL_QUERY}`);
    expect(await text(page, 'backend')).toBe('webgpu');
    const first = await waitFor('the first test error', () => testError(page), Number.isFinite, 60_000);
    await waitFor(
      'the test error to fall by half',
      () => testError(page),
      (e) => e < first / 2,
      90_000,
    );
    await waitForChartsDrawn(page, 30_000);
    await screenshot(page, 'webgpu-training');
    expect(browser.errors.filter((e) => !e.includes('favicon'))).toEqual([]);
  });

  it('pauses, steps exactly one batch, and resets', async () => {
    await checkPauseStepReset(browser.page);
    await screenshot(browser.page, 'webgpu-after-reset');
  });
});
