/**
 * Benchmark (not a test): while the worker trains at full speed in Chromium, does the main thread stay
 * responsive and do the charts keep up? Prints, per backend: frames per second of the page (counted with
 * requestAnimationFrame, which fires once per frame the browser paints), the longest gap between frames and
 * the share of gaps over 20 ms (a frame rate under 50 fps), main-thread long tasks (> 50 ms, from the Long
 * Tasks API), chart updates per second, the worker's speed and the share of time its metrics take.
 *
 *   npx vite build && npx tsx bench/browser/bench-main-thread.ts [--backends webgpu,webgl,wasm] [--seconds 20]
 *                                                           [--query "&m=128"]
 *
 * SwiftShader timings say nothing about real GPUs; compare within one run.
 */
import { parseArgs } from 'node:util';
import { launch } from '../../test/e2e/chromium';
import { CHART_IDS, chartStates, openLab, samplesSeen, screenshot, text, waitFor } from '../../test/e2e/lab-page';
import { startPreview } from '../../test/e2e/preview-server';

const { values } = parseArgs({
  options: {
    backends: { type: 'string', default: 'webgpu,webgl,wasm' },
    seconds: { type: 'string', default: '20' },
    query: { type: 'string', default: '' },
  },
});
const seconds = Number(values.seconds);
const backends = values.backends.split(',').filter(Boolean);

interface Figures {
  backend: string;
  framesPerSecond: number;
  longestFrameGapMs: number;
  /** Share of frame gaps over 20 ms. */
  slowFrameShare: number;
  longTasks: number;
  longestTaskMs: number;
  longTaskMsTotal: number;
  chartUpdatesPerSecond: Record<string, number>;
  stepsPerSecond: number;
  samplesPerSecond: number;
  evalFraction: number;
  heavyFraction: number;
  heavyEvery: number;
}

async function measure(baseUrl: string, backend: string): Promise<Figures> {
  const browser = await launch({ webgpu: backend === 'webgpu' });
  const { page } = browser;
  try {
    // Record long tasks from the first moment of the page.
    await page.addInitScript(() => {
      const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    // Every painted frame's time, from requestAnimationFrame. A string: tsx's compiled functions call a
    // helper (__name) that does not exist in the page.
    await page.addInitScript({
      content:
        'window.__frames = []; requestAnimationFrame(function tick(t) { window.__frames.push(t); ' +
        'requestAnimationFrame(tick); });',
    });
    await openLab(page, `${baseUrl}?backend=${backend}${values.query}`, 120_000);
    const actual = await text(page, 'backend');
    // Warm-up: past shader compilation and the first measurements.
    await waitFor(
      'training to start',
      () => samplesSeen(page),
      (n) => n > 0,
      180_000,
    );
    await page.waitForTimeout(5000);
    const t0 = await page.evaluate(() => performance.now());
    const before = await chartStates(page);
    const samples0 = await samplesSeen(page);
    await page.waitForTimeout(seconds * 1000);
    const t1 = await page.evaluate(() => performance.now());
    const after = await chartStates(page);
    const samples1 = await samplesSeen(page);
    const tasks = await page.evaluate(
      ([a, b]) =>
        (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks.filter(
          (t) => t.start >= (a as number) && t.start <= (b as number),
        ),
      [t0, t1],
    );
    const frames = await page.evaluate(
      ([a, b]) =>
        (window as unknown as { __frames: number[] }).__frames.filter(
          (t) => t >= (a as number) && t <= (b as number),
        ),
      [t0, t1],
    );
    const gaps = frames.slice(1).map((t, k) => t - (frames[k] as number));
    const stats = await page.locator('.status-bar').evaluate((el) => ({ ...(el as HTMLElement).dataset }));
    const rows = await page.locator('.status-bar dd').allTextContents();
    await screenshot(page, `bench-${backend}`);
    const dt = (t1 - t0) / 1000;
    const updates: Record<string, number> = {};
    CHART_IDS.forEach((id, k) => {
      updates[id] = Number((((after[k]?.updates ?? 0) - (before[k]?.updates ?? 0)) / dt).toFixed(1));
    });
    return {
      backend: actual,
      framesPerSecond: Number((frames.length / dt).toFixed(1)),
      longestFrameGapMs: Math.round(Math.max(0, ...gaps)),
      slowFrameShare: Number((gaps.filter((g) => g > 20).length / Math.max(1, gaps.length)).toFixed(3)),
      longTasks: tasks.length,
      longestTaskMs: Math.round(Math.max(0, ...tasks.map((t) => t.duration))),
      longTaskMsTotal: Math.round(tasks.reduce((s, t) => s + t.duration, 0)),
      chartUpdatesPerSecond: updates,
      stepsPerSecond: Number(rows[3]?.replace(/,/g, '') ?? 0),
      samplesPerSecond: Math.round((samples1 - samples0) / dt),
      evalFraction: Number(Number(stats.evalFraction).toFixed(3)),
      heavyFraction: Number(Number(stats.heavyFraction).toFixed(3)),
      heavyEvery: Number(stats.heavyEvery),
    };
  } finally {
    await browser.close();
  }
}

const server = await startPreview();
try {
  for (const backend of backends) {
    const f = await measure(server.url, backend);
    console.log(JSON.stringify(f));
  }
} finally {
  await server.close();
}
