/**
 * The custom RNN kernels (src/model/kernels) in real Chromium: the bench page (bench/index.html, built here
 * with its own config, since the app's build does not ship it) times case S on
 * WebGPU (SwiftShader) and on WebGL, and each row must come from the kernels, agree with tfjs autodiff's first
 * update, train (the loss falls), and leave no tensor behind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildBenchPage, serveBenchPage } from '../../bench/browser/bench-browser';
import type { BenchState } from '../../bench/src/page';
import { launch, type Browser } from './chromium';

let browser: Browser | undefined;
let benchDir = '';
let bench: { url: string; close(): Promise<void> } | undefined;

beforeAll(async () => {
  benchDir = mkdtempSync(join(tmpdir(), 'rnn-lab-kernels-'));
  await buildBenchPage(benchDir);
  bench = await serveBenchPage(benchDir);
}, 180_000);

afterAll(async () => {
  await bench?.close();
  rmSync(benchDir, { recursive: true, force: true });
});

afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

async function benchState(backend: 'webgpu' | 'webgl'): Promise<{ state: BenchState; errors: string[] }> {
  browser = await launch({ webgpu: backend === 'webgpu' });
  const { page, errors } = browser;
  await page.goto(`${bench!.url}?backends=${backend}&cases=S&seconds=0.3`);
  await page.waitForFunction(() => window.benchState?.status === 'done', null, {
    timeout: 120_000,
    polling: 500,
  });
  return { state: await page.evaluate(() => window.benchState), errors };
}

describe.each(['webgpu', 'webgl'] as const)('custom RNN kernels on %s', (backend) => {
  it('train case S, agreeing with autodiff and leaking nothing', async () => {
    const { state, errors } = await benchState(backend);
    expect(state.failures).toEqual([]);
    expect(errors.filter((e) => !e.includes('favicon'))).toEqual([]);
    expect(state.rows).toHaveLength(1);
    const row = state.rows[0] as BenchState['rows'][number];
    expect(row.backend).toBe(backend);
    expect(row.customKernels).toBe(true);
    expect(row.updateAgreement).toBeLessThan(1e-5);
    expect(row.engineLoss[1]).toBeLessThan(row.engineLoss[0]);
    expect(state.warnings).toEqual([]);
  });
});
