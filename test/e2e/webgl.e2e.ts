/**
 * Without WebGPU (no flags), the default page falls back to WebGL and learns: the test error falls, every chart
 * draws, and Pause, Step and Reset work.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, type Browser } from './chromium';
import {
  checkPauseStepReset,
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
  it('trains on WebGL, the test error falls, and every chart draws', async () => {
    const { page } = browser;
    await page.goto(inject('baseUrl'));
    await waitFor(
      'a backend',
      () => text(page, 'backend'),
      (b) => b !== '…',
      60_000,
    );
    expect(await text(page, 'backend')).toBe('webgl');
    await expect(page.locator('.skipped').textContent()).resolves.toMatch(/webgpu/);
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
    expect(charts.map((c) => c.id)).toHaveLength(6);
    await screenshot(page, 'webgl-training');
    expect(browser.errors.filter((e) => !e.includes('favicon'))).toEqual([]);
  });

  it('pauses, steps exactly one batch, and resets', async () => {
    await checkPauseStepReset(browser.page);
    await screenshot(browser.page, 'webgl-after-reset');
  });
});
