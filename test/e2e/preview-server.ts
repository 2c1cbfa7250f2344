/**
 * Serves the built app (`dist/`, from `vite build`) with `vite preview` on a free localhost port, using the
 * project's vite.config.ts (so the COOP/COEP headers are the real ones). LAB_DIST names another build folder
 * (`npx vite build --outDir .lab/dist-x`), so two builds can be tested side by side.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { preview } from 'vite';

export const ROOT = resolve(import.meta.dirname, '../..');

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export interface PreviewServer {
  url: string;
  close(): Promise<void>;
}

/** The built app to serve: `dist/`, or another build folder named by LAB_DIST (relative to the project). */
export const DIST = resolve(ROOT, process.env.LAB_DIST ?? 'dist');

export async function startPreview(): Promise<PreviewServer> {
  if (!existsSync(resolve(DIST, 'index.html')))
    throw new Error(`${DIST} is missing: run \`npx vite build\` first (npm run test:e2e does).`);
  const port = await freePort();
  const server = await preview({
    root: ROOT,
    configFile: resolve(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: DIST },
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => server.close(),
  };
}
