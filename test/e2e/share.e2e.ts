/**
 * Share links in Chromium: a link sets the config, the seed, hidden controls and presenter mode; bad values are
 * listed in a dismissable message and the rest applies; the address bar follows live changes without new
 * history entries; "Copy link" copies it; the classroom-link dialog builds a link that hides what was ticked;
 * and the same link reproduces the same run (teacher, data and initial weights).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launch, type Browser } from './chromium';
import { samplesSeen, screenshot, status, testError, text, waitFor } from './lab-page';

const SMALL = 'L=5&dIn=4&m=32&batch=8&ntest=128&backend=wasm';

let browser: Browser;

beforeAll(async () => {
  browser = await launch({ webgpu: false });
});

afterAll(async () => {
  await browser?.close();
});

async function waitTraining(page: Page): Promise<void> {
  await waitFor(
    'samples seen to grow',
    () => samplesSeen(page),
    (n) => n > 0,
    60_000,
  );
}

/** Reset (paused at step 0), then `steps` single steps; returns the test error evaluated after the last. */
async function errorAfterSteps(page: Page, steps: number): Promise<number> {
  await page.getByTestId('reset').click();
  await waitFor(
    'step 0 after Reset',
    async () => [await samplesSeen(page), await status(page)] as const,
    ([n, s]) => n === 0 && s === 'paused',
    60_000,
  );
  for (let i = 1; i <= steps; i++) {
    await page.getByTestId('step').click();
    await waitFor(
      `step ${i}`,
      () => samplesSeen(page),
      (n) => n === i * 8,
      30_000,
    );
  }
  // Each step is followed by an evaluation: the newest test error belongs to the last step.
  await page.waitForTimeout(300);
  return testError(page);
}

describe('share links', () => {
  it('applies config, seed, hide flags and presenter mode, and lists bad values', async () => {
    const { page } = browser;
    await page.goto(`${inject('baseUrl')}?v=1&${SMALL}&seed=7&lr=abc&hide=lr,batch,chart-lazy&present=1`);
    await waitTraining(page);
    expect(await page.locator('#field-m').inputValue()).toBe('32');
    expect(await page.locator('#field-seed').inputValue()).toBe('7');
    const message = page.getByTestId('error-message');
    expect(await message.textContent()).toMatch(/lr: "abc" is not a number/);
    // In presenter mode the settings wait in a drawer; open it to see which fields the link hid.
    expect(await page.getByTestId('settings').isVisible()).toBe(false);
    await page.getByTestId('settings-toggle').click();
    // Hidden controls are gone from the page and from the tab order; the others stay.
    expect(await page.locator('#field-lr').isVisible()).toBe(false);
    expect(await page.locator('#field-batch').isVisible()).toBe(false);
    expect(await page.getByTestId('chart-lazy').isVisible()).toBe(false);
    expect(await page.locator('#field-m').isVisible()).toBe(true);
    expect(await page.getByTestId('chart-loss').isVisible()).toBe(true);
    expect(await page.locator('.app--presenter').count()).toBe(1);
    await screenshot(page, 'share-classroom-link');
    await page.keyboard.press('Escape');
    await message.getByRole('button', { name: 'Dismiss' }).click();
    expect(await message.count()).toBe(0);
    // The address bar holds the whole run and keeps the page options.
    const query = new URL(page.url()).searchParams;
    // A version-1 link (before R) is read as R = 1 and rewritten in the current version.
    expect(query.get('v')).toBe('2');
    expect(query.get('R')).toBe('1');
    expect(query.get('seed')).toBe('7');
    expect(query.get('lr')).toBe('1');
    expect(query.get('hide')).toBe('lr,batch,chart-lazy');
    expect(query.get('present')).toBe('1');
  });

  it('follows a live change in the address bar without adding history, and copies the link', async () => {
    const { page, context } = browser;
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(inject('baseUrl')).origin,
    });
    await page.goto(`${inject('baseUrl')}?${SMALL}`);
    await waitTraining(page);
    const entries = await page.evaluate(() => history.length);
    await page.locator('#field-eps').fill('0.2');
    await waitFor(
      'eps in the address bar',
      async () => new URL(page.url()).searchParams.get('eps'),
      (v) => v === '0.2',
      10_000,
    );
    expect(await page.evaluate(() => history.length)).toBe(entries);
    await page.getByTestId('copy-link').click();
    await waitFor(
      'the copy notice',
      () => page.locator('.notice').count(),
      (n) => n > 0,
      5_000,
    );
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url());
  });

  it('builds a classroom link that hides the ticked controls', async () => {
    const { page } = browser;
    await page.goto(`${inject('baseUrl')}?${SMALL}&seed=3`);
    await waitTraining(page);
    await page.getByTestId('open-share').click();
    const dialog = page.getByTestId('share-dialog');
    for (const key of ['settings', 'chart-hidden', 'share', 'compare'])
      await dialog.locator(`[data-hide="${key}"]`).check();
    await dialog.getByLabel('Open in presenter mode').check();
    const link = await page.getByTestId('classroom-link').inputValue();
    expect(new URL(link).searchParams.get('hide')).toBe('settings,compare,share,chart-hidden');
    expect(new URL(link).searchParams.get('present')).toBe('1');
    await screenshot(page, 'share-link-builder');
    await page.goto(link);
    await waitTraining(page);
    expect(await page.locator('.sidebar').isVisible()).toBe(false);
    // With the settings hidden by the link, the button that would open them is gone too.
    expect(await page.getByTestId('settings-toggle').isVisible()).toBe(false);
    expect(await page.getByTestId('chart-hidden').isVisible()).toBe(false);
    expect(await page.getByTestId('copy-link').count()).toBe(0);
    expect(await page.getByTestId('open-compare').count()).toBe(0);
    // A hidden panel stays closed from the keyboard too.
    await page.locator('h1').click();
    await page.keyboard.press('c');
    await page.waitForTimeout(200);
    expect(await page.getByTestId('compare-panel').count()).toBe(0);
    expect(await page.getByTestId('play').isVisible()).toBe(true);
    expect(await page.locator('.app--presenter').count()).toBe(1);
    expect(await text(page, 'backend')).toBe('wasm');
    expect(new URL(page.url()).searchParams.get('seed')).toBe('3');
    await screenshot(page, 'share-classroom-view');
  });

  it('reproduces a run from its link: same seed, same errors step by step', async () => {
    const { page, context } = browser;
    const link = `${inject('baseUrl')}?${SMALL}&seed=11`;
    await page.goto(link);
    await waitTraining(page);
    const first = await errorAfterSteps(page, 3);
    const other = await context.newPage();
    try {
      await other.goto(link);
      await waitTraining(other);
      expect(await errorAfterSteps(other, 3)).toBe(first);
      await other.goto(`${inject('baseUrl')}?${SMALL}&seed=12`);
      await waitTraining(other);
      expect(await errorAfterSteps(other, 3)).not.toBe(first);
    } finally {
      await other.close();
    }
    expect(Number.isFinite(first)).toBe(true);
  });
});
