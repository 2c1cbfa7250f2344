/**
 * axe-core on the live lab, the Experiments view, a lesson, the projector dashboard (with its settings drawer
 * open, with a chart enlarged), and with each dialog of the lab open: no
 * violation of any impact. axe runs inside the page (injected through the test driver, so the page's CSP,
 * which allows no inline script, stays as it is).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, type Browser } from './chromium';
import { CHART_IDS, openLab, waitFor } from './lab-page';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let browser: Browser;

beforeAll(async () => {
  browser = await launch({ webgpu: false });
});

afterAll(async () => {
  await browser?.close();
});

/** Every violation as "rule (impact): first targets". */
async function violations(): Promise<string[]> {
  const { page } = browser;
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: () => Promise<{ violations: AxeViolation[] }> } }).axe;
    interface AxeViolation {
      id: string;
      impact: string;
      nodes: { target: string[] }[];
    }
    const r = await axe.run();
    return r.violations.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(' | ')}`,
    );
  });
}

describe('accessibility (axe-core)', () => {
  it('finds nothing on the live lab, the Experiments view and a lesson', async () => {
    const { page } = browser;
    await openLab(page, `${inject('baseUrl')}?backend=wasm`);
    expect(await violations()).toEqual([]);
    // Every live chart has a text alternative a screen reader reaches, read afresh every 10 s.
    for (const id of CHART_IDS) {
      const alt = page.getByTestId(`${id}-alt`);
      await alt.waitFor({ state: 'attached', timeout: 10_000 });
      expect(await page.getByTestId(id).getAttribute('aria-describedby')).toBe(`${id}-alt`);
    }
    await waitFor(
      'the learning curve in words',
      () => page.getByTestId('chart-loss-alt').textContent(),
      (t) => /Test error [0-9.]+ after [0-9,]+ samples/.test(t ?? ''),
      30_000,
    );
    await page.goto(`${inject('baseUrl')}?view=experiments`);
    await page.getByTestId('chart-sweep').waitFor({ timeout: 30_000 });
    expect(await violations()).toEqual([]);
    await openLab(page, `${inject('baseUrl')}?lesson=width&backend=wasm`);
    await page.getByTestId('lesson-checked').locator('summary').click();
    expect(await violations()).toEqual([]);
  });

  it('finds nothing on the projector dashboard, with its settings drawer open and with a chart enlarged', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1920, height: 1080 });
    try {
      await openLab(page, `${inject('baseUrl')}?present=1&backend=wasm`);
      expect(await violations()).toEqual([]);
      await page.getByTestId('settings-toggle').click();
      await page.getByTestId('settings').waitFor();
      expect(await violations()).toEqual([]);
      await page.keyboard.press('Escape');
      await page.getByTestId('chart-lazy-enlarge').click();
      expect(await violations()).toEqual([]);
      await page.keyboard.press('Escape');
    } finally {
      await page.setViewportSize({ width: 1600, height: 1000 });
    }
  });

  it('finds nothing with each dialog (and the compare panel) open', async () => {
    const { page } = browser;
    await openLab(page, `${inject('baseUrl')}?backend=wasm`);
    const openers = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('[data-testid^="open-"]')].map(
        (e) => e.dataset.testid ?? '',
      ),
    );
    expect(openers.length).toBeGreaterThanOrEqual(5);
    for (const id of openers) {
      await openLab(page, `${inject('baseUrl')}?backend=wasm`);
      await page.getByTestId(id).click();
      // Compare opens a panel above the charts; the others open a modal dialog.
      const opened = id === 'open-compare' ? page.getByTestId('compare-panel') : page.locator('dialog[open]');
      await opened.first().waitFor({ timeout: 10_000 });
      expect(await violations(), id).toEqual([]);
    }
  });
});
