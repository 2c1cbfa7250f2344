/**
 * Lessons in Chromium: every lesson link opens its card and its first run with exactly the lesson's settings,
 * and every run of every lesson (so every preset) trains — or, for the too-large learning rate, diverges with
 * a message. The Lessons dialog starts a lesson; the Theory panel renders its formulas with KaTeX and fills in
 * what the current run shows.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Config } from '../../src/model/config';
import { FIELDS, fieldApplies } from '../../src/model/fields';
import { LESSONS, variantConfig } from '../../src/model/lessons/lessons';
import { launch, type Browser } from './chromium';
import { samplesSeen, screenshot, status, testError, waitFor } from './lab-page';

let browser: Browser;

beforeAll(async () => {
  browser = await launch({ webgpu: false });
});

afterAll(async () => {
  await browser?.close();
});

/**
 * The fields of the address bar that differ from `config` (backend aside: the test picks wasm). A field the
 * config does not read (the formula of a non-formula concept) must be absent from the link.
 */
function mismatches(page: Page, config: Config): string[] {
  const query = new URL(page.url()).searchParams;
  const want = (f: (typeof FIELDS)[number]): string | null =>
    fieldApplies(f, config) ? String(config[f.key]) : null;
  return FIELDS.filter((f) => f.key !== 'backend' && query.get(f.key) !== want(f)).map(
    (f) => `${f.key}=${query.get(f.key)} (want ${want(f)})`,
  );
}

/** Waits for the run to learn (finite test error after some samples) or, when `diverges`, for the message. */
async function waitTrainsOrDiverges(page: Page, diverges: boolean, what: string): Promise<void> {
  if (diverges) {
    await waitFor(
      `${what}: the divergence message`,
      async () => (await page.locator('.messages').textContent()) ?? '',
      (t) => /diverged/i.test(t),
      60_000,
    );
    return;
  }
  await waitFor(
    `${what}: training`,
    async () => [await samplesSeen(page), await testError(page)] as const,
    ([n, e]) => n > 0 && Number.isFinite(e),
    90_000,
  );
}

describe('lesson links', () => {
  for (const lesson of LESSONS) {
    it(`${lesson.id}: opens its card and every run trains`, async () => {
      const { page } = browser;
      const diverges = lesson.id === 'too-large-lr';
      await page.goto(`${inject('baseUrl')}?lesson=${lesson.id}&backend=wasm`);
      const card = page.getByTestId('lesson-card');
      await waitFor(
        'the lesson card',
        () => card.isVisible(),
        (v) => v,
        30_000,
      );
      expect(await card.locator('h2').textContent()).toContain(lesson.title);
      // Measured figures are filled in, and the checked claims are listed with their outcome.
      const text = (await card.textContent()) ?? '';
      expect(text).not.toMatch(/\{[A-Za-z]/);
      const checked = card.getByTestId('lesson-checked');
      await checked.locator('summary').click();
      expect(await checked.locator('li').count()).toBe(lesson.claims.length);
      expect(await checked.locator('li[data-holds="true"]').count()).toBe(lesson.claims.length);
      expect(await checked.textContent()).toContain('wasm backend');
      for (const [i, variant] of lesson.variants.entries()) {
        const what = `${lesson.id} / ${variant.label}`;
        if (i > 0) {
          // Pause first: any change of samples seen after the click then belongs to the new run.
          if ((await status(page)) === 'training') await page.getByTestId('pause').click();
          await waitFor(
            `${what}: paused`,
            () => status(page),
            (s) => s !== 'training',
            30_000,
          );
          const before = await samplesSeen(page);
          await card.getByRole('button', { name: variant.label }).click();
          await waitFor(
            `${what}: a new run`,
            () => samplesSeen(page),
            (n) => n !== before,
            60_000,
          );
        }
        await waitTrainsOrDiverges(page, diverges, what);
        expect(mismatches(page, variantConfig(variant)), what).toEqual([]);
        expect(new URL(page.url()).searchParams.get('lesson')).toBe(lesson.id);
        expect(await card.getByRole('button', { name: variant.label }).getAttribute('aria-pressed')).toBe(
          'true',
        );
      }
      if (lesson.id === 'width') await screenshot(page, 'lessons-width');
    });
  }

  it('starts a lesson from the Lessons dialog and explains the theory with rendered formulas', async () => {
    const { page } = browser;
    await page.goto(`${inject('baseUrl')}?L=5&dIn=4&m=32&batch=8&ntest=128&backend=wasm`);
    await page.getByTestId('open-lessons').click();
    const dialog = page.getByTestId('lessons-dialog');
    expect(await dialog.locator('[data-lesson]').count()).toBe(LESSONS.length);
    await screenshot(page, 'lessons-dialog');
    await dialog.locator('[data-lesson="last-token"]').click();
    await waitTrainsOrDiverges(page, false, 'last-token from the dialog');
    expect(await page.getByTestId('lesson-card').locator('h2').textContent()).toContain(
      'Remember the last token',
    );
    expect(new URL(page.url()).searchParams.get('act')).toBe('identity');
    // Wait for an evaluation after a few steps, so every reading has data.
    await page.waitForTimeout(3000);

    await page.getByTestId('open-theory').click();
    const theory = page.getByTestId('theory-dialog');
    await waitFor(
      'KaTeX formulas',
      () => theory.locator('.katex').count(),
      (n) => n >= 10,
      20_000,
    );
    // KaTeX wrote real markup (MathML for screen readers), not the TeX source.
    expect(await theory.locator('math').count()).toBeGreaterThanOrEqual(10);
    expect(await theory.locator('.katex-error').count()).toBe(0);
    const loss = await theory.getByTestId('see-chart-loss').textContent();
    expect(loss).toMatch(/You see: Test error [0-9.]+ after [0-9,]+ samples/);
    const influence = await theory.getByTestId('see-chart-influence').textContent();
    expect(influence).toMatch(/correlation -?[0-9.]+/);
    await screenshot(page, 'lessons-theory');
  });
});
