/**
 * Step through a sequence in Chromium on wasm: the dialog pauses a playing run, traces a probe sequence on the
 * current weights and walks it one position at a time by mouse (buttons, the sequence strip), keyboard (← → Home
 * End, Space) and the play button; the run plays on when the dialog closes. Screenshots on a desktop and a
 * phone.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, type Browser } from './chromium';
import { SCREENSHOTS, openLab, pauseSettled, samplesSeen, status, waitFor } from './lab-page';

let browser: Browser;

beforeAll(async () => {
  browser = await launch({ webgpu: false });
});

afterAll(async () => {
  await browser?.close();
});

const L = 10;
const URL_QUERY = `?L=${L}&m=32&batch=8&ntest=128&seed=3&backend=wasm`;

interface StepView {
  position: string;
  current: string | null;
  tokenBars: number;
  outputStudent: number;
  outputTeacher: number;
  influenceBars: number;
  notes: string[];
}

async function view(page: Page): Promise<StepView> {
  return page.evaluate(() => {
    const chart = document.querySelector('[data-testid="step-through-chart"]');
    const n = (sel: string) => chart?.querySelectorAll(sel).length ?? 0;
    return {
      position: document.querySelector('[data-testid="step-position"]')?.textContent ?? '',
      current: chart?.querySelector('[data-testid="step-current"]')?.getAttribute('data-l') ?? null,
      tokenBars: n('[data-panel="token"] rect.bar-token'),
      outputStudent: n('[data-panel="output"] rect.bar-student'),
      outputTeacher: n('[data-panel="output"] rect.bar-teacher'),
      influenceBars: n('[data-panel="influence"] rect.bar-student'),
      notes: Array.from(chart?.querySelectorAll('.panel-note') ?? [], (e) => e.textContent ?? ''),
    };
  });
}

/** Waits until the chart shows position `l`. */
async function at(page: Page, l: number): Promise<StepView> {
  return waitFor(
    `the step chart at l = ${l}`,
    () => view(page),
    (v) => v.current === String(l) && v.position.startsWith(`l = ${l} of ${L}`),
    5_000,
  );
}

