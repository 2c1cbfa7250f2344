/**
 * The Experiments view in Chromium: the shipped samples-vs-L result shows at once with its power-law fit,
 * the tabs switch between the Lab and the view, a tiny sweep opened from a share link runs live in the sweep
 * worker on wasm with its runs arriving, and Cancel stops a long one while keeping what finished.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sweepToQuery } from '../../src/state/link/sweep-link';
import { validateSweep } from '../../src/model/sweep-spec';
import { launch, type Browser } from './chromium';
import { screenshot, waitFor } from './lab-page';
import { ROOT } from './preview-server';

let browser: Browser;

beforeAll(async () => {
  browser = await launch({ webgpu: false });
});

afterAll(async () => {
  await browser?.close();
});

async function progress(page: Page): Promise<{ status: string; done: number }> {
  return page.evaluate(() => {
    const el = document.querySelector<HTMLElement>('[data-testid="sweep-progress"]');
    return { status: el?.dataset.status ?? '', done: Number(el?.dataset.runsDone ?? -1) };
  });
}

interface ShippedRun {
  value: number;
  seed: number;
  samplesToEps: number | null;
}

/** [series, value, seed, samplesToEps] of every row of the runs table. */
async function runRows(page: Page): Promise<[null, number, number, number | null][]> {
  return page
    .locator('[data-testid="runs-table"] tbody tr')
    .evaluateAll((rows) => rows.map((r) => JSON.parse(r.getAttribute('data-run') ?? 'null')));
}

describe('Experiments view', () => {
  it('shows the shipped samples-vs-L plot with its fit, and switches to the Lab and back', async () => {
    const { page, errors } = browser;
    const file = JSON.parse(await readFile(resolve(ROOT, 'public/experiments/samples-vs-L.json'), 'utf8'));
    await page.goto(`${inject('baseUrl')}?view=experiments`);
    await page.locator('[data-testid="chart-sweep"] path.fit-power').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('exp-title').textContent()).toBe(file.title);
    const exponent = (file.fits.powerLaw.exponent as number).toFixed(2);
    expect(await page.getByTestId('fit-sentence').textContent()).toContain(`L^${exponent}`);
    expect(await page.locator('[data-testid="chart-sweep"] .run-mark').count()).toBe(file.runs.length);
    expect(await page.locator('[data-testid="chart-sweep"] path.fit-exponential').count()).toBe(1);
    expect(new URL(page.url()).search).toBe('?view=experiments&experiment=samples-vs-L');
    await screenshot(page, 'experiments-precomputed');

    await page.getByTestId('tab-lab').click();
    await page.locator('#charts').waitFor();
    expect(new URL(page.url()).searchParams.get('L')).not.toBeNull();
    await page.getByTestId('tab-experiments').click();
    await page.getByTestId('experiments-view').waitFor();
    expect(errors).toEqual([]);
  });

  // samples-vs-R's first two values train in a few thousand samples each and need no η pilots (the length
  // sweeps' pilots alone are 80k samples per length), so the browser check of shipped numbers stays short.
  it('re-runs part of samples-vs-R from a share link on wasm with the shipped numbers, then cancels', async () => {
    const { page, errors } = browser;
    const file = JSON.parse(await readFile(resolve(ROOT, 'public/experiments/samples-vs-R.json'), 'utf8'));
    const checked = validateSweep({ ...file, values: [1, 2], config: { ...file.config, backend: 'wasm' } });
    if (!checked.ok) throw new Error(checked.errors.join(' '));
    await page.goto(`${inject('baseUrl')}?${sweepToQuery(checked.spec)}`);
    await page.getByTestId('builder').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('builder-values').inputValue()).toBe('1, 2');
    // Two runs at a time, each in its own run worker: the numbers are still the shipped ones, in plan order.
    await page.getByTestId('sweep-workers').fill('2');
    await page.getByTestId('run-sweep').click();
    // Runs arrive one at a time: a partial count is seen before the end, and the table follows.
    const partial = await waitFor(
      'a first run',
      () => progress(page),
      (p) => p.done >= 1,
      60_000,
    );
    expect(partial.done).toBeGreaterThanOrEqual(1);
    await waitFor(
      'the sweep to finish',
      () => progress(page),
      (p) => p.status === 'done',
      60_000,
    );
    expect(await page.getByTestId('sweep-ending').textContent()).toMatch(
      /^Finished 6 of 6 runs in .* on wasm\./,
    );
    expect(await page.locator('[data-testid="results-table"] tbody tr').count()).toBe(2);
    expect(await page.locator('[data-testid="chart-sweep"] .run-mark').count()).toBe(6);
    // Same seeds, config and backend as the shipped file: the same samplesToEps, run for run.
    const shipped = (file.runs as ShippedRun[]).filter((r) => r.value === 1 || r.value === 2);
    const live = await runRows(page);
    expect(live.map(([, value, seed, samples]) => ({ value, seed, samplesToEps: samples }))).toEqual(
      shipped.map((r) => ({ value: r.value, seed: r.seed, samplesToEps: r.samplesToEps })),
    );
    await screenshot(page, 'experiments-live');

    // R = 1 reaches ε in about two thousand samples, R = 20 not for a long while: cancel during R = 20,
    // one run at a time (with several workers the next R = 1 runs beside it).
    await page.getByTestId('sweep-workers').fill('1');
    await page.getByTestId('builder-values').fill('1, 20');
    await page.getByTestId('builder-budget').fill('1000000');
    await page.getByTestId('run-sweep').click();
    await waitFor(
      'the first run',
      () => progress(page),
      (p) => p.status === 'running' && p.done === 1,
      30_000,
    );
    await waitFor(
      'R = 20 to train',
      () => page.locator('[data-testid="run-progress"]').getAttribute('value'),
      (v) => Number(v) > 0,
      30_000,
    );
    expect(await page.getByTestId('current-run').textContent()).toMatch(/^This run: R = 20, seed 1/);
    expect(await page.getByTestId('time-left').textContent()).toMatch(/elapsed · about .* left/);
    await screenshot(page, 'experiments-running');
    await page.getByTestId('cancel-sweep').click();
    const cancelled = await waitFor(
      'the cancel',
      () => progress(page),
      (p) => p.status === 'cancelled',
      15_000,
    );
    expect(cancelled.done).toBe(1);
    expect(await page.getByTestId('sweep-ending').textContent()).toMatch(/^Cancelled after 1 of 6 runs/);
    expect((await runRows(page)).map(([, value, seed]) => [value, seed])).toEqual([[1, 1]]);
    await screenshot(page, 'experiments-cancelled');
    expect(errors).toEqual([]);
  });
});
