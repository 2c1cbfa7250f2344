/**
 * The lab in Firefox ESR (Debian's `firefox-esr`, driven over WebDriver BiDi): it loads without console
 * errors, trains on the best backend Firefox offers on this machine and says so in the status bar, survives
 * the malformed link, has no axe-core violation, does not overflow a phone's width, and in projector mode at
 * 1920×1080 every chart lies inside the screen. One Firefox serves every test (its start is the slow part).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  boxOf,
  launchFirefox,
  openLab,
  samplesSeen,
  screenshotTo,
  testError,
  text,
  type Firefox,
} from './firefox';
import { CHART_IDS, SCREENSHOTS, waitFor } from './lab-page';

/** One line of the rates backend auto measured, under the status bar's "why?". */
interface Rate {
  backend: string;
  rate: number;
  text: string;
}

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let ff: Firefox | undefined;

beforeAll(async () => {
  ff = await launchFirefox({ width: 1440, height: 900 });
}, 120_000);

afterAll(async () => {
  await ff?.close();
}, 30_000);

function firefox(): Firefox {
  if (!ff) throw new Error('Firefox did not start');
  return ff;
}

/** The errors the page logged since `from` (an index into `errors`). */
const errorsSince = (from: number) => firefox().errors.slice(from);

/** Waits until samples seen passes `n`; returns the count. */
const trainedPast = (page: Page, n: number, timeoutMs = 60_000) =>
  waitFor(
    `samples seen past ${n}`,
    () => samplesSeen(page),
    (s) => s > n,
    timeoutMs,
  );

/** Whether every live chart has had data and draws it (no "waiting for data" note left). */
const chartsDrawn = (page: Page) =>
  page.evaluate(
    (ids) => {
      return ids.every((id) => {
        const panel = document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
        const empty = panel?.querySelector<HTMLElement>('.rl-chart-empty');
        return (
          Number(panel?.dataset.updates ?? 0) > 0 && (!empty || getComputedStyle(empty).display === 'none')
        );
      });
    },
    CHART_IDS as unknown as string[],
  );

/** What this Firefox offers the app's backends, measured in the page itself. */
const offered = (page: Page) =>
  page.evaluate(async () => {
    const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
    const adapter = gpu ? await gpu.requestAdapter() : null;
    const gl = document.createElement('canvas').getContext('webgl2');
    return {
      webgpu: gpu === undefined ? 'no navigator.gpu' : adapter === null ? 'no adapter' : 'an adapter',
      webgl: gl ? String(gl.getParameter(gl.RENDERER)) : 'no WebGL 2',
      isolated: crossOriginIsolated,
      cores: navigator.hardwareConcurrency,
    };
  });

