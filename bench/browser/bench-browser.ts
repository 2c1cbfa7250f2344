/**
 * The browser half of `npm run bench -- --browser`: builds the bench page (bench/vite.config.ts, not part of
 * the app's build) into a private folder, serves it with `vite preview` and the app's COOP/COEP and CSP
 * headers, and runs bench/index.html in headless Chromium, one browser per backend (WebGPU needs SwiftShader
 * flags). Returns the rows the page measured. The kernel browser test builds and serves it the same way.
 *
 * SwiftShader timings say nothing about real GPUs; compare within one run (ratios).
 */
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, preview } from 'vite';
import type { BenchCaseName } from '../src/cases';
import type { BenchState } from '../src/page';
import type { PageBackend } from '../src/protocol';
import type { BenchRow } from '../src/rows';
import { launch } from '../../test/e2e/chromium';
import { freePort, ROOT } from '../../test/e2e/preview-server';

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

/** Where the bench build goes: outside the repository (RNN_LAB_BENCH_BUILD names another folder). */
export const BUILD_DIR = process.env.RNN_LAB_BENCH_BUILD ?? join(tmpdir(), 'rnn-lab-bench-build');
const CONFIG_FILE = resolve(ROOT, 'bench/vite.config.ts');
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
    await page.goto(`${baseUrl}?${query}`);
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

/** Builds the bench page into `outDir` (emptied first). */
export async function buildBenchPage(outDir: string = BUILD_DIR): Promise<void> {
  await build({
    configFile: CONFIG_FILE,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
}

/** Serves a bench build on a free localhost port; `url` is the page's address (add `?backends=...`). */
export async function serveBenchPage(outDir: string = BUILD_DIR): Promise<{ url: string; close(): Promise<void> }> {
  const port = await freePort();
  const server = await preview({
    configFile: CONFIG_FILE,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
  });
  return { url: `http://127.0.0.1:${port}/bench/index.html`, close: () => server.close() };
}

/** Builds (unless skipped), serves and measures every requested browser backend in turn. */
export async function runBrowserBench(options: BrowserBenchOptions): Promise<BrowserBenchResult> {
  if (!options.skipBuild) {
    options.log(`building the bench page into ${BUILD_DIR}...`);
    await buildBenchPage();
  }
  const server = await serveBenchPage();
  const result: BrowserBenchResult = { rows: [], failures: [], warnings: [] };
  try {
    for (const backend of options.backends) {
      const state = await measureBackend(server.url, backend, options);
      result.rows.push(...state.rows);
      result.failures.push(...state.failures);
      result.warnings.push(...state.warnings);
    }
  } finally {
    await server.close();
  }
  return result;
}
