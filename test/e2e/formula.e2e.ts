/**
 * The formula teacher in Chromium: a link with `concept=formula&formula=…` trains on wasm and every chart
 * draws, with the Content-Security-Policy intact (mathjs parses and evaluates without eval or new Function);
 * a bad formula in a link is refused with the parser's message and the app still opens; a bad formula typed
 * in the settings is marked at the field and cannot be applied, a good one applies and restarts the run.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/model/config';
import { SCREENSHOTS, openLab, samplesSeen, screenshot, waitFor, waitForChartsDrawn } from './lab-page';
import { cspViolations, launchWatched, type WatchedBrowser } from './robust-helpers';

const FORMULA = 'relu(dot(u, x[j-1])) - relu(dot(u, x[j-3]))';
const SMALL = 'L=6&dIn=2&m=32&batch=8&ntest=128&backend=wasm';

let browser: WatchedBrowser;

beforeAll(async () => {
  browser = await launchWatched({ webgpu: false });
});

afterAll(async () => {
  await browser?.close();
});

/** A screenshot of what is in view (the settings drawer scrolls on its own, so a full-page one misses it). */
async function viewShot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

const link = (formula: string) =>
  `${inject('baseUrl')}?concept=formula&formula=${encodeURIComponent(formula)}&${SMALL}`;

describe('formula teacher', () => {
  it('trains from a link, draws every chart and keeps the CSP', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(await openLab(page, link(FORMULA))).toBe('wasm');
    await waitForChartsDrawn(page, 120_000);
    await waitFor('samples to pass 2000', () => samplesSeen(page), (n) => n > 2000, 120_000);
    // The linear baseline of a difference of two ReLUs is measured on the run's own test set: a number in (0, 1).
    const linear = Number(await page.getByTestId('baseline-linear-value').getAttribute('data-value'));
    expect(linear).toBeGreaterThan(0);
    expect(linear).toBeLessThan(1);
    expect(await page.getByTestId('error-message').count()).toBe(0);
    // At 1440 px the settings are a column beside the charts, open from the start.
    expect(await page.getByTestId('settings-toggle').getAttribute('aria-expanded')).toBe('true');
    await page.getByTestId('settings').waitFor({ state: 'visible', timeout: 5_000 });
    const field = page.locator('#field-formula');
    expect(await field.isVisible()).toBe(true);
    expect(await field.inputValue()).toBe(FORMULA);
    // p, K, Φ, R and normalize are shown but not read: disabled, with the reason as their hint.
    expect(await page.locator('#field-p').isDisabled()).toBe(true);
    expect(await page.locator('#field-p-help').textContent()).toMatch(
      /not read by the formula teacher/,
    );
    await field.scrollIntoViewIfNeeded();
    await viewShot(page, 'formula-settings');
    await screenshot(page, 'formula-dashboard');
    expect(await cspViolations(page, browser.errors)).toEqual([]);
    expect(browser.dialogs).toEqual([]);
  });

  it('refuses a formula in a link that reads the current token, and opens on the defaults', async () => {
    const { page } = browser;
    await openLab(page, link('x[j] + 1'));
    const error = page.getByTestId('error-message');
    await error.waitFor({ timeout: 30_000 });
    expect(await error.textContent()).toMatch(/formula: .*x\[j\]/);
    // The rest of the link still applies; the bad formula falls back to the default one.
    await page.getByTestId('settings-toggle').click();
    expect(await page.locator('#field-formula').inputValue()).toBe(DEFAULT_CONFIG.formula);
    expect(await page.locator('#field-L').inputValue()).toBe('6');
    await page.keyboard.press('Escape');
    expect(await cspViolations(page, browser.errors)).toEqual([]);
  });

  it('marks a bad formula typed in the settings and applies a good one', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 390, height: 844 });
    await openLab(page, link(FORMULA));
    await waitFor('samples to pass 500', () => samplesSeen(page), (n) => n > 500, 120_000);
    await page.getByTestId('settings-toggle').click();
    const field = page.locator('#field-formula');
    await field.fill('dot(u, x[j-1]) * ');
    const fieldError = page.locator('#field-formula-error');
    await fieldError.waitFor({ timeout: 5_000 });
    expect(await fieldError.textContent()).toMatch(/formula/);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    const apply = page.getByRole('button', { name: 'Apply and restart' });
    expect(await apply.isDisabled()).toBe(true);
    await field.scrollIntoViewIfNeeded();
    await viewShot(page, 'formula-phone-invalid');

    await field.fill('sin(3*dot(u, x[j-1])) * dot(v, x[j-2])');
    await waitFor('the error to go', () => fieldError.count(), (n) => n === 0, 5_000);
    await apply.click();
    await page.keyboard.press('Escape');
    const next = 'sin(3*dot(u, x[j-1])) * dot(v, x[j-2])';
    // The applied formula is the link's: the address bar carries it.
    await waitFor(
      'the address bar to carry the new formula',
      async () => new URL(page.url()).searchParams.get('formula'),
      (f) => f === next,
      30_000,
    );
    await waitFor('samples after the restart', () => samplesSeen(page), (n) => n > 0, 120_000);
    expect(await cspViolations(page, browser.errors)).toEqual([]);
    await page.setViewportSize({ width: 1440, height: 900 });
  });
});
