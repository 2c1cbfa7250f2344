/**
 * Reading and driving the app through its test ids, plus screenshots. Every wait has a deadline and says
 * what it waited for when it fails.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { parseRunExport, type RunExport } from '../../src/model/run-export';
import type { Config } from '../../src/model/config';
import { evaluationGap } from '../../src/model/eval-schedule';
import { ROOT } from './preview-server';

export const CHART_IDS = [
  'chart-loss',
  'chart-position',
  'chart-hidden',
  'chart-prediction',
  'chart-influence',
  'chart-lazy',
  'chart-gradients',
] as const;

export const SCREENSHOTS = resolve(ROOT, 'artifacts/screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = resolve(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export async function text(page: Page, testId: string): Promise<string> {
  return (await page.getByTestId(testId).textContent()) ?? '';
}

/** The rates under the status bar's "why?" when backend auto measured: backend, samples/s (NaN: none), text. */
export async function backendRates(page: Page): Promise<{ backend: string; rate: number; text: string }[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="backend-rates"] > li')].map((li) => ({
      backend: li.getAttribute('data-backend') ?? '',
      rate: li.getAttribute('data-rate') === '' ? Number.NaN : Number(li.getAttribute('data-rate')),
      text: li.textContent ?? '',
    })),
  );
}

export async function samplesSeen(page: Page): Promise<number> {
  return Number(await page.getByTestId('samples-seen').getAttribute('data-value'));
}

/** The newest evaluated test error, or NaN before the first evaluation. */
export async function testError(page: Page): Promise<number> {
  const v = await page.getByTestId('test-error').getAttribute('data-value');
  return v === null || v === '' ? Number.NaN : Number(v);
}

export async function status(page: Page): Promise<string> {
  return (await page.locator('.status-bar .status').textContent()) ?? '';
}

