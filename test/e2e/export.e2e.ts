/**
 * Export, import and comparison in Chromium: the run file, the checkpoint, the metrics CSV and every chart as
 * PNG and SVG download; a paused run is kept (IndexedDB) and can be renamed and deleted; an exported run file
 * imports back into the kept runs unchanged and is drawn over the current run; an exported checkpoint imports
 * into a new run that continues from the same step; bad files get a plain message.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseCheckpoint, parseRunExport, type RunExport } from '../../src/model/run-export';
import { launch, type Browser } from './chromium';
import { samplesSeen, schedulePoints, screenshot, status, waitFor } from './lab-page';

const SMALL = 'L=5&dIn=4&m=32&batch=8&ntest=128&backend=wasm&seed=5';

let browser: Browser;

beforeAll(async () => {
  browser = await launch({ webgpu: false });
});

afterAll(async () => {
  await browser?.close();
});

/** Clicks `button` and returns the downloaded file's name and bytes. */
async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: await readFile(path) };
}

/** The kept runs as stored in IndexedDB. */
async function keptRuns(page: Page): Promise<{ id: string; name: string; origin: string; run: RunExport }[]> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('rnn-learnability-lab');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('runs').objectStore('runs').getAll();
          req.onsuccess = () => {
            open.result.close();
            resolve(req.result);
          };
          req.onerror = () => reject(req.error);
        };
      }),
  );
}

async function pauseAfterSomeTraining(page: Page): Promise<number> {
  await waitFor(
    'a few evaluations',
    () => samplesSeen(page),
    (n) => n > 400,
    60_000,
  );
  await page.getByTestId('pause').click();
  await waitFor(
    'paused',
    () => status(page),
    (s) => s === 'paused',
    30_000,
  );
  await page.waitForTimeout(600);
  // A step ends with an evaluation the page draws; the run's history keeps the scheduled ones (SPEC §6).
  const paused = await samplesSeen(page);
  await page.getByTestId('step').click();
  return waitFor(
    'one step',
    () => samplesSeen(page),
    (n) => n === paused + 8,
    30_000,
  );
}

