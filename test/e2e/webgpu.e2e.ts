/**
 * With SwiftShader WebGPU, the default page times wasm and cpu, passes over the emulated WebGPU and WebGL
 * without timing them, and says why; with the test hooks, which time emulated GPUs too, backend auto takes
 * whichever of the four measured fastest, and a later visit reuses the measurement. Asked for by name,
 * WebGPU runs and trains. SwiftShader needs seconds per step at the default size, so
 * learning, charts and the run controls are checked on a small config of the same page.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, type Browser } from './chromium';
import {
  backendRates,
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
    const rates = await backendRates(page);
    expect(rates.map((r) => r.backend)).toEqual(['wasm', 'cpu', 'webgl', 'webgpu']);
    expect(rates[0]?.rate).toBeGreaterThan(rates[1]?.rate as number);
    expect(rates[2]?.text).toMatch(/^webgl on SwiftShader: not timed \(its GPU is SwiftShader/);
    expect(rates[3]?.text).toMatch(/^webgpu on SwiftShader: not timed \(its GPU is SwiftShader/);
    await waitFor(
      'samples seen to grow',
      () => samplesSeen(page),
      (n) => n > 0,
      60_000,
    );
    await screenshot(page, 'auto-on-emulated-gpu');
  });

  it('auto takes the backend that measured fastest of all four, and a later visit reuses the rates', async () => {
    const { page } = browser;
    // The test hooks also time the emulated GPUs; a small config keeps their steps short.
    const url = `${inject('baseUrl')}${SMALL_QUERY.replace('backend=webgpu', 'backend=auto')}&test-hooks=1`;
    const backend = await openLab(page, url, 120_000);
    const rates = await backendRates(page);
    expect(rates.map((r) => r.backend).sort()).toEqual(['cpu', 'wasm', 'webgl', 'webgpu']);
    for (const r of rates) expect(r.rate, r.text).toBeGreaterThan(0);
    const fastest = rates.reduce((a, b) => (b.rate > a.rate ? b : a));
    expect(backend).toBe(fastest.backend);
    expect(rates[0]?.backend).toBe(fastest.backend);
    expect(rates[0]?.text).toMatch(/\(in use\)$/);
    expect(rates.find((r) => r.backend === 'webgpu')?.text).toMatch(
      /^webgpu on SwiftShader: [\d,]+ samples\/s/,
    );
    const why = (await page.locator('.skipped').textContent()) ?? '';
    expect(why).toMatch(/trained each backend briefly on this config's size \(m=32 L=5 batch=8 dIn=4\)/);
    expect(why).toMatch(/measuring took [\d.]+ s/);
    await page.locator('.skipped summary').click();
    await screenshot(page, 'backend-auto-measured');

    // Reloaded: the same rates, remembered (IndexedDB), and the same backend.
    const again = await openLab(page, url, 60_000);
    expect(again).toBe(backend);
    expect(await backendRates(page)).toEqual(rates);
    expect(await page.locator('.skipped').textContent()).toMatch(/remembered from \d{4}-\d\d-\d\d/);
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
