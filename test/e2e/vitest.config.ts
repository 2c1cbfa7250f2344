/**
 * Browser tests: real Chromium against the built app served by `vite preview`. One file at a time (SwiftShader
 * is slow and the machine has two cores). Run with `npm run test:e2e`, which builds first.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: resolve(import.meta.dirname, '../..'),
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    environment: 'node',
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
