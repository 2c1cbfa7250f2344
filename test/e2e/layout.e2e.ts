/**
 * The lab uses the width: at 1440×900 and 1280×720 the status bar is in the first screen, the learning
 * curve starts in it, and the charts stand two to a row (the learning curve beside the position chart).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, type Browser } from './chromium';
import { openLab } from './lab-page';

let browser: Browser;

beforeAll(async () => {
  browser = await launch({ webgpu: false });
});

afterAll(async () => {
  await browser?.close();
});

describe('layout', () => {
  for (const [width, height] of [
    [1440, 900],
    [1280, 720],
  ] as const) {
    it(`at ${width}×${height}: status and learning curve in the first screen, charts two to a row`, async () => {
      const { page } = browser;
      await page.setViewportSize({ width, height });
      await openLab(page, `${inject('baseUrl')}?backend=wasm`);
      const boxOf = async (locator: ReturnType<typeof page.locator>, what: string) => {
        const b = await locator.boundingBox();
        if (!b) throw new Error(`${what} has no box`);
        return b;
      };
      const box = (id: string) => boxOf(page.getByTestId(id), id);
      const status = await boxOf(page.locator('.status-bar'), 'the status bar');
      expect(status.y + status.height).toBeLessThan(height);
      const loss = await box('chart-loss');
      const position = await box('chart-position');
      // The learning curve's plot starts in the first screen: its top half is visible.
      expect(loss.y + loss.height / 2).toBeLessThan(height);
      expect(position.y).toBeCloseTo(loss.y, 0);
      expect(position.x).toBeGreaterThan(loss.x + loss.width - 1);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    });
  }
});
