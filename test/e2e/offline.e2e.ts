/**
 * Offline after the first visit: the service worker precaches the app, the training worker, the wasm binaries
 * and the shipped experiments, so a page reloaded without network renders and trains. Served by `vite preview`
 * (COOP/COEP and CSP headers) the page served from the cache stays cross-origin isolated and wasm runs on
 * threads. Copied under a sub-path of a plain static server, the worker's scope is the sub-path, the app works
 * with the server gone, and a new version waits while the runs go on and reaches only the tab whose Reload is
 * pressed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, type Browser } from './chromium';
import { DIST } from './preview-server';
import { openLab, samplesSeen, screenshot, testError, text, waitFor } from './lab-page';
import { staticSite, type StaticSite } from './static-site';

/** The console line of `networkReachable`'s failed fetch, the one error an offline page is expected to log. */
const OFFLINE_PROBE = /Failed to load resource: net::(ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_REFUSED)/;

const SMALL_RUN = '?L=5&dIn=4&m=32&batch=8&ntest=128&backend=wasm';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's violations inside `selector`, as "rule (impact)". */
async function violationsIn(page: Page, selector: string): Promise<string[]> {
  await page.evaluate(AXE);
  return page.evaluate(async (include) => {
    const axe = (
      window as unknown as {
        axe: { run: (context: string) => Promise<{ violations: { id: string; impact: string }[] }> };
      }
    ).axe;
    return (await axe.run(include)).violations.map((v) => `${v.id} (${v.impact})`);
  }, selector);
}

let browser: Browser | undefined;

afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

/** Waits until a service worker is active and controls the page; returns its scope and what it cached. */
async function waitForOffline(page: Page): Promise<{ scope: string; cached: string[] }> {
  // The worker activates only once its install step has put every precached file in the cache.
  await page.getByTestId('offline-ready').waitFor({ timeout: 60_000 });
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) throw new Error('the service worker does not control the page');
    const cached: string[] = [];
    for (const name of await caches.keys())
      for (const request of await (await caches.open(name)).keys()) cached.push(request.url);
    return { scope: registration.scope, cached };
  });
}

/** Whether a URL the service worker does not cache (a query it never saw) can be fetched: whether there is network. */
function networkReachable(page: Page): Promise<boolean> {
  return page.evaluate(() =>
    fetch('index.html?network-probe', { cache: 'no-store' }).then(
      (r) => r.ok,
      () => false,
    ),
  );
}

/** Waits until the run trains: samples seen grows past `from` and the test error is a number. */
async function waitForTraining(page: Page, from = 0): Promise<number> {
  const samples = await waitFor(
    `samples seen past ${from}`,
    () => samplesSeen(page),
    (n) => n > from,
    60_000,
  );
  await waitFor(
    'a test error',
    () => testError(page),
    (e) => Number.isFinite(e),
    60_000,
  );
  return samples;
}

function backendTitle(page: Page): Promise<string | null> {
  return page.getByTestId('backend').locator('xpath=ancestor::div[1]').getAttribute('title');
}

function cachedNames(cached: string[]): string[] {
  return cached.map((u) => new URL(u).pathname.split('/').pop() ?? '');
}

