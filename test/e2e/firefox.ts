/**
 * Launches the system Firefox ESR (Debian's `firefox-esr`, never a downloaded build) over WebDriver BiDi with
 * puppeteer-core, headless, with a fresh profile that puppeteer creates and removes. Playwright's Firefox needs
 * its own patched build; stock Firefox speaks BiDi.
 *
 * The launch turns on every GPU path Firefox has here, so that the app's automatic choice is made among all
 * of them (docs/research-notes.md, "Firefox ESR"):
 * - WebGPU is off by default in Firefox ESR on Linux: `dom.webgpu.enabled` exposes `navigator.gpu`
 *   (`requestAdapter()` then finds no adapter on a machine without Vulkan).
 * - WebGL is blocklisted on Mesa's llvmpipe ("AllowWebgl2:false") and headless Firefox finds no GL driver
 *   through GLX: `webgl.force-enabled` and MOZ_WEBGL_FORCE_EGL=1 (EGL's surfaceless platform) give a WebGL 2
 *   context on llvmpipe, the CPU emulation the app passes over.
 *
 * One part of the automation itself is switched off: every WebDriver BiDi session registers a worker listener
 * (the `WebDriverWorkerListener` process actor, a WorkerDebuggerManager listener) in each content process,
 * and with it in place a worker that starts workers of its own blocks for good in `new Worker()` on about a
 * third of page loads (Firefox ESR 153; a page that starts 8 workers from a worker, no app code: 19 of 50
 * loads hung with the listener, 0 of 20 without it, 0 of 50 with no BiDi session at all). The training
 * worker starts wasm's 8 pthread workers that way, so under BiDi the lab would hang on a quarter of loads
 * where a user's Firefox never does. `--remote-allow-system-access` lets the helper unregister that actor
 * from the browser's chrome context; nothing the tests use needs it (they never address worker realms).
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import puppeteer, { type Browser as PuppeteerBrowser, type Page } from 'puppeteer-core';
import { waitFor } from './lab-page';

export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

export const FIREFOX_PREFS: Record<string, unknown> = {
  'dom.webgpu.enabled': true,
  'gfx.webgpu.ignore-blocklist': true,
  'webgl.force-enabled': true,
};
export const FIREFOX_ENV = { MOZ_WEBGL_FORCE_EGL: '1' };

export interface Firefox {
  browser: PuppeteerBrowser;
  page: Page;
  /** Console errors and uncaught page errors, for the test to check and print. */
  errors: string[];
  /** Closes Firefox; kills its process when BiDi does not answer in 15 s. Safe to call twice. */
  close(): Promise<void>;
}

export async function launchFirefox(options: { width?: number; height?: number } = {}): Promise<Firefox> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: FIREFOX_PREFS,
    env: { ...process.env, ...FIREFOX_ENV },
    // Firefox's first start with a new profile takes 8–20 s on two busy cores.
    timeout: 90_000,
    protocolTimeout: 120_000,
  });
  const close = async () => {
    if (!browser.connected) {
      browser.process()?.kill('SIGKILL');
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((done) => {
      timer = setTimeout(() => done('timeout'), 15_000);
    });
    const closed = browser.close().then(
      () => 'closed' as const,
      () => 'failed' as const,
    );
    if ((await Promise.race([closed, timeout])) !== 'closed') browser.process()?.kill('SIGKILL');
    clearTimeout(timer);
  };
  try {
    await removeWorkerListener(browser);
    const page = (await browser.pages())[0] ?? (await browser.newPage());
    await page.setViewport({ width: options.width ?? 1440, height: options.height ?? 900 });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`page: ${e instanceof Error ? e.message : String(e)}`));
    return { browser, page, errors, close };
  } catch (e) {
    await close();
    throw e;
  }
}

interface BidiConnection {
  send(
    method: string,
    params: object,
  ): Promise<{ result: { contexts?: { context: string }[]; type?: string; exceptionDetails?: unknown } }>;
}

/**
 * Unregisters the BiDi worker listener (see the top of this file) in the parent process, which removes it from
 * every content process. Fails loudly when this Firefox has no such actor: then check whether nested workers
 * still hang under BiDi (docs/research-notes.md, "Firefox ESR") before dropping the step.
 */
async function removeWorkerListener(browser: PuppeteerBrowser): Promise<void> {
  const connection = (browser as unknown as { connection: BidiConnection }).connection;
  const tree = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 });
  const chrome = tree.result.contexts?.[0]?.context;
  if (!chrome)
    throw new Error('Firefox lists no chrome browsing context (is --remote-allow-system-access on?)');
  const r = await connection.send('script.evaluate', {
    expression: 'ChromeUtils.unregisterProcessActor("WebDriverWorkerListener")',
    target: { context: chrome },
    awaitPromise: false,
  });
  if (r.result.type !== 'success')
    throw new Error(
      `could not unregister Firefox's WebDriverWorkerListener actor: ${JSON.stringify(r.result.exceptionDetails)}`,
    );
}

/** The text of the element with this test id ('' when there is none). */
export function text(page: Page, testId: string): Promise<string> {
  return page.evaluate((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '', testId);
}

export async function samplesSeen(page: Page): Promise<number> {
  const v = await page.evaluate(() =>
    document.querySelector('[data-testid="samples-seen"]')?.getAttribute('data-value'),
  );
  return v === undefined || v === null ? Number.NaN : Number(v);
}

/** The newest evaluated test error, or NaN before the first evaluation. */
export async function testError(page: Page): Promise<number> {
  const v = await page.evaluate(() =>
    document.querySelector('[data-testid="test-error"]')?.getAttribute('data-value'),
  );
  return v === undefined || v === null || v === '' ? Number.NaN : Number(v);
}

/** Opens `url` and waits until the page reports the backend it chose; returns its name. */
export async function openLab(page: Page, url: string, timeoutMs = 60_000): Promise<string> {
  await page.goto(url);
  return waitFor(
    'a backend',
    () => text(page, 'backend'),
    (b) => b !== '' && b !== '…',
    timeoutMs,
  );
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The viewport box of the first element matching `selector`; fails when there is none. */
export async function boxOf(page: Page, selector: string): Promise<Box> {
  const box = await page.evaluate((s) => {
    const r = document.querySelector(s)?.getBoundingClientRect();
    return r ? { x: r.x, y: r.y, width: r.width, height: r.height } : null;
  }, selector);
  if (!box) throw new Error(`${selector}: no such element`);
  return box;
}

/** Saves a screenshot of the viewport at `path` (its folder is made when missing). */
export async function screenshotTo(page: Page, path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await page.screenshot({ path: path as `${string}.png` });
}
