/**
 * Serves the built app (`dist/`, from `vite build`) with `vite preview` on a free localhost port, using the
 * project's vite.config.ts (so the COOP/COEP headers are the real ones).
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

export async function startPreview(): Promise<PreviewServer> {
  if (!existsSync(resolve(ROOT, 'dist/index.html')))
    throw new Error('dist/ is missing: run `npx vite build` first (npm run test:e2e does).');
  const port = await freePort();
  const server = await preview({
    root: ROOT,
    configFile: resolve(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => server.close(),
  };
}