describe('export, import and compare', () => {
  it('exports the run, checkpoint, CSV and every chart, and imports them back', async () => {
    const { page } = browser;
    await page.goto(`${inject('baseUrl')}?${SMALL}`);
    const seen = await pauseAfterSomeTraining(page);
    await page.getByTestId('open-files').click();
    const dialog = page.getByTestId('files-dialog');

    const runFile = await download(page, () =>
      dialog.getByRole('button', { name: /Run \(run\.json\)/ }).click(),
    );
    expect(runFile.name).toMatch(/\.run\.json$/);
    const run = parseRunExport(runFile.bytes.toString('utf8'));
    expect(run.metrics.samples).toEqual(schedulePoints(run.config, seen));
    expect(run.config.seed).toBe(5);

    const csvFile = await download(page, () => dialog.getByRole('button', { name: 'Metrics (CSV)' }).click());
    expect(csvFile.name).toMatch(/\.metrics\.csv$/);
    const rows = csvFile.bytes.toString('utf8').trim().split('\n');
    const header = rows[0]?.split(',') ?? [];
    expect(header.slice(0, 4)).toEqual(['samples', 'step', 'trainLoss', 'testError']);
    expect(header.slice(-3)).toEqual(['testError_j3', 'testError_j4', 'testError_j5']);
    // The CSV and the run file of the same paused run hold the same numbers.
    const csvSamples = rows.slice(1).map((r) => Number(r.split(',')[0]));
    const csvErrors = rows.slice(1).map((r) => Number(r.split(',')[3]));
    expect(csvSamples).toEqual(run.metrics.samples);
    expect(csvErrors).toEqual(run.metrics.testError);

    const checkpointFile = await download(page, () =>
      dialog.getByRole('button', { name: /Checkpoint \(checkpoint\.json\)/ }).click(),
    );
    const checkpoint = parseCheckpoint(checkpointFile.bytes.toString('utf8'));
    expect(checkpoint.state.samplesSeen).toBe(seen);

    for (const chart of [
      'chart-loss',
      'chart-position',
      'chart-hidden',
      'chart-prediction',
      'chart-influence',
      'chart-lazy',
      'chart-gradients',
    ]) {
      const png = await download(page, () => dialog.locator(`[data-export="${chart}-png"]`).click());
      expect(png.name, chart).toMatch(/\.png$/);
      expect(png.bytes.subarray(0, 8).toString('hex'), chart).toBe('89504e470d0a1a0a');
      expect(png.bytes.length, chart).toBeGreaterThan(5_000);
      const svg = await download(page, () => dialog.locator(`[data-export="${chart}-svg"]`).click());
      const svgText = svg.bytes.toString('utf8');
      expect(svgText, chart).toMatch(/^<\?xml[^>]*>\s*<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(svgText.length, chart).toBeGreaterThan(2_000);
    }

    // The paused run was kept automatically.
    const kept = await waitFor(
      'the paused run to be kept',
      () => keptRuns(page),
      (runs) =>
        runs.some(
          (r) =>
            r.origin === 'session' &&
            r.run.metrics.samples.at(-1) === schedulePoints(r.run.config, seen).at(-1),
        ),
      10_000,
    );
    expect(kept.find((r) => r.origin === 'session')?.run.config.seed).toBe(5);

    // Importing the run file adds it to the kept runs unchanged and overlays it.
    await page.getByTestId('import-input').setInputFiles({
      name: runFile.name,
      mimeType: 'application/json',
      buffer: runFile.bytes,
    });
    const imported = await waitFor(
      'the imported run',
      async () => (await keptRuns(page)).filter((r) => r.origin === 'import'),
      (runs) => runs.length === 1,
      10_000,
    );
    expect(imported[0]?.run).toEqual(run);
    // The kept-runs store is written before the page re-renders: wait for the panel rather than race it.
    const compare = page.getByTestId('compare-panel');
    await compare.waitFor({ state: 'visible', timeout: 10_000 });
    const chart = page.getByTestId('chart-compare');
    await waitFor(
      'the overlay line',
      () => chart.locator('path.overlay-line').count(),
      (n) => n === 1,
      10_000,
    );
    expect(await chart.locator('.rl-chart-legend').textContent()).toContain(
      runFile.name.replace('.run.json', ''),
    );
    await screenshot(page, 'export-compare');

    // Importing the checkpoint starts a new run at the checkpoint's step, which then trains on.
    await page.getByTestId('reset').click();
    await waitFor(
      'reset',
      () => samplesSeen(page),
      (n) => n === 0,
      30_000,
    );
    await page.getByTestId('open-files').click();
    await page.getByTestId('import-input').setInputFiles({
      name: checkpointFile.name,
      mimeType: 'application/json',
      buffer: checkpointFile.bytes,
    });
    await waitFor(
      'the run restored from the checkpoint',
      () => samplesSeen(page),
      (n) => n === seen,
      30_000,
    );
    await page.getByTestId('play').click();
    await waitFor(
      'training on from the checkpoint',
      () => samplesSeen(page),
      (n) => n > seen,
      30_000,
    );
    expect(new URL(page.url()).searchParams.get('seed')).toBe('5');
  });

  it('renames and deletes kept runs', async () => {
    const { page } = browser;
    await page.goto(`${inject('baseUrl')}?${SMALL}&seed=8`);
    await pauseAfterSomeTraining(page);
    await page.getByTestId('open-compare').click();
    const list = page.getByTestId('saved-runs');
    const row = list.locator('.saved-run').filter({ hasText: 'seed 8' }).first();
    await waitFor(
      'the kept run in the list',
      () => row.count(),
      (n) => n === 1,
      10_000,
    );
    const id = await row.getAttribute('data-run-id');
    // While renaming, the row shows a text field instead of the name: find it by id from now on.
    const byId = list.locator(`[data-run-id="${id}"]`);
    await byId.getByRole('button', { name: 'Rename' }).click();
    await byId.getByLabel('Run name').fill('my run');
    await byId.getByLabel('Run name').press('Enter');
    await waitFor(
      'the new name stored',
      async () => (await keptRuns(page)).find((r) => r.id === id)?.name,
      (name) => name === 'my run',
      10_000,
    );
    // The list redraws from the store a moment later.
    await waitFor(
      'the new name in the list',
      () => byId.locator('.saved-run-name').textContent(),
      (name) => name === 'my run',
      10_000,
    );
    // Overlaying is limited to four runs; the checkbox draws this one.
    await byId.getByRole('checkbox').check();
    await waitFor(
      'its overlay',
      () => page.getByTestId('chart-compare').locator('path.overlay-line').count(),
      (n) => n === 1,
      10_000,
    );
    await byId.getByRole('button', { name: /Delete/ }).click();
    await waitFor(
      'the run deleted',
      async () => (await keptRuns(page)).some((r) => r.id === id),
      (exists) => !exists,
      10_000,
    );
    expect(await byId.count()).toBe(0);
    expect(await page.getByTestId('chart-compare').locator('path.overlay-line').count()).toBe(0);
  });

  it('refuses bad files with a plain message', async () => {
    const { page } = browser;
    await page.goto(`${inject('baseUrl')}?${SMALL}`);
    await page.getByTestId('open-files').click();
    const cases: [string, string, RegExp][] = [
      ['notes.json', 'not json at all', /notes\.json is not a JSON file/],
      ['other.json', '{"format":"something/else@1"}', /other\.json has format "something\/else@1"/],
      [
        'cut.run.json',
        '{"format":"rnn-learnability-lab/run@1","config":{}}',
        /cut\.run\.json: Not a valid run file/,
      ],
    ];
    for (const [name, body, message] of cases) {
      await page
        .getByTestId('import-input')
        .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(body) });
      await waitFor(
        `the message for ${name}`,
        async () =>
          (await page.getByTestId('error-message').count()) > 0
            ? await page.getByTestId('error-message').textContent()
            : '',
        (t) => message.test(t ?? ''),
        10_000,
      );
    }
    await screenshot(page, 'export-bad-file');
  });
});
