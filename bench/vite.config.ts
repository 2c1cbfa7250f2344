/**
 * The SGD step benchmark page's own build, kept out of the app's (`npm run build` ships no benchmark page):
 * bench/index.html and its worker, built like the app's training worker and served with the same cross-origin
 * isolation, so wasm gets its threads. `npm run bench -- --browser` and the kernel browser test build it into a
 * private folder (bench/browser/bench-browser.ts); `npx vite --config bench/vite.config.ts` serves it by hand at
 * /bench/index.html.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { CSP, isolation, workerBuild } from '../vite.config.ts';

const ROOT = resolve(import.meta.dirname, '..');

export default defineConfig({
  root: ROOT,
  base: './',
  // The app's public/ (favicon, experiments) is not the benchmark's.
  publicDir: false,
  ...workerBuild,
  server: { headers: isolation },
  // The app's Content-Security-Policy too, so the kernels are measured (and tested) under it.
  preview: { headers: { ...isolation, 'Content-Security-Policy': CSP } },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    rolldownOptions: {
      input: { bench: resolve(ROOT, 'bench/index.html'), stack: resolve(ROOT, 'bench/stack.html') },
    },
  },
});
