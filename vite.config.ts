/**
 * Vite: React, an ES-module worker (it code-splits the tfjs backends), relative asset paths so `dist/` works
 * from any sub-path, and cross-origin isolation headers in dev and preview so the wasm backend can use threads
 * (without them it falls back to SIMD on one thread).
 */
import { readFileSync } from 'node:fs';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

// The Content-Security-Policy is written once, in index.html's meta tag. Preview also sends it as a header, so
// it governs the worker too (a meta tag reaches only the page). The dev server relaxes it: React's refresh
// preamble is an inline script and Vite injects CSS as <style> elements.
const indexHtml = readFileSync(new URL('./index.html', import.meta.url), 'utf8');
const CSP = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(indexHtml)?.[1] ?? '';
const devCsp: Plugin = {
  name: 'relax-csp-in-dev',
  apply: 'serve',
  transformIndexHtml: (html) =>
    html.replace(
      CSP,
      CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
        "style-src 'self'",
        "style-src 'self' 'unsafe-inline'",
      ),
    ),
};

export default defineConfig({
  base: './',
  plugins: [react(), devCsp],
  worker: {
    format: 'es',
    // The threaded wasm backend starts its pthreads from the source text of its factory
    // (`factory.toString()`), which minification breaks: mangling renames the outer `_scriptDir` and compression
    // drops its `typeof` guard, and every pthread then dies with a ReferenceError. The worker bundle stays
    // unminified (it loads once, inside the worker); the main-thread bundle is minified as usual.
    rolldownOptions: { output: { minify: false } },
  },
  // The worker imports the backends lazily; pre-bundle them up front so the dev server does not discover them
  // (and reload) mid-run. The wasm binaries come through `?url` imports and setWasmPaths either way.
  optimizeDeps: {
    include: [
      '@tensorflow/tfjs-core',
      '@tensorflow/tfjs-backend-cpu',
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-backend-webgl',
      '@tensorflow/tfjs-backend-webgpu',
    ],
  },
  assetsInclude: ['**/*.wasm'],
  server: { headers: isolation },
  preview: { headers: { ...isolation, 'Content-Security-Policy': CSP } },
  build: {
    target: 'es2022',
    // tfjs backends are large by nature; they load in the worker, not on the main thread.
    chunkSizeWarningLimit: 2000,
    // The app, and the SGD step benchmark page (npm run bench -- --browser; also useful on real GPUs).
    rolldownOptions: { input: { main: 'index.html', bench: 'bench.html' } },
  },
});
