/**
 * A link can ask for a backend and carries the config; bad values get a plain message and fall back to their
 * defaults. Also checks that the page is cross-origin isolated (wasm threads) as served by `vite preview`.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, type Browser } from './chromium';
import { openLab, samplesSeen, text, waitFor } from './lab-page';

let browser: Browser;

beforeAll(async () => {
  browser = await launch({ webgpu: false });
});

afterAll(async () => {
  await browser?.close();
});

describe('share links', () => {
  it('uses the backend the link asks for and reports a bad value in the error message', async () => {
    const { page } = browser;
    await openLab(page, `${inject('baseUrl')}?backend=wasm&L=1&m=64`);
    expect(await text(page, 'backend')).toBe('wasm');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const message = await text(page, 'error-message');
    expect(message).toMatch(/L: 1 is out of range; allowed an integer 3\.\.200/);
    expect(await page.locator('#field-L').inputValue()).toBe('10');
    expect(await page.locator('#field-m').inputValue()).toBe('64');
    await waitFor(
      'samples seen to grow',
      () => samplesSeen(page),
      (n) => n > 0,
      60_000,
    );
    // The address bar now holds the full config that runs.
    const query = new URLSearchParams(new URL(page.url()).search);
    expect(query.get('L')).toBe('10');
    expect(query.get('m')).toBe('64');
    expect(query.get('backend')).toBe('wasm');
  });

  it('survives a malformed escape and ignores tfjsflags: a message, the defaults, and training', async () => {
    const { page } = browser;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    // tfjs-core's own flag parser would throw on this query before the app renders (a blank page).
    await openLab(page, `${inject('baseUrl')}?%E0%A4%A=1&dIn=0&backend=wasm`);
    const message = await text(page, 'error-message');
    expect(message).toContain('“%E0%A4%A=1” is not valid URL encoding, so it was left out.');
    expect(message).toMatch(/dIn: 0 is out of range/);
    await waitFor(
      'samples seen to grow',
      () => samplesSeen(page),
      (n) => n > 0,
      60_000,
    );
    expect(errors).toEqual([]);
    // A link cannot set tfjs's environment flags: the part is dropped before tfjs loads and said so.
    await openLab(page, `${inject('baseUrl')}?tfjsflags=IS_TEST:true,DEBUG:true&backend=wasm&L=6`);
    expect(await text(page, 'error-message')).toMatch(/tfjsflags: a link cannot set/);
    expect(new URL(page.url()).searchParams.get('tfjsflags')).toBeNull();
    expect(await page.locator('#field-L').inputValue()).toBe('6');
    await waitFor(
      'samples seen to grow',
      () => samplesSeen(page),
      (n) => n > 0,
      60_000,
    );
    expect(errors).toEqual([]);
  });
});