describe('Firefox ESR', () => {
  it('hears console errors and uncaught errors of the page (so "no errors" below means something)', async () => {
    const { page } = firefox();
    const from = firefox().errors.length;
    await page.goto('about:blank');
    await page.evaluate(() => {
      console.error('probe: console.error');
      setTimeout(() => {
        throw new Error('probe: uncaught');
      });
    });
    await waitFor(
      'both probes',
      async () => errorsSince(from),
      (e) => e.length >= 2,
      10_000,
    );
    expect(errorsSince(from)).toEqual([
      expect.stringContaining('probe: console.error'),
      expect.stringContaining('probe: uncaught'),
    ]);
  });

  it('trains on wasm with threads, the best backend Firefox offers here, and the status bar says why', async () => {
    const { page } = firefox();
    const from = firefox().errors.length;
    const backend = await openLab(page, inject('baseUrl'));
    // What Firefox offers on this GPU-less machine: WebGPU without an adapter (no Vulkan driver), WebGL 2 only
    // on llvmpipe (Mesa's CPU rasteriser), and a cross-origin isolated page, so wasm may run threads. On the
    // defaults WebGL on llvmpipe trains about 290 samples/s against wasm's 1,200–1,600 (and cpu's 130;
    // docs/research-notes.md, "Firefox ESR"), which is why backend auto passes over it: wasm is the best
    // backend here. A machine with a real GPU would offer more; then this premise fails first and names what
    // changed.
    expect(
      await offered(page),
      'what Firefox offers (WebGL needs Mesa: apt-get install libegl1 libegl-mesa0 libgl1-mesa-dri)',
    ).toMatchObject({
      webgpu: 'no adapter',
      webgl: expect.stringMatching(/llvmpipe/),
      isolated: true,
    });
    expect(backend).toBe('wasm');
    // Backend auto timed wasm and cpu on this config and took the faster; it started WebGL, found llvmpipe
    // and did not time it; WebGPU found no adapter.
    const rates: Rate[] = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="backend-rates"] > li')].map((li) => ({
        backend: li.getAttribute('data-backend') ?? '',
        rate: Number(li.getAttribute('data-rate') || Number.NaN),
        text: li.textContent ?? '',
      })),
    );
    expect(rates.map((r) => r.backend)).toEqual(['wasm', 'cpu', 'webgl', 'webgpu']);
    const [wasm, cpu, webgl, webgpu] = rates as [Rate, Rate, Rate, Rate];
    expect(wasm.rate).toBeGreaterThan(cpu.rate);
    expect(wasm.text).toMatch(/^wasm: [\d,]+ samples\/s \(in use\)$/);
    expect(webgl.text).toMatch(
      /^webgl on llvmpipe: not timed \(its GPU is llvmpipe, an emulation on the CPU/,
    );
    expect(webgpu.text).toMatch(/^webgpu: did not start \(no WebGPU adapter/);
    const title = await page.evaluate(
      () => document.querySelector('[data-testid="backend"]')?.closest('div')?.getAttribute('title') ?? '',
    );
    expect(title).toContain('wasm threads: on');

    // Training runs: samples seen and the test error move on.
    await trainedPast(page, 0);
    const e0 = await waitFor('a first test error', () => testError(page), Number.isFinite, 30_000);
    const s1 = await samplesSeen(page);
    const t1 = Date.now();
    await waitFor(
      'the test error to fall below 60% of its first value',
      () => testError(page),
      (e) => e < 0.6 * e0,
      90_000,
    );
    const s2 = await trainedPast(page, s1 + 1000);
    const rate = ((s2 - s1) * 1000) / (Date.now() - t1);
    console.log(`Firefox ${await firefox().browser.version()}: wasm trains ${rate.toFixed(0)} samples/s`);
    expect(await text(page, 'backend')).toBe('wasm');
    await waitFor('every chart to draw', () => chartsDrawn(page), Boolean, 30_000);
    // docs/screenshots/firefox.png is a copy of this one: a learning curve with some history.
    await trainedPast(page, 8000, 90_000);
    await screenshotTo(page, resolve(SCREENSHOTS, 'firefox-lab.png'));
    expect(errorsSince(from)).toEqual([]);
  });

  it('survives the malformed link: a message, the defaults, and training', async () => {
    const { page } = firefox();
    const from = firefox().errors.length;
    await openLab(page, `${inject('baseUrl')}?%E0%A4%A=1&dIn=0`);
    const message = await text(page, 'error-message');
    expect(message).toContain('“%E0%A4%A=1” is not valid URL encoding, so it was left out.');
    expect(message).toMatch(/dIn: 0 is out of range/);
    expect(await page.$eval('#field-dIn', (e) => (e as HTMLInputElement).value)).toBe('2');
    await trainedPast(page, 0);
    expect(errorsSince(from)).toEqual([]);
  });

  it('axe-core finds nothing on the lab page', async () => {
    const { page } = firefox();
    await openLab(page, inject('baseUrl'));
    await trainedPast(page, 0);
    // Injected through BiDi, so the page's CSP (no inline script) stays as it is.
    await page.evaluate(AXE);
    const violations = await page.evaluate(async () => {
      interface AxeViolation {
        id: string;
        impact: string;
        nodes: { target: string[] }[];
      }
      const axe = (window as unknown as { axe: { run: () => Promise<{ violations: AxeViolation[] }> } }).axe;
      const r = await axe.run();
      return r.violations.map(
        (v) =>
          `${v.id} (${v.impact}): ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 3)
            .join(' | ')}`,
      );
    });
    expect(violations).toEqual([]);
  });

  it('steps through a sequence by mouse and keyboard, with no errors', async () => {
    const { page } = firefox();
    const from = firefox().errors.length;
    await openLab(page, `${inject('baseUrl')}?L=8&m=32&batch=8&ntest=128&seed=2&backend=wasm`);
    await trainedPast(page, 200);
    await page.click('[data-testid="open-step-through"]');
    const current = () =>
      page.evaluate(() => ({
        l: document.querySelector('[data-testid="step-current"]')?.getAttribute('data-l') ?? null,
        text: document.querySelector('[data-testid="step-position"]')?.textContent ?? '',
        bars: document.querySelectorAll('[data-testid="step-through-chart"] [data-panel="influence"] rect').length,
      }));
    await waitFor('the trace at l = 1', current, (v) => v.l === '1', 15_000);
    await page.click('[data-testid="step-next"]');
    await page.keyboard.press('ArrowRight');
    const third = await waitFor('l = 3', current, (v) => v.l === '3', 5_000);
    expect(third.text).toBe('l = 3 of 8 · target position');
    await page.keyboard.press('End');
    const last = await waitFor('l = 8', current, (v) => v.l === '8', 5_000);
    // Student and teacher bars for each earlier input 2..7.
    expect(last.bars).toBe(2 * 6);
    expect(await page.$eval('.status-bar .status', (e) => e.textContent ?? '')).toBe('paused');
    await screenshotTo(page, resolve(SCREENSHOTS, 'firefox-step-through.png'));
    await page.keyboard.press('Escape');
    await trainedPast(page, await samplesSeen(page));
    expect(errorsSince(from)).toEqual([]);
  });

  it('at 390×844 nothing overflows sideways and the learning curve starts in the first screen', async () => {
    const { page } = firefox();
    await page.setViewport({ width: 390, height: 844 });
    try {
      await openLab(page, inject('baseUrl'));
      await trainedPast(page, 1500);
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
      }));
      expect(innerWidth).toBe(390);
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
      const loss = await boxOf(page, '[data-testid="chart-loss"]');
      expect(loss.y).toBeLessThan(844 * 0.75);
      expect(loss.x + loss.width).toBeLessThanOrEqual(390);
    } finally {
      await page.setViewport({ width: 1440, height: 900 });
    }
  });
});

// The projector-layout check (the dashboard where status, run buttons and all six charts fit one screen), kept
// in its own block so it can be told apart from the checks above when the projector layout changes.
describe('Firefox ESR: projector mode at 1920×1080', () => {
  it('every chart panel lies inside the viewport', async () => {
    const { page } = firefox();
    await page.setViewport({ width: 1920, height: 1080 });
    try {
      await openLab(page, `${inject('baseUrl')}?present=1`);
      await trainedPast(page, 1000);
      const panels = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('[data-testid^="chart-"].chart-panel')].map((e) => {
          const r = e.getBoundingClientRect();
          return { id: e.dataset.testid ?? '', x: r.x, y: r.y, right: r.right, bottom: r.bottom };
        }),
      );
      expect(panels.map((p) => p.id).sort()).toEqual([...CHART_IDS].sort());
      for (const p of panels) {
        expect(p.x, p.id).toBeGreaterThanOrEqual(0);
        expect(p.y, p.id).toBeGreaterThanOrEqual(0);
        expect(p.right, p.id).toBeLessThanOrEqual(1920);
        expect(p.bottom, p.id).toBeLessThanOrEqual(1080);
      }
    } finally {
      await page.setViewport({ width: 1440, height: 900 });
    }
  });
});
