/**
 * "Cite this run" and "Cite this sweep" in Chromium: the Files dialog holds the run's link, the config it
 * reads and the build's code version, as plain text and as BibTeX; the Experiments view cites a sweep with its
 * share link.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, type Browser } from './chromium';
import { openLab, screenshot, waitFor } from './lab-page';

const ROOT = resolve(import.meta.dirname, '../..');
const VERSION = (JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;

let browser: Browser;

beforeAll(async () => {
  browser = await launch({ webgpu: false });
});

afterAll(async () => {
  await browser?.close();
});

describe('cite this run and this sweep', () => {
  it('cites the open run with its link, config and code version, as text and BibTeX', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1280, height: 900 });
    await openLab(page, `${inject('baseUrl')}?L=6&m=32&batch=8&ntest=128&seed=5&backend=wasm`);
    await page.getByTestId('open-files').click();
    const cite = page.getByTestId('cite-run');
    await cite.waitFor({ timeout: 10_000 });
    const text = await page.getByTestId('cite-run-value').inputValue();
    const lines = text.split('\n');
    expect(lines[0]).toBe('RNN Learnability Lab run: additive sin, L = 6, m = 32, seed 5');
    const link = new URL(lines.find((l) => l.startsWith('Link: '))!.slice('Link: '.length));
    expect(link.searchParams.get('seed')).toBe('5');
    expect(link.searchParams.get('L')).toBe('6');
    const config = JSON.parse(lines.find((l) => l.startsWith('Config: '))!.slice('Config: '.length));
    expect(config).toMatchObject({ L: 6, m: 32, batch: 8, seed: 5 });
    // The build writes the package version and the commit it was built from.
    expect(lines.find((l) => l.startsWith('Code version: '))).toMatch(
      new RegExp(`^Code version: rnn-learnability-lab ${VERSION.replace(/\./g, '\\.')}\\+[0-9a-f]{7,}`),
    );
    await page.getByTestId('cite-run-bibtex').click();
    const bib = await waitFor(
      'the BibTeX entry',
      () => page.getByTestId('cite-run-value').inputValue(),
      (v) => v.startsWith('@misc{'),
      5_000,
    );
    expect(bib).toContain('\\url{');
    expect(bib).toContain('seed=5');
    expect(await page.getByTestId('cite-run-bibtex').getAttribute('aria-pressed')).toBe('true');
    await cite.scrollIntoViewIfNeeded();
    await screenshot(page, 'cite-run');
    await page.keyboard.press('Escape');
  });

  it('cites a sweep of the Experiments view with its share link', async () => {
    const { page } = browser;
    await page.goto(`${inject('baseUrl')}?view=experiments&experiment=samples-vs-L`);
    const cite = page.getByTestId('cite-sweep');
    await cite.waitFor({ timeout: 30_000 });
    const text = await page.getByTestId('cite-sweep-value').inputValue();
    expect(text.split('\n')[0]).toMatch(/^RNN Learnability Lab sweep: .*L over /);
    const share = await page.getByTestId('share-link').inputValue();
    expect(share).toMatch(/^http/);
    expect(text.split('\n')).toContain(`Link: ${share}`);
    expect(text).toMatch(/^Budget: \d+ samples per run, ε = /m);
    await cite.scrollIntoViewIfNeeded();
    await screenshot(page, 'cite-sweep');
  });
});
