/**
 * Keyboard use in Chromium: `?` shows the shortcuts and Escape closes them, Space plays and pauses, `s` steps
 * exactly one batch, `r` resets to step 0, `p` toggles presenter mode, `c` opens the comparison; Tab reaches
 * every button of the run bar and the tool bar, and every focused control shows a visible outline.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, type Browser } from './chromium';
import { samplesSeen, screenshot, status, waitFor } from './lab-page';

const SMALL = 'L=5&dIn=4&m=32&batch=8&ntest=128&backend=wasm';

let browser: Browser;

beforeAll(async () => {
  browser = await launch({ webgpu: false });
});

afterAll(async () => {
  await browser?.close();
});

describe('keyboard', () => {
  it('runs the lab from the keyboard', async () => {
    const { page } = browser;
    await page.goto(`${inject('baseUrl')}?${SMALL}`);
    await waitFor(
      'training',
      () => samplesSeen(page),
      (n) => n > 0,
      60_000,
    );
    // Key presses go to the page body, as after a click on empty space.
    await page.locator('h1').click();

    await page.keyboard.press('?');
    const help = page.getByTestId('shortcuts');
    await waitFor(
      'the shortcuts overlay',
      () => help.isVisible(),
      (v) => v,
      5_000,
    );
    expect(await help.textContent()).toMatch(/SpacePlay \/ pause.*s or \.One SGD step.*rReset/);
    await screenshot(page, 'keyboard-shortcuts');
    // Keys other than ? do nothing while a dialog is open.
    const before = await status(page);
    await page.keyboard.press('r');
    expect(await status(page)).toBe(before);
    await page.keyboard.press('Escape');
    await waitFor(
      'the overlay to close',
      () => help.isVisible(),
      (v) => !v,
      5_000,
    );

    await page.keyboard.press(' ');
    await waitFor(
      'paused by Space',
      () => status(page),
      (s) => s === 'paused',
      30_000,
    );
    await page.waitForTimeout(600);
    const paused = await samplesSeen(page);
    await page.keyboard.press('s');
    await waitFor(
      'one step from s',
      () => samplesSeen(page),
      (n) => n !== paused,
      30_000,
    );
    expect(await samplesSeen(page)).toBe(paused + 8);

    await page.keyboard.press('r');
    await waitFor(
      'step 0 after r',
      () => samplesSeen(page),
      (n) => n === 0,
      30_000,
    );
    await page.keyboard.press(' ');
    await waitFor(
      'training again after Space',
      () => samplesSeen(page),
      (n) => n > 0,
      30_000,
    );

    await page.keyboard.press('p');
    expect(await page.locator('.app--presenter').count()).toBe(1);
    await page.keyboard.press('p');
    expect(await page.locator('.app--presenter').count()).toBe(0);
    await page.keyboard.press('c');
    expect(await page.getByTestId('compare-panel').isVisible()).toBe(true);
    await page.keyboard.press('c');
    expect(await page.getByTestId('compare-panel').count()).toBe(0);
  });

  it('reaches every run and tool button with Tab, each with a visible focus outline', async () => {
    const { page } = browser;
    await page.goto(`${inject('baseUrl')}?${SMALL}`);
    await waitFor(
      'training',
      () => samplesSeen(page),
      (n) => n > 0,
      60_000,
    );
    await page.getByTestId('pause').click();
    await page.locator('h1').click();
    const reached = new Set<string>();
    const unoutlined: string[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const focus = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const style = getComputedStyle(el);
        return {
          name: el.dataset.testid ?? el.textContent?.trim() ?? el.tagName,
          outlined: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
        };
      });
      if (!focus) continue;
      reached.add(focus.name);
      if (!focus.outlined) unoutlined.push(focus.name);
    }
    for (const id of ['open-lessons', 'open-theory', 'open-compare', 'open-files', 'copy-link', 'open-share'])
      expect(reached, id).toContain(id);
    for (const id of ['play', 'step', 'reset']) expect(reached, id).toContain(id);
    expect(unoutlined).toEqual([]);
    await screenshot(page, 'keyboard-focus');
  });
});
