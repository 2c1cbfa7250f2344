/**
 * Static deploy: the built `dist/` copied under a sub-path (`/lab/`) of a plain static server — no
 * cross-origin-isolation headers, as on GitHub Pages — loads in Chromium, starts its worker and the wasm
 * backend (without threads), trains, and loads the lazily loaded parts (formulas and their fonts) from the
 * sub-path too. Every request stays under `/lab/` and none fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, type Browser } from './chromium';
import { screenshot, samplesSeen, text, waitFor } from './lab-page';
import { staticSite, type StaticSite } from './static-site';

let site: StaticSite;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  site = await staticSite();
  await site.start();
  origin = site.origin;
  browser = await launch({ webgpu: false });
});

afterAll(async () => {
  await browser?.close();
  await site?.remove();
});

describe('static deploy from a sub-path', () => {
  it('loads, trains on wasm without threads, and fetches everything from the sub-path', async () => {
    const { page } = browser;
    const requests: string[] = [];
    const failures: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('requestfailed', (r) => failures.push(`${r.url()} (${r.failure()?.errorText})`));
    page.on('response', (r) => {
      if (r.status() >= 400) failures.push(`${r.url()} (${r.status()})`);
    });
    await page.goto(`${origin}/lab/?L=5&dIn=4&m=32&batch=8&ntest=128&backend=wasm`);
    await waitFor(
      'training',
      () => samplesSeen(page),
      (n) => n > 0,
      60_000,
    );
    expect(await text(page, 'backend')).toBe('wasm');
    // No COOP/COEP headers: no cross-origin isolation, so wasm runs without threads, and says so.
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    expect(await page.getByTestId('error-message').count()).toBe(0);

    await page.getByTestId('open-theory').click();
    await waitFor(
      'formulas',
      () => page.getByTestId('theory-dialog').locator('.katex').count(),
      (n) => n > 5,
      20_000,
    );
    await page.waitForTimeout(500);
    await screenshot(page, 'deploy-subpath');

    expect(failures).toEqual([]);
    const assets = requests.filter((u) => u.startsWith(origin));
    expect(assets.some((u) => /\/lab\/assets\/train-worker-[^/]+\.js$/.test(u))).toBe(true);
    expect(assets.some((u) => /\/lab\/assets\/tfjs-backend-wasm-simd-[^/]+\.wasm$/.test(u))).toBe(true);
    expect(assets.some((u) => /\/lab\/assets\/KaTeX_[^/]+\.woff2$/.test(u))).toBe(true);
    expect(assets.filter((u) => !u.startsWith(`${origin}/lab/`))).toEqual([]);
    expect(
      requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')),
    ).toEqual([]);
  });
});
