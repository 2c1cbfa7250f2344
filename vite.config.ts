/**
 * Vite: React, an ES-module worker (it code-splits the tfjs backends), relative asset paths so `dist/` works
 * from any sub-path, and cross-origin isolation headers in dev and preview so the wasm backend can use threads
 * (without them it falls back to SIMD on one thread).
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  base: './',
  plugins: [react()],
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
  preview: { headers: isolation },
  build: {
    target: 'es2022',
    // tfjs backends are large by nature; they load in the worker, not on the main thread.
    chunkSizeWarningLimit: 2000,
  },
});
