/**
 * Gradients through time in Chromium on wasm: the chart streams while the run trains — the profile now moves,
 * the one at W₀ stays put, and the first-over-last ratio gains a point per heavy round — and it reads on a
 * desktop and a phone (screenshots).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, type Browser } from './chromium';
import { SCREENSHOTS, openLab, samplesSeen, waitFor, waitForChartsDrawn } from './lab-page';

let browser: Browser;

beforeAll(async () => {
  browser = await launch({ webgpu: false });
});

afterAll(async () => {
  await browser?.close();
});

interface GradientView {
  subtitle: string;
  now: string;
  init: string;
  ratioPoints: number;
  markers: number;
}

async function gradientView(page: Page): Promise<GradientView> {
  return page.evaluate(() => {
    const panel = document.querySelector('[data-testid="chart-gradients"]');
    const d = (sel: string) => panel?.querySelector(sel)?.getAttribute('d') ?? '';
    return {
      subtitle: panel?.querySelector('.rl-chart-subtitle')?.textContent ?? '',
      now: d('.profile-panel path.now-line'),
      init: d('.profile-panel path.init-line'),
      ratioPoints: (d('.ratio-panel path.ratio-line').match(/[ML]/g) ?? []).length,
      markers: panel?.querySelectorAll('.profile-panel circle').length ?? 0,
    };
  });
}

async function panelShot(page: Page, name: string): Promise<void> {
  const panel = page.getByTestId('chart-gradients');
  await panel.scrollIntoViewIfNeeded();
  await panel.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

describe('gradients through time', () => {
  it('streams while training: the profile now moves, the one at W₀ stays, the ratio history grows', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(await openLab(page, `${inject('baseUrl')}?L=8&m=128&batch=16&ntest=256&backend=wasm`)).toBe(
      'wasm',
    );
    await waitForChartsDrawn(page, 120_000);
    const first = await waitFor(
      'two ratio readings',
      () => gradientView(page),
      (v) => v.ratioPoints >= 2,
      120_000,
    );
    expect(first.markers).toBe(8);
    expect(first.subtitle).toMatch(
      /^L = 8, mean over \d+ probe sequences · .* samples · ‖δ₁‖\/‖δ_L‖ [\d.]+ now · [\d.]+ at the start$/,
    );
    await waitFor(
      'samples to pass 3000',
      () => samplesSeen(page),
      (n) => n > 3000,
      120_000,
    );
    const later = await waitFor(
      'more ratio readings',
      () => gradientView(page),
      (v) => v.ratioPoints > first.ratioPoints,
      120_000,
    );
    // The axis may rescale as the profile moves, so W₀'s line is compared through its ratio in the subtitle.
    expect(later.init).not.toBe('');
    expect(later.now).not.toBe(first.now);
    const start = (v: GradientView) => /([\d.]+) at the start/.exec(v.subtitle)?.[1];
    expect(start(later)).toBe(start(first));
    await panelShot(page, 'gradients-desktop');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(500);
    await panelShot(page, 'gradients-phone');
  });
});
