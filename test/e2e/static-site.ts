/**
 * The built app copied under `/lab/` of a plain static server that sends content types only (as GitHub Pages
 * would: no isolation headers), which a test can stop and start again to take the network away.
 */
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { DIST, freePort } from './preview-server';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.csv': 'text/csv; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.png': 'image/png',
};

export interface StaticSite {
  /** The folder served at `/` (the app is in its `lab/`). */
  root: string;
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  /** `http://127.0.0.1:<port>/lab/`. */
  lab: string;
  start(): Promise<void>;
  /** Stops serving and drops open connections: the page has no network to this origin. */
  stop(): Promise<void>;
  /** Stops and removes the copy. */
  remove(): Promise<void>;
}

export async function staticSite(): Promise<StaticSite> {
  const root = await mkdtemp(join(tmpdir(), 'rnn-lab-site-'));
  await cp(DIST, join(root, 'lab'), { recursive: true });
  const port = await freePort();
  let server: Server | undefined;
  const stop = async () => {
    const s = server;
    if (!s) return;
    server = undefined;
    s.closeAllConnections();
    await new Promise((done) => s.close(done));
  };
  return {
    root,
    origin: `http://127.0.0.1:${port}`,
    lab: `http://127.0.0.1:${port}/lab/`,
    async start() {
      const s = createServer((req, res) => {
        void (async () => {
          const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
          let file = normalize(join(root, path));
          if (!file.startsWith(root)) return void res.writeHead(403).end();
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
      await new Promise<void>((done) => s.listen(port, '127.0.0.1', done));
      server = s;
    },
    stop,
    async remove() {
      await stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
