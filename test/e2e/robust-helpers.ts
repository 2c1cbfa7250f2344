/**
 * Helpers for the robustness browser tests: a Chromium page that records every Content-Security-Policy
 * violation and every dialog, and the page's test hooks (`?test-hooks=1`): inject a fault, read the worker's
 * heartbeat and the checkpoint the page holds.
 */
import type { Page } from 'playwright-core';
import type { Fault, HeartbeatMessage } from '../../src/worker/protocol/recovery-messages';
import { launch, type Browser } from './chromium';
import { openLab } from './lab-page';

/** Small enough for SwiftShader and quick on wasm. */
export const SMALL = 'L=5&dIn=4&m=32&batch=8&ntest=128';

export interface WatchedBrowser extends Browser {
  /** Alerts, confirms or prompts the page opened (an injected script would). */
  dialogs: string[];
}

/** Launches Chromium with a page that records CSP violations (in `window.__csp`) and dialogs. */
export async function launchWatched(options: { webgpu: boolean }): Promise<WatchedBrowser> {
  const browser = await launch(options);
  const dialogs: string[] = [];
  await browser.context.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__csp.push(
        `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`,
      );
    });
  });
  browser.page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  return { ...browser, dialogs };
}

/** Every CSP violation the page saw, plus any the worker reported through an error message or the console. */
export async function cspViolations(page: Page, errors: string[]): Promise<string[]> {
  const inPage = await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
  const shown = await page.evaluate(
    () => (window as unknown as { __rnnLab?: { errors(): string[] } }).__rnnLab?.errors() ?? [],
  );
  const policy = /Content Security Policy|security policy/i;
  return [...inPage, ...shown.filter((e) => policy.test(e)), ...errors.filter((e) => policy.test(e))];
}

export async function inject(page: Page, fault: Fault, ms?: number): Promise<void> {
  await page.evaluate(
    ([f, d]) =>
      (window as unknown as { __rnnLab: { inject(f: string, d?: number): void } }).__rnnLab.inject(f, d),
    [fault, ms] as const,
  );
}

export async function heartbeat(page: Page): Promise<HeartbeatMessage | null> {
  return page.evaluate(() =>
    (window as unknown as { __rnnLab: { heartbeat(): HeartbeatMessage | null } }).__rnnLab.heartbeat(),
  );
}

/** The checkpoint the page holds (step and samples), or null. */
export async function pageCheckpoint(page: Page): Promise<{ step: number; samplesSeen: number } | null> {
  return page.evaluate(() =>
    (
      window as unknown as { __rnnLab: { checkpoint(): { step: number; samplesSeen: number } | null } }
    ).__rnnLab.checkpoint(),
  );
}

/** Opens `query` with test hooks and waits for a backend; dismisses the link notice about the hook key. */
export async function openWithHooks(page: Page, baseUrl: string, query: string): Promise<string> {
  const backend = await openLab(page, `${baseUrl}?${query}&test-hooks=1`);
  const error = page.getByTestId('error-message');
  if ((await error.count()) > 0 && /test-hooks/.test((await error.textContent()) ?? ''))
    await error.getByRole('button', { name: 'Dismiss' }).click();
  return backend;
}
