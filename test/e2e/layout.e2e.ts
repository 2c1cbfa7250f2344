/**
 * The lab uses the screen it gets. At 1440×900 and 1280×720 the status bar is in the first screen, the
 * learning curve starts in it, and the charts stand two to a row. In projector mode at 1920×1080 the status,
 * the run buttons and all seven charts fit one screen (two rows, the learning curve two cells wide), with the settings in a drawer; a chart can be enlarged to
 * fill the screen and back, by mouse and keyboard. On a phone and a tablet (touch) nothing overflows sideways,
 * the learning curve starts in the first screen and a tap shows a read-out. With reduced motion asked for,
 * the charts redraw at a calm pace.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CALM_MS } from '../../src/ui/motion';
import { launch, type Browser } from './chromium';
import { CHART_IDS, openLab, samplesSeen, screenshot, waitFor } from './lab-page';

async function boxOf(page: Page, selector: string) {
  const b = await page.locator(selector).first().boundingBox();
  if (!b) throw new Error(`${selector} has no box (hidden?)`);
  return b;
}
const byId = (id: string) => `[data-testid="${id}"]`;
const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe('layout on a desktop', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch({ webgpu: false });
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const [width, height] of [
    [1440, 900],
    [1280, 720],
  ] as const) {
    it(`at ${width}×${height}: status and learning curve in the first screen, charts two to a row`, async () => {
      const { page } = browser;
      await page.setViewportSize({ width, height });
      await openLab(page, `${inject('baseUrl')}?backend=wasm`);
      const status = await boxOf(page, '.status-bar');
      expect(status.y + status.height).toBeLessThan(height);
      const loss = await boxOf(page, byId('chart-loss'));
      const position = await boxOf(page, byId('chart-position'));
      // The learning curve's plot starts in the first screen: its top half is visible.
      expect(loss.y + loss.height / 2).toBeLessThan(height);
      expect(position.y).toBeCloseTo(loss.y, 0);
      expect(position.x).toBeGreaterThan(loss.x + loss.width - 1);
      expect(await scrollWidth(page)).toBeLessThanOrEqual(width);
      // The settings stand beside the charts and can be hidden, which gives the charts the width.
      expect(await page.getByTestId('settings').isVisible()).toBe(true);
      const charts = await boxOf(page, '.charts');
      await page.getByTestId('settings-toggle').click();
      expect(await page.getByTestId('settings').isVisible()).toBe(false);
      expect((await boxOf(page, '.charts')).width).toBeGreaterThan(charts.width + 300);
      await page.getByTestId('settings-toggle').click();
      expect(await page.getByTestId('settings').isVisible()).toBe(true);
    });
  }

  it('projector mode at 1920×1080: status, run buttons and every chart in one screen', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1920, height: 1080 });
    await openLab(page, `${inject('baseUrl')}?backend=wasm&present=1`);
    await waitFor(
      'samples',
      () => samplesSeen(page),
      (n) => n > 2000,
      60_000,
    );
    const inside = async (selector: string) => {
      const b = await boxOf(page, selector);
      expect(b.x, selector).toBeGreaterThanOrEqual(0);
      expect(b.y, selector).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width, selector).toBeLessThanOrEqual(1920);
      expect(b.y + b.height, selector).toBeLessThanOrEqual(1080);
      return b;
    };
    await inside('.status-bar');
    for (const id of ['play', 'pause', 'step', 'reset']) await inside(byId(id));
    for (const id of CHART_IDS) {
      const b = await inside(byId(id));
      // Readable from the back: no chart narrower than 440 px (four to a row, less the gaps) or under 350 px tall.
      expect(b.width, id).toBeGreaterThan(440);
      expect(b.height, id).toBeGreaterThan(350);
      // The chart fills its cell and is not cut: the plot ends inside the panel.
      const plot = await boxOf(page, `${byId(id)} .rl-chart-plot`);
      expect(plot.y + plot.height, id).toBeLessThanOrEqual(b.y + b.height + 1);
    }
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(1080);
    await screenshot(page, 'projector-dashboard');

    // The settings are a drawer: closed, opened by the button (focus moves in), closed by Esc (focus back).
    const settings = page.getByTestId('settings');
    expect(await settings.isVisible()).toBe(false);
    await page.getByTestId('settings-toggle').click();
    expect(await settings.isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('settings');
    expect(await page.locator('#field-lr').isVisible()).toBe(true);
    await screenshot(page, 'projector-settings-drawer');
    await page.keyboard.press('Escape');
    expect(await settings.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('settings-toggle');
    await page.keyboard.press('o');
    expect(await settings.isVisible()).toBe(true);
    // A change that needs a restart stays in view on the Settings button once the drawer closes.
    await page.locator('#field-m').fill('128');
    await page.locator('.drawer-backdrop').click({ position: { x: 1800, y: 500 } });
    expect(await settings.isVisible()).toBe(false);
    expect(await page.getByTestId('settings-waiting').textContent()).toMatch(/1 change to apply/);
  });

  it('enlarges a chart to fill the screen and back, by button and by keyboard', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1440, height: 900 });
    await openLab(page, `${inject('baseUrl')}?backend=wasm`);
    const panel = byId('chart-influence');
    const before = await boxOf(page, panel);
    await page.getByTestId('chart-influence-enlarge').click();
    const big = await boxOf(page, panel);
    expect(big.width).toBeGreaterThanOrEqual(1439);
    expect(big.height).toBeGreaterThanOrEqual(899);
    // The plot uses the height too, not only the width (redrawn once the resize is observed).
    await expect
      .poll(async () => (await boxOf(page, `${panel} .rl-chart-plot`)).height, { timeout: 5000 })
      .toBeGreaterThan(600);
    expect(await page.getByTestId('chart-influence-enlarge').getAttribute('aria-pressed')).toBe('true');
    await screenshot(page, 'chart-enlarged');
    await page.keyboard.press('Escape');
    const back = await boxOf(page, panel);
    expect(back.width).toBeCloseTo(before.width, 0);
    // f enlarges the chart that holds the focus; f again (or Esc) goes back.
    await page.getByTestId('chart-position-enlarge').focus();
    await page.keyboard.press('f');
    expect((await boxOf(page, byId('chart-position'))).width).toBeGreaterThanOrEqual(1439);
    await page.keyboard.press('f');
    expect((await boxOf(page, byId('chart-position'))).width).toBeLessThan(1000);
  });

  it('with reduced motion, a streaming chart redraws at most once a second', async () => {
    const { page } = browser;
    await page.emulateMedia({ reducedMotion: 'reduce' });
    try {
      await page.setViewportSize({ width: 1440, height: 900 });
      await openLab(page, `${inject('baseUrl')}?backend=wasm`);
      await waitFor(
        'samples',
        () => samplesSeen(page),
        (n) => n > 1000,
        60_000,
      );
      const updates = async () => Number(await page.getByTestId('chart-loss').getAttribute('data-updates'));
      const s0 = await samplesSeen(page);
      const u0 = await updates();
      const windowMs = 6 * CALM_MS;
      await page.waitForTimeout(windowMs);
      const redraws = (await updates()) - u0;
      const trained = (await samplesSeen(page)) - s0;
      expect(trained).toBeGreaterThan(0);
      // Still live, but calm: at most one redraw per CALM_MS (plus the one already queued).
      expect(redraws).toBeGreaterThan(0);
      expect(redraws).toBeLessThanOrEqual(windowMs / CALM_MS + 1);
    } finally {
      await page.emulateMedia({ reducedMotion: 'no-preference' });
    }
  });
});

for (const [device, width, height] of [
  ['phone', 390, 844],
  ['tablet', 768, 1024],
] as const) {
  describe(`layout on a ${device} (${width}×${height}, touch)`, () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launch({ webgpu: false, width, height, touch: true });
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('no sideways scrolling, the learning curve first, settings in a drawer, read-outs by tap', async () => {
      const { page } = browser;
      await openLab(page, `${inject('baseUrl')}?backend=wasm`);
      await waitFor(
        'samples',
        () => samplesSeen(page),
        (n) => n > 1500,
        60_000,
      );
      expect(await scrollWidth(page)).toBeLessThanOrEqual(width);
      const loss = await boxOf(page, byId('chart-loss'));
      expect(loss.y).toBeLessThan(height * 0.75);
      expect(loss.x + loss.width).toBeLessThanOrEqual(width);
      await screenshot(page, `${device}-lab`);
      // The settings wait in a drawer that opens over the page and fits the screen's width.
      expect(await page.getByTestId('settings').isVisible()).toBe(false);
      await page.getByTestId('settings-toggle').tap();
      const drawer = await boxOf(page, byId('settings'));
      expect(drawer.width).toBeLessThanOrEqual(width);
      expect(await scrollWidth(page)).toBeLessThanOrEqual(width);
      await screenshot(page, `${device}-settings`);
      await page.getByRole('button', { name: 'Close' }).tap();
      expect(await page.getByTestId('settings').isVisible()).toBe(false);
      // A tap on the learning curve shows its read-out, which stays after the finger lifts.
      const plot = await boxOf(page, `${byId('chart-loss')} .rl-chart-plot`);
      await page.touchscreen.tap(plot.x + plot.width * 0.6, plot.y + plot.height * 0.4);
      await page.waitForTimeout(300);
      expect(await page.locator(`${byId('chart-loss')} .rl-chart-tooltip`).isVisible()).toBe(true);
      // Every chart is as wide as the screen allows and no wider.
      for (const id of CHART_IDS) {
        const b = await boxOf(page, byId(id));
        expect(b.x + b.width, id).toBeLessThanOrEqual(width);
        expect(b.width, id).toBeGreaterThan(width * 0.85);
      }
    });
  });
}