/** Polls `read` until `ok` holds; fails with the last value and `what`. */
export async function waitFor<T>(
  what: string,
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const t0 = Date.now();
  let last = await read();
  while (!ok(last)) {
    if (Date.now() - t0 > timeoutMs)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}`,
      );
    await new Promise((r) => setTimeout(r, 250));
    last = await read();
  }
  return last;
}

/** Opens `url` and waits until the page reports the backend it chose; returns its name. */
export async function openLab(page: Page, url: string, timeoutMs = 60_000): Promise<string> {
  await page.goto(url);
  return waitFor(
    'a backend',
    () => text(page, 'backend'),
    (b) => b !== '…',
    timeoutMs,
  );
}

export interface ChartState {
  id: string;
  /** Chart updates the panel has made (each with fresh data). */
  updates: number;
  /** Whether the chart shows its "waiting for data" note. */
  waiting: boolean;
  /** Drawn SVG marks (paths, circles, rects, lines) and whether a canvas layer holds non-blank pixels. */
  marks: number;
  canvasInk: boolean;
}

/** What each chart shows right now. */
export async function chartStates(page: Page): Promise<ChartState[]> {
  return page.evaluate(
    (ids) => {
      return ids.map((id) => {
        const panel = document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
        const empty = panel?.querySelector<HTMLElement>('.rl-chart-empty');
        const marks =
          panel?.querySelectorAll('svg path, svg circle, svg rect, svg line, svg polyline').length ?? 0;
        let canvasInk = false;
        for (const canvas of panel?.querySelectorAll('canvas') ?? []) {
          const ctx = canvas.getContext('2d');
          if (!ctx || canvas.width === 0 || canvas.height === 0) continue;
          const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
          for (let i = 3; i < pixels.length; i += 4 * 7)
            if ((pixels[i] as number) > 0) {
              canvasInk = true;
              break;
            }
        }
        return {
          id,
          updates: Number(panel?.dataset.updates ?? 0),
          waiting: !empty || getComputedStyle(empty).display !== 'none',
          marks,
          canvasInk,
        };
      });
    },
    CHART_IDS as unknown as string[],
  );
}

/** Waits until every chart has received data and draws it. */
export async function waitForChartsDrawn(page: Page, timeoutMs: number): Promise<ChartState[]> {
  return waitFor(
    'every chart to draw data',
    () => chartStates(page),
    (states) => states.every((s) => s.updates > 0 && !s.waiting && (s.marks > 0 || s.canvasInk)),
    timeoutMs,
  );
}

/** Clicks "Save run" and returns the parsed run file. */
export async function saveRun(page: Page): Promise<RunExport> {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByRole('button', { name: 'Save run' }).click(),
  ]);
  const path = await download.path();
  return parseRunExport(await readFile(path, 'utf8'));
}

/** The evaluation schedule's sample counts from 0 up to `samples`. */
export function schedulePoints(config: Pick<Config, 'batch' | 'ntest'>, samples: number): number[] {
  const points = [0];
  for (;;) {
    const next = points[points.length - 1]! + evaluationGap(config, points[points.length - 1]!);
    if (next > samples) return points;
    points.push(next);
  }
}

/** Pauses, then checks that Step adds exactly one batch and that Reset returns to step 0 with the same start. */
/**
 * Presses Pause, waits for the paused status and for the metrics already in flight (they arrive within a
 * report interval, `settleMs`), and returns the samples seen then.
 */
export async function pauseSettled(page: Page, settleMs = 600): Promise<number> {
  await page.getByTestId('pause').click();
  await waitFor(
    'the paused status',
    () => status(page),
    (s) => s === 'paused',
    30_000,
  );
  await page.waitForTimeout(settleMs);
  return samplesSeen(page);
}

export async function checkPauseStepReset(page: Page): Promise<void> {
  // After the in-flight metrics the count must hold still.
  const paused = await pauseSettled(page);
  await page.waitForTimeout(1000);
  if ((await samplesSeen(page)) !== paused) throw new Error('samples seen kept growing after Pause');

  await page.getByTestId('step').click();
  await waitFor(
    'one step',
    () => samplesSeen(page),
    (n) => n !== paused,
    60_000,
  );
  await page.waitForTimeout(500);
  const stepped = await samplesSeen(page);
  const before = await saveRun(page);
  const batch = before.config.batch;
  if (stepped !== paused + batch)
    throw new Error(`Step moved samples seen from ${paused} to ${stepped}, not by one batch of ${batch}`);
  // The run file holds the scheduled evaluations only (SPEC §6): the points fixed by the config up to the
  // samples seen, whatever the clock did; the evaluation a Step makes off the schedule is drawn, not kept.
  const points = schedulePoints(before.config, stepped);
  const off = before.metrics.samples.filter((n) => !points.includes(n));
  if (off.length > 0)
    throw new Error(`the run file holds evaluations off the schedule: ${off.slice(0, 5).join(', ')}`);
  if (before.metrics.samples.at(-1) !== points.at(-1))
    throw new Error(
      `the run file ends at ${before.metrics.samples.at(-1)} samples, the schedule's last point up to ${stepped} is ${points.at(-1)}`,
    );

  await page.getByTestId('reset').click();
  await waitFor(
    'samples seen back to 0',
    () => samplesSeen(page),
    (n) => n === 0,
    60_000,
  );
  // Same seed, same teacher, same initial weights: the step-0 test error is the same number.
  const initial = before.metrics.testError[0];
  await waitFor(
    'the step-0 test error',
    () => testError(page),
    (e) => e === initial,
    60_000,
  );
  await page.waitForTimeout(500);
  if ((await samplesSeen(page)) !== 0) throw new Error('training went on after Reset');
  const after = await saveRun(page);
  if (after.metrics.samples.length !== 1 || after.metrics.testError[0] !== initial)
    throw new Error(
      `after Reset the run file holds ${JSON.stringify(after.metrics.testError)}, not [${initial}]`,
    );
}
