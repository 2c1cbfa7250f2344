/**
 * Vite: React, an ES-module worker (it code-splits the tfjs backends), relative asset paths so `dist/` works
 * from any sub-path, cross-origin isolation headers in dev and preview so the wasm backend can use threads
 * (without them it falls back to SIMD on one thread), and a Workbox service worker with a web manifest for
 * offline use and installing (docs/hosting.md).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/** Cross-origin isolation (SharedArrayBuffer, so the wasm backend gets threads); bench/vite.config.ts too. */
export const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

// The Content-Security-Policy is written once, in index.html's meta tag. Preview also sends it as a header, so
// it governs the worker too (a meta tag reaches only the page). The dev server relaxes it: React's refresh
// preamble is an inline script and Vite injects CSS as <style> elements.
const indexHtml = readFileSync(new URL('./index.html', import.meta.url), 'utf8');
export const CSP = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(indexHtml)?.[1] ?? '';
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

/**
 * Keeps, of the hashed files under assets/, those the app page can load: named in index.html or in a file it
 * loads, statically, lazily or as a worker (a chunk nothing loads is never needed offline). Names carry content
 * hashes, so finding a file's name in another file's text is a reference.
 */
function reachableFromApp(outDir: string, urls: readonly string[]): Set<string> {
  const assets = new Map(urls.filter((u) => u.startsWith('assets/')).map((u) => [basename(u), u]));
  const kept = new Set<string>();
  const pending = ['index.html'];
  while (pending.length > 0) {
    const url = pending.pop() as string;
    if (!/\.(html|js|css)$/.test(url)) continue;
    const text = readFileSync(resolve(outDir, url), 'utf8');
    for (const [name, asset] of assets)
      if (!kept.has(asset) && text.includes(name)) {
        kept.add(asset);
        pending.push(asset);
      }
  }
  return kept;
}

let outDir = 'dist';
const precacheAppOnly: Plugin = {
  name: 'precache-app-only',
  configResolved: (config) => {
    outDir = resolve(config.root, config.build.outDir);
  },
};

// Offline after the first visit: the generated service worker precaches the page, its scripts and styles, the
// training worker with every tfjs backend, the three wasm binaries, the formula fonts and the shipped experiment
// results; a new build waits until the page asks for it (src/boot/service-worker.ts), so a running page is never
// reloaded behind the user's back. Cached responses keep the headers they were
// fetched with (COOP/COEP, CSP), so a page served from the cache stays cross-origin isolated where the server
// isolated it.
const pwa = VitePWA({
  registerType: 'prompt',
  // Registered by src/boot/service-worker.ts through `virtual:pwa-register`: the CSP forbids the inline script
  // the plugin would inject, and the page shows its own update message.
  injectRegister: false,
  manifest: {
    name: 'RNN Learnability Lab',
    short_name: 'RNN Lab',
    description: 'Watch SGD train a recurrent network live in the browser, also offline.',
    // Relative to the manifest, so an install from a sub-path opens and stays under that sub-path.
    id: './',
    start_url: './',
    scope: './',
    display: 'standalone',
    // --accent and --page in src/ui/styles.css.
    theme_color: '#0a5bd8',
    background_color: '#f3f4f6',
    icons: [
      { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: 'icons/icon-maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
      { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  },
  workbox: {
    // KaTeX ships each font as woff2, woff and ttf; every browser that runs the lab takes woff2.
    globPatterns: ['*.{html,svg}', 'assets/*.{js,css,wasm,woff2}', 'experiments/*.{json,csv}'],
    manifestTransforms: [
      (entries) => {
        const reachable = reachableFromApp(
          outDir,
          entries.map((e) => e.url),
        );
        return {
          manifest: entries.filter((e) => !e.url.startsWith('assets/') || reachable.has(e.url)),
          warnings: [],
        };
      },
    ],
    // Room above Workbox's 2 MiB default for the unminified worker bundles and the wasm binaries to grow. A file
    // over the limit fails the build (vite-plugin-pwa 2) rather than silently dropping out of the cache.
    maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
    navigateFallback: 'index.html',
    // A first visit is controlled at once (nothing is lost: no older worker serves it); updates still wait.
    clientsClaim: true,
  },
});

/** How the tfjs workers are built and served: shared with the benchmark page's build (bench/vite.config.ts). */
export const workerBuild = {
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
} satisfies UserConfig;

/**
 * The code version "cite this run" names: RNN_LAB_CODE_VERSION when set (a container build), else the package
 * version and the git commit (the CLI's sweep shards record the same, src/cli/sweep-version.ts), marked dirty
 * when the sources have uncommitted changes; the package version alone without git.
 */
function codeVersion(): string {
  const given = process.env.RNN_LAB_CODE_VERSION?.trim();
  if (given) return given;
  const pkg = (JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string })
    .version;
  try {
    const git = (args: string[]) =>
      execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const commit = git(['rev-parse', 'HEAD']);
    const dirty = git(['status', '--porcelain', '--', 'src', 'package.json', 'package-lock.json']) !== '';
    return `${pkg}+${commit}${dirty ? '.dirty' : ''}`;
  } catch {
    return pkg;
  }
}

export default defineConfig({
  base: './',
  define: { __CODE_VERSION__: JSON.stringify(codeVersion()) },
  plugins: [react(), devCsp, precacheAppOnly, pwa],
  ...workerBuild,
  server: { headers: isolation },
  preview: { headers: { ...isolation, 'Content-Security-Policy': CSP } },
  build: {
    target: 'es2022',
    // tfjs backends are large by nature; they load in the worker, not on the main thread.
    chunkSizeWarningLimit: 2000,
    // The app alone: the SGD step benchmark page has its own build (bench/vite.config.ts).
  },
});
