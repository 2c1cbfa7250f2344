/**
 * Offline after the first visit, in Firefox ESR: the lab served from a sub-path of a plain static server
 * installs its service worker, the server goes away, and the reloaded page renders and trains from the cache.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchFirefox, openLab, samplesSeen, type Firefox } from './firefox';
import { waitFor } from './lab-page';
import { staticSite, type StaticSite } from './static-site';

const SMALL_RUN = '?L=5&dIn=4&m=32&batch=8&ntest=128&backend=wasm';

let ff: Firefox | undefined;
let site: StaticSite | undefined;

beforeAll(async () => {
  site = await staticSite();
  await site.start();
  ff = await launchFirefox({ width: 1280, height: 800 });
}, 120_000);

afterAll(async () => {
  await ff?.close();
  await site?.remove();
}, 30_000);

/** Whether the page's origin answers a URL the service worker does not cache (a query it never saw). */
const reachable = (page: Page) =>
  page.evaluate(() =>
    fetch('index.html?network-probe', { cache: 'no-store' }).then(
      (r) => r.ok,
      () => false,
    ),
  );

describe('Firefox: offline after the first visit', () => {
  it('reloaded with the server gone, the lab renders and trains from the cache', async () => {
    const { page } = ff!;
    await openLab(page, `${site!.lab}${SMALL_RUN}`);
    await page.waitForSelector('[data-testid="offline-ready"]', { timeout: 90_000 });
    const controlled = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      return { scope: registration.scope, controller: navigator.serviceWorker.controller !== null };
    });
    expect(controlled).toEqual({ scope: site!.lab, controller: true });
    expect(await reachable(page)).toBe(true);

    await site!.stop();
    expect(await reachable(page)).toBe(false);
    await page.reload();
    expect(
      await waitFor(
        'a backend after the offline reload',
        () => page.evaluate(() => document.querySelector('[data-testid="backend"]')?.textContent ?? ''),
        (b) => b !== '' && b !== '…',
        60_000,
      ),
    ).toBe('wasm');
    const first = await waitFor(
      'training offline',
      () => samplesSeen(page),
      (n) => n > 0,
      60_000,
    );
    await waitFor(
      'training goes on offline',
      () => samplesSeen(page),
      (n) => n > first,
      60_000,
    );
  });
});
