/**
 * Without WebGPU (no flags) WebGL runs on SwiftShader: the default page passes over it for wasm and says why.
 * Asked for by name, WebGL runs and learns: the test error falls, every chart draws, and Pause, Step and Reset
 * work.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, type Browser } from './chromium';
import {
  backendRates,
  CHART_IDS,
  checkPauseStepReset,
  openLab,
  samplesSeen,
  screenshot,
  testError,
  text,
  waitFor,
  waitForChartsDrawn,
} from './lab-page';

let browser: Browser;

beforeAll(async () => {
  browser = await launch({ webgpu: false });
});

afterAll(async () => {
  await browser?.close();
});

describe('default page without WebGPU', () => {
  it('times wasm and cpu, takes the faster, and says why the emulated WebGL was not timed', async () => {
    const { page } = browser;
    await openLab(page, inject('baseUrl'));
    expect(await text(page, 'backend')).toBe('wasm');
    const rates = await backendRates(page);
    expect(rates.map((r) => r.backend)).toEqual(['wasm', 'cpu', 'webgl', 'webgpu']);
    expect(rates[0]?.rate).toBeGreaterThan(rates[1]?.rate as number);
    expect(rates[0]?.text).toMatch(/\(in use\)$/);
    expect(rates[2]?.text).toMatch(
      /^webgl on SwiftShader: not timed \(its GPU is SwiftShader, an emulation on the CPU: .*\(choose webgl as the backend to use it anyway\)\)$/,
    );
    // Its own reason only (no "; webgl: …" of the backends after it).
    expect(rates[3]?.text).toMatch(/^webgpu: did not start \([^;]+\)$/);
  });

  it('trains on WebGL when asked for: the test error falls, and every chart draws', async () => {
    const { page } = browser;
    await openLab(page, `${inject('baseUrl')}?backend=webgl`);
    expect(await text(page, 'backend')).toBe('webgl');
    // Asked for by name it runs, and the status bar says what it runs on.
    expect(await text(page, 'emulated')).toBe('on SwiftShader');
    await page.locator('.skipped summary').click();
    await expect(page.locator('.skipped').textContent()).resolves.toMatch(
      /webgl runs on SwiftShader, a GPU emulated on the CPU: training is several times slower than on wasm here/,
    );
    const first = await waitFor('the first test error', () => testError(page), Number.isFinite, 60_000);
    await waitFor(
      'samples seen to grow',
      () => samplesSeen(page),
      (n) => n > 0,
      60_000,
    );
    await waitFor(
      'the test error to fall by a third',
      () => testError(page),
      (e) => e < (2 / 3) * first,
      120_000,
    );
    const charts = await waitForChartsDrawn(page, 30_000);
    expect(charts.map((c) => c.id)).toHaveLength(CHART_IDS.length);
    await screenshot(page, 'webgl-training');
    expect(browser.errors.filter((e) => !e.includes('favicon'))).toEqual([]);
  });

  it('pauses, steps exactly one batch, and resets', async () => {
    await checkPauseStepReset(browser.page);
    await screenshot(browser.page, 'webgl-after-reset');
  });
});
