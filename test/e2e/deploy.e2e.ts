/**
 * Static deploy: the built `dist/` copied under a sub-path (`/lab/`) of a plain static server — no
 * cross-origin-isolation headers, as on GitHub Pages — loads in Chromium, starts its worker and the wasm
 * backend (without threads), trains, and loads the lazily loaded parts (formulas and their fonts) from the
 * sub-path too. Every request stays under `/lab/` and none fails.
 */
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, type Browser } from './chromium';
import { screenshot, samplesSeen, text, waitFor } from './lab-page';
import { DIST, freePort } from './preview-server';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.png': 'image/png',
};

let site: string;
let server: Server;
let origin: string;
let browser: Browser;

/** Serves files under `root` with their content types and nothing else: no special headers. */
function staticServer(root: string): Server {
  return createServer((req, res) => {
    void (async () => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      let file = normalize(join(root, path));
      if (!file.startsWith(root)) {
        res.writeHead(403).end();
        return;
      }
      if (file.endsWith('/')) file = join(file, 'index.html');
      try {
        const body = await readFile(file);
        res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
        res.end(body);
      } catch {
        res.writeHead(404).end('not found');
      }
    })();
  });
}

beforeAll(async () => {
  site = await mkdtemp(join(tmpdir(), 'rnn-lab-site-'));
  await cp(DIST, join(site, 'lab'), { recursive: true });
  server = staticServer(site);
  const port = await freePort();
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  origin = `http://127.0.0.1:${port}`;
  browser = await launch({ webgpu: false });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => server?.close(done));
  await rm(site, { recursive: true, force: true });
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