describe('step through a sequence', () => {
  it('pauses the run, walks the sequence by mouse and keyboard, and plays on when closed', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1280, height: 900 });
    await openLab(page, `${inject('baseUrl')}${URL_QUERY}`);
    // The lab plays on load.
    await waitFor(
      'training',
      () => samplesSeen(page),
      (s) => s >= 400,
      60_000,
    );
    expect(await status(page)).toBe('training');

    await page.getByTestId('open-step-through').click();
    const dialog = page.getByTestId('step-through');
    await dialog.waitFor({ timeout: 10_000 });
    await waitFor(
      'the run to pause',
      () => status(page),
      (s) => s === 'paused',
      10_000,
    );
    const first = await at(page, 1);
    // l = 1: the start token arrives, no earlier input, and l = 1 is no target (J = {3..L}).
    expect(first.tokenBars).toBe(0);
    expect(first.notes).toContain('l = 1: the start token arrives (no input)');
    expect(first.notes).toContain('no earlier input token yet');
    expect(first.outputTeacher).toBe(0);
    // Metrics already in flight arrive within a report interval; then the count holds still.
    await page.waitForTimeout(800);
    const paused = await samplesSeen(page);
    const meta = (await page.getByTestId('step-meta').textContent()) ?? '';
    const m = /^Probe 1 · weights of step [\d,]+ \(([\d,]+) samples\)/.exec(meta);
    expect(m).not.toBeNull();
    // The trace is of the weights the run paused at.
    expect(Number(m![1]!.replace(/,/g, ''))).toBe(paused);

    // Mouse: next, next.
    await page.getByTestId('step-next').click();
    await page.getByTestId('step-next').click();
    const third = await at(page, 3);
    expect(third.position).toBe(`l = 3 of ${L} · target position`);
    expect(third.tokenBars).toBeGreaterThan(0);
    expect(third.outputStudent).toBe(third.outputTeacher);
    expect(third.outputTeacher).toBeGreaterThan(0);
    expect(third.influenceBars).toBe(1);
    await page.getByTestId('step-prev').click();
    expect((await at(page, 2)).outputTeacher).toBe(0);

    // Keyboard: the focus is on a button inside the dialog.
    await page.keyboard.press('ArrowRight');
    await at(page, 3);
    await page.keyboard.press('End');
    const last = await at(page, L);
    expect(last.influenceBars).toBe(L - 2);
    await page.keyboard.press('Home');
    await at(page, 1);
    await page.getByTestId('step-slider').focus();
    await page.keyboard.press('ArrowRight');
    await at(page, 2);

    // The sequence strip: a click goes to that position.
    await page.locator('[data-testid="step-strip"] [data-l="6"]').click();
    await at(page, 6);
    // The whole dialog fits the window on a desktop: nothing to scroll.
    const fits = await page.evaluate(() => {
      const d = document.querySelector('[data-testid="step-through"]') as HTMLElement;
      return { scroll: d.scrollHeight, client: d.clientHeight, bottom: d.getBoundingClientRect().bottom };
    });
    expect(fits.scroll).toBeLessThanOrEqual(fits.client + 1);
    expect(fits.bottom).toBeLessThanOrEqual(900);
    await page.getByTestId('step-through').screenshot({ path: `${SCREENSHOTS}/step-through.png` });

    // Play at 8 positions a second runs to the end and stops there.
    await page.getByTestId('step-speed').selectOption({ value: '8' });
    await page.getByTestId('step-play').click();
    await at(page, L);
    await waitFor(
      'play to stop at the end',
      () => page.getByTestId('step-play').getAttribute('aria-pressed'),
      (v) => v === 'false',
      5_000,
    );
    // Space (focus off the buttons) plays from the start again; a second Space pauses.
    await page.locator('.step-through .blurb').first().click();
    await page.keyboard.press(' ');
    await waitFor(
      'play to start again',
      () => view(page),
      (v) => Number(v.current) < L,
      5_000,
    );
    await page.keyboard.press(' ');
    expect(await page.getByTestId('step-play').getAttribute('aria-pressed')).toBe('false');

    // Another probe: a fresh trace of the same weights.
    await page.getByTestId('step-probe').selectOption({ value: '1' });
    await waitFor(
      'probe 2',
      async () => (await page.getByTestId('step-meta').textContent()) ?? '',
      (t) => t.startsWith('Probe 2 '),
      10_000,
    );
    // The run did not train while the dialog was open.
    expect(await samplesSeen(page)).toBe(paused);

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: 5_000 });
    await waitFor(
      'training to go on',
      () => samplesSeen(page),
      (s) => s > paused,
      30_000,
    );
    await page.getByTestId('pause').click();
  });

  it('works on a paused run and reads on a phone (panels stacked)', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 390, height: 844 });
    await openLab(page, `${inject('baseUrl')}${URL_QUERY}`);
    await waitFor(
      'training',
      () => status(page),
      (s) => s === 'training',
      30_000,
    );
    const before = await pauseSettled(page, 800);
    await page.getByTestId('open-step-through').click();
    await at(page, 1);
    await page.getByTestId('step-last').click();
    await at(page, L);
    const boxes = await page.evaluate(() =>
      Array.from(document.querySelectorAll('[data-testid="step-through-chart"] [data-panel]'), (g) => {
        const r = g.getBoundingClientRect();
        return { x: Math.round(r.x), y: Math.round(r.y) };
      }),
    );
    expect(boxes.length).toBe(4);
    // Stacked: each panel below the one before.
    for (let k = 1; k < 4; k++) expect(boxes[k]!.y).toBeGreaterThan(boxes[k - 1]!.y);
    // Nothing wider than the screen.
    const overflow = await page.evaluate(() => {
      const d = document.querySelector('[data-testid="step-through"]') as HTMLElement;
      return d.scrollWidth - d.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(1);
    await page.getByTestId('step-through').screenshot({ path: `${SCREENSHOTS}/step-through-phone.png` });
    expect(await samplesSeen(page)).toBe(before);
    await page.keyboard.press('Escape');
    // A paused run stays paused.
    await page.waitForTimeout(800);
    expect(await status(page)).toBe('paused');
    expect(await samplesSeen(page)).toBe(before);
  });
});
