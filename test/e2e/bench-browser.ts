/**
 * The browser half of `npm run bench -- --browser`: builds the app with its bench page into a private folder
 * (so a build here never disturbs dist/, which the browser tests serve), serves it with `vite preview` and the
 * project's config (the real COOP/COEP headers), and runs bench.html in headless Chromium, one browser per
 * backend (WebGPU needs SwiftShader flags). Returns the rows the page measured.
 *
 * SwiftShader timings say nothing about real GPUs; compare within one run (ratios).
 */
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, preview } from 'vite';
import type { BenchCaseName } from '../../src/bench/cases';
import type { BenchState } from '../../src/bench/page';
import type { PageBackend } from '../../src/bench/protocol';
import type { BenchRow } from '../../src/bench/rows';
import { launch } from './chromium';
import { freePort, ROOT } from './preview-server';

export interface BrowserBenchOptions {
  backends: PageBackend[];
  cases: BenchCaseName[];
  seconds: number;
  /** Strip COOP/COEP from every response, so the page is not cross-origin isolated. */
  notIsolated: boolean;
  /** Time the generic tfjs ops where a backend has the custom RNN kernels. */
  generic: boolean;
  /** wasm's XNNPACK thread count (null: the app's default). */
  wasmThreads: number | null;
  /** WebGPU's WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE (null: the app's setting). */
  webgpuSubmitBatch: number | null;
  /** Reuse the previous build in BUILD_DIR. */
  skipBuild: boolean;
  /** Progress lines (stderr in the CLI). */
  log: (line: string) => void;
}

export interface BrowserBenchResult {
  rows: BenchRow[];
  failures: { backend: string; message: string }[];
  warnings: string[];
}

/** Where the bench build goes: outside the repository's dist/ (RNN_LAB_BENCH_BUILD names another folder). */
export const BUILD_DIR = process.env.RNN_LAB_BENCH_BUILD ?? join(tmpdir(), 'rnn-lab-bench-build');
const CONFIG_FILE = resolve(ROOT, 'vite.config.ts');
/** Generous: case M on the cpu backend alone takes about a minute. */
const PAGE_TIMEOUT_MS = 30 * 60_000;

async function measureBackend(
  baseUrl: string,
  backend: PageBackend,
  options: BrowserBenchOptions,
): Promise<BenchState> {
  const browser = await launch({ webgpu: backend === 'webgpu' });
  try {
    const { context, page } = browser;
    if (options.notIsolated) {
      await context.route('**/*', async (route) => {
        const response = await route.fetch();
        const headers = { ...response.headers() };
        delete headers['cross-origin-opener-policy'];
        delete headers['cross-origin-embedder-policy'];
        await route.fulfill({ response, headers });
      });
    }
    page.on('console', (m) => {
      if (m.text().startsWith('[bench] ')) options.log(m.text().slice(8));
    });
    const query = `backends=${backend}&cases=${options.cases.join(',')}&seconds=${options.seconds}${options.generic ? '&kernels=off' : ''}${options.wasmThreads === null ? '' : `&threads=${options.wasmThreads}`}${options.webgpuSubmitBatch === null ? '' : `&submitBatch=${options.webgpuSubmitBatch}`}`;
    await page.goto(`${baseUrl}bench.html?${query}`);
    await page.waitForFunction(() => window.benchState?.status === 'done', null, {
      timeout: PAGE_TIMEOUT_MS,
      polling: 1000,
    });
    const state = await page.evaluate(() => window.benchState);
    state.failures.push(...browser.errors.map((message) => ({ backend, message })));
    return state;
  } finally {
    await browser.close();
  }
}

/** Builds (unless skipped), serves and measures every requested browser backend in turn. */
export async function runBrowserBench(options: BrowserBenchOptions): Promise<BrowserBenchResult> {
  if (!options.skipBuild) {
    options.log(`building the app and bench page into ${BUILD_DIR}...`);
    await build({
      root: ROOT,
      configFile: CONFIG_FILE,
      logLevel: 'warn',
      build: { outDir: BUILD_DIR, emptyOutDir: true },
    });
  }
  const port = await freePort();
  const server = await preview({
    root: ROOT,
    configFile: CONFIG_FILE,
    logLevel: 'warn',
    build: { outDir: BUILD_DIR },
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
  });
  const result: BrowserBenchResult = { rows: [], failures: [], warnings: [] };
  try {
    for (const backend of options.backends) {
      const state = await measureBackend(`http://127.0.0.1:${port}/`, backend, options);
      result.rows.push(...state.rows);
      result.failures.push(...state.failures);
      result.warnings.push(...state.warnings);
    }
  } finally {
    await server.close();
  }
  return result;
}
