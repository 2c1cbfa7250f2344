/**
 * Bad input in real Chromium: fuzzed links (random keys and values, markup and script in values, broken
 * encodings) always open the app, never a blank page, an error or a dialog, and markup in a link is shown as
 * text, never rendered. Extreme but valid configs are refused up front with the memory they need.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FIELDS } from '../../src/model/fields';
import { screenshot, status, text, waitFor } from './lab-page';
import { cspViolations, launchWatched, type WatchedBrowser } from './robust-helpers';

let browser: WatchedBrowser;

beforeAll(async () => {
  browser = await launchWatched({ webgpu: false });
});

afterAll(async () => {
  await browser?.close();
});

const PAYLOADS = [
  '<b id="pwned">x</b>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '%E0%A4%A',
  '1e999',
  '-0',
  'NaN',
  '９',
  '',
  ' 12 ',
  '0x10',
  '__proto__',
];

const key = fc.oneof(
  fc.constantFrom(...FIELDS.map((f) => f.key)),
  fc.constantFrom('v', 'lesson', 'hide', 'present', '__proto__', 'constructor', '<b id="pwned">'),
  fc.string({ maxLength: 6 }),
);
const value = fc.oneof(
  fc.constantFrom(...PAYLOADS),
  fc.integer({ min: -1e7, max: 1e7 }).map(String),
  fc.double({ noNaN: false }).map(String),
  fc.string({ maxLength: 12 }),
);
/** Raw query strings: pairs joined as typed (some values stay unencoded on purpose). */
const query = fc
  .array(fc.tuple(key, value, fc.boolean()), { minLength: 1, maxLength: 6 })
  .map((pairs) =>
    pairs.map(([k, v, raw]) => `${encodeURIComponent(k)}=${raw ? v : encodeURIComponent(v)}`).join('&'),
  );

describe('bad input', () => {
  it('fuzzed links always open the app and show problems as text', async () => {
    const { page } = browser;
    const links = fc.sample(query, { numRuns: 8, seed: 42 });
    for (const q of links) {
      // wasm keeps each page cheap; the fuzzed keys still reach every other field.
      await page.goto(`${inject('baseUrl')}?${q}&backend=wasm`);
      await page.locator('.status-bar').waitFor({ timeout: 30_000 });
      await waitFor(
        `the app to start for ?${q}`,
        async () => ({ backend: await text(page, 'backend'), status: await status(page) }),
        (s) => s.backend !== '…' || s.status === 'stopped',
        60_000,
      );
      expect(await page.locator('#pwned').count(), q).toBe(0);
      expect(await page.locator('img[src="x"]').count(), q).toBe(0);
      const error = page.getByTestId('error-message');
      if ((await error.count()) > 0) expect((await error.textContent())?.length, q).toBeGreaterThan(10);
      expect(await cspViolations(page, browser.errors), q).toEqual([]);
    }
    await screenshot(page, 'robust-fuzzed-link');
    expect(browser.dialogs).toEqual([]);
    expect(browser.errors.filter((e) => !e.includes('favicon'))).toEqual([]);
  });

  it('refuses an extreme config up front with the memory it needs', async () => {
    const { page } = browser;
    for (const [backend, expected] of [
      ['webgl', /needs a single buffer of about 800 MiB .* more than this device allows in one buffer/],
      ['wasm', /needs about [\d.]+ GiB of memory, more than the [\d.]+ GiB available here/],
    ] as const) {
      await page.goto(`${inject('baseUrl')}?m=4096&L=200&batch=256&backend=${backend}`);
      const message = await waitFor(
        `the refusal on ${backend}`,
        () => text(page, 'error-message'),
        (t) => t.includes('This configuration needs'),
        60_000,
      );
      expect(message).toMatch(expected);
      expect(message).toMatch(/Lower/);
      expect(await status(page)).toBe('stopped');
      expect(await page.locator('#field-m').inputValue()).toBe('4096');
    }
    await screenshot(page, 'robust-too-big');
    expect(await cspViolations(page, browser.errors)).toEqual([]);
    expect(browser.errors.filter((e) => !e.includes('favicon'))).toEqual([]);
  });
});
