/**
 * Baselines and evaluation by samples in Chromium (SPEC §6): the learning curve draws the best linear map and
 * the best constant as labelled lines at the levels the status bar reports, the position chart marks the
 * linear map per position, a teacher a baseline already explains raises the trivial warning, and the same
 * link gives the same samples-to-ε on wasm, on cpu and in `npm run train`, because evaluations fall at sample
 * counts fixed by the config, not by the clock.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseRunExport } from '../../src/model/run-export';
import { launch, type Browser } from './chromium';
import { openLab, screenshot, waitFor } from './lab-page';
import { ROOT } from './preview-server';

/** Linear baseline 0.23 at seed 5, above ε = 0.2: reaching ε takes more than a linear map. */
const BEYOND = 'L=5&dIn=2&R=2.5&m=32&batch=8&ntest=128&lr=2&eps=0.2&seed=5';
/** cos at R = 1 and d_in = 8: the best constant per position is already far below ε. */
const TRIVIAL = 'L=5&dIn=8&act=cos&R=1&m=32&batch=8&ntest=128&seed=5';

let browser: Browser;

beforeAll(async () => {
  browser = await launch({ webgpu: false });
});

afterAll(async () => {
  await browser?.close();
});

async function dataValue(page: Page, testId: string): Promise<string> {
  return (await page.getByTestId(testId).getAttribute('data-value')) ?? '';
}

/** Opens the link and waits until samples-to-ε has a value; returns it. */
async function samplesToEps(page: Page, query: string): Promise<number> {
  await openLab(page, `${inject('baseUrl')}?${query}`);
  const value = await waitFor(
    'samples to ε',
    () => dataValue(page, 'samples-to-eps'),
    (v) => v !== '',
    150_000,
  );
  return Number(value);
}

describe('baselines', () => {
  it('draws the linear and constant baselines where the status bar puts them, and per position', async () => {
    const { page } = browser;
    await samplesToEps(page, `${BEYOND}&backend=wasm`);
    const linear = Number(await dataValue(page, 'baseline-linear-value'));
    expect(linear).toBeGreaterThan(0.2);
    expect(linear).toBeLessThan(1);
    const line = page.getByTestId('chart-loss').getByTestId('baseline-linear');
    expect(Number(await line.getAttribute('data-level'))).toBe(linear);
    expect(await page.getByTestId('chart-loss').locator('text.ref-linear').textContent()).toMatch(
      /^best linear map 0\.2/,
    );
    // An odd Φ (sin) has nothing for a constant to explain: its baseline is the zero predictor's, no line.
    expect(await page.getByTestId('chart-loss').getByTestId('baseline-constant').count()).toBe(0);
    // One linear-map tick per output position (j = 3..5) on the position chart's bars.
    expect(await page.getByTestId('chart-position').locator('line.position-baseline').count()).toBe(3);
    expect(await page.getByTestId('trivial-warning').count()).toBe(0);
    expect(await page.getByTestId('samples-to-eps').getAttribute('data-meaningful')).toBe('true');
    await screenshot(page, 'baselines-beyond-linear');
  });

  it('warns, in words, when a baseline already reaches ε (cos at R = 1)', async () => {
    const { page } = browser;
    await openLab(page, `${inject('baseUrl')}?${TRIVIAL}&backend=wasm`);
    const warning = page.getByTestId('trivial-warning');
    await warning.waitFor({ timeout: 60_000 });
    expect(await warning.textContent()).toMatch(/one fixed number per position already gets test error/);
    expect(await warning.textContent()).toMatch(/not meaningful/);
    expect(await page.getByTestId('samples-to-eps').getAttribute('data-meaningful')).toBe('false');
    await waitFor(
      'the constant baseline line',
      () => page.getByTestId('chart-loss').getByTestId('baseline-constant').count(),
      (n) => n === 1,
      60_000,
    );
    await screenshot(page, 'baselines-trivial-warning');
  });

  it('reaches ε at the same sample count on wasm, on cpu and in npm run train', async () => {
    const { page } = browser;
    const wasm = await samplesToEps(page, `${BEYOND}&backend=wasm`);
    const cpu = await samplesToEps(page, `${BEYOND}&backend=cpu`);
    expect(cpu).toBe(wasm);

    const dir = await mkdtemp(join(tmpdir(), 'rnn-lab-baselines-'));
    try {
      const out = join(dir, 'run.json');
      const flags = [...new URLSearchParams(BEYOND)].flatMap(([k, v]) => [`--${k}`, v]);
      await promisify(execFile)(
        'npx',
        ['tsx', 'src/cli/train.ts', ...flags, '--samples', '20000', '--stop-at-eps', '--quiet', '--out', out],
        { cwd: ROOT, timeout: 120_000 },
      );
      const run = parseRunExport(await readFile(out, 'utf8'));
      expect(run.metrics.samplesToEps).toBe(wasm);
      expect(run.metrics.trivial).toBe(false);
      expect(run.metrics.baselines?.linear).toBeCloseTo(
        Number(await dataValue(page, 'baseline-linear-value')),
        6,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