describe('offline after the first visit', () => {
  it('served by vite preview: reloaded with no network it renders, trains on wasm threads, shows experiments', async () => {
    browser = await launch({ webgpu: false });
    const { page, context, errors } = browser;
    const base = inject('baseUrl');
    await openLab(page, `${base}${SMALL_RUN}`);
    const { scope, cached } = await waitForOffline(page);
    expect(scope).toBe(base);
    const names = cachedNames(cached);
    for (const pattern of [
      /^index\.html$/,
      /^manifest\.webmanifest$/,
      /^train-worker-.+\.js$/,
      /^tfjs-backend-wasm-[^-]+\.wasm$/,
      /^tfjs-backend-wasm-simd-.+\.wasm$/,
      /^tfjs-backend-wasm-threaded-simd-.+\.wasm$/,
      /^KaTeX_Main-Regular-.+\.woff2$/,
      /^samples-vs-L\.json$/,
      /^icon-maskable-512\.png$/,
    ])
      expect(
        names.some((n) => pattern.test(n)),
        `${pattern} precached`,
      ).toBe(true);
    // The app is one page: the build ships no other (the benchmark page has its own build).
    expect(names.filter((n) => n.endsWith('.html'))).toEqual(['index.html']);
    expect(readdirSync(DIST, { recursive: true }).filter((f) => String(f).endsWith('.html'))).toEqual([
      'index.html',
    ]);
    // Installable: Chromium finds the manifest, its icons and the service worker acceptable.
    const cdp = await context.newCDPSession(page);
    const manifest = await cdp.send('Page.getAppManifest');
    expect(manifest.errors).toEqual([]);
    expect((await cdp.send('Page.getInstallabilityErrors')).installabilityErrors).toEqual([]);

    await context.setOffline(true);
    expect(await networkReachable(page)).toBe(false);
    const responses: { url: string; fromCache: boolean }[] = [];
    page.on('response', (r) => responses.push({ url: r.url(), fromCache: r.fromServiceWorker() }));
    await page.reload();
    await waitForTraining(page);
    expect(await text(page, 'backend')).toBe('wasm');
    // The cached page keeps the COOP/COEP headers it was fetched with: still isolated, wasm on threads.
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(await backendTitle(page)).toContain('wasm threads: on');
    const local = responses.filter((r) => r.url.startsWith(base));
    expect(local.some((r) => /tfjs-backend-wasm-threaded-simd-.+\.wasm$/.test(r.url))).toBe(true);
    expect(local.filter((r) => !r.fromCache)).toEqual([]);
    await screenshot(page, 'offline-reload');

    await page.goto(`${base}?view=experiments`);
    await page.locator('[data-testid="chart-sweep"] path.fit-power').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('exp-title').textContent()).not.toBe('');
    expect(await networkReachable(page)).toBe(false);
    expect(errors.filter((e) => !OFFLINE_PROBE.test(e))).toEqual([]);
  });

  describe('from a sub-path of a static server', () => {
    let site: StaticSite;

    beforeAll(async () => {
      site = await staticSite();
    });

    afterAll(async () => {
      await site?.remove();
    });

    it('keeps the worker to the sub-path, trains with the server gone, and updates only the tab that asks', async () => {
      await site.start();
      browser = await launch({ webgpu: false });
      const { page: first, context, errors } = browser;
      const lab = site.lab;
      await openLab(first, `${lab}${SMALL_RUN}`);
      const { scope } = await waitForOffline(first);
      expect(scope).toBe(lab);
      const manifest = await first.evaluate(async () => {
        const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]');
        return link ? { href: link.href, body: await (await fetch(link.href)).json() } : null;
      });
      expect(manifest?.href).toBe(`${lab}manifest.webmanifest`);
      expect(new URL(manifest?.body.start_url, manifest?.href).href).toBe(lab);
      expect(new URL(manifest?.body.scope, manifest?.href).href).toBe(lab);

      // No server at all: a second tab opens and reloads from the service worker alone.
      await site.stop();
      expect(await networkReachable(first)).toBe(false);
      const second = await context.newPage();
      second.on('console', (m) => {
        if (m.type() === 'error') errors.push(`second tab: ${m.text()}`);
      });
      second.on('pageerror', (e) => errors.push(`second tab: ${e.message}`));
      await openLab(second, `${lab}${SMALL_RUN}`);
      await second.reload();
      await waitForTraining(second);
      expect(await text(second, 'backend')).toBe('wasm');
      expect(await second.evaluate(() => crossOriginIsolated)).toBe(false);

      // A new version on the server: index.html changes, and with it its revision in the service worker.
      await site.start();
      const index = join(site.root, 'lab/index.html');
      const html = await readFile(index, 'utf8');
      await writeFile(index, html.replace('<head>', '<head><meta name="lab-build" content="2">'));
      const sw = join(site.root, 'lab/sw.js');
      const script = await readFile(sw, 'utf8');
      const updated = script.replace(/(url:"index\.html",revision:")[0-9a-f]+"/, '$1build-2"');
      expect(updated).not.toBe(script);
      await writeFile(sw, updated);

      // The pages' hourly check, now (Chromium answers the first one about a minute after the worker was
      // registered): the new version installs and waits; both runs go on, neither page reloads.
      const tabs = [first, second];
      for (const tab of tabs) await tab.evaluate(() => ((window as unknown as Marked).labMarker = 1));
      await first.evaluate(async () => (await navigator.serviceWorker.ready).update());
      for (const tab of tabs) await tab.getByTestId('update-ready').waitFor({ timeout: 30_000 });
      expect(await first.getByTestId('update-ready').textContent()).toContain('A new version is ready');
      expect(await violationsIn(first, '.app-update')).toEqual([]);
      for (const tab of tabs) {
        await waitForTraining(tab, await samplesSeen(tab));
        expect(await marker(tab)).toBe(1);
      }
      await screenshot(first, 'offline-update-ready');

      // Reload in the first tab: it switches to the new version; the second tab keeps its run and its message.
      await first.getByTestId('update-ready').getByRole('button', { name: 'Reload' }).click();
      await waitFor(
        'the new version in the first tab',
        () => build(first),
        (v) => v === '2',
        60_000,
      );
      expect(await marker(first)).toBeUndefined();
      await waitForTraining(first);
      expect(await first.getByTestId('update-ready').count()).toBe(0);
      await waitForTraining(second, await samplesSeen(second));
      expect(await marker(second)).toBe(1);
      expect(await build(second)).toBeNull();
      expect(await second.getByTestId('update-ready').isVisible()).toBe(true);

      // and switches when asked.
      await second.getByTestId('update-ready').getByRole('button', { name: 'Reload' }).click();
      await waitFor(
        'the new version in the second tab',
        () => build(second),
        (v) => v === '2',
        60_000,
      );
      await waitForTraining(second);
      expect(errors.filter((e) => !OFFLINE_PROBE.test(e))).toEqual([]);
    });
  });
});

interface Marked {
  labMarker?: number;
}

/** A value the test leaves on the page's window: it survives only as long as the page is not reloaded. */
function marker(page: Page): Promise<number | undefined> {
  return page.evaluate(() => (window as unknown as Marked).labMarker);
}

/** The new version's mark in index.html, or null on the old version (or mid-reload). */
function build(page: Page): Promise<string | null> {
  return page
    .evaluate(() => document.querySelector('meta[name="lab-build"]')?.getAttribute('content') ?? null)
    .catch(() => null);
}
