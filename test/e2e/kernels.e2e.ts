/**
 * The custom RNN kernels (src/model/kernels) in real Chromium: the bench page (bench.html) times case S on
 * WebGPU (SwiftShader) and on WebGL, and each row must come from the kernels, agree with tfjs autodiff's first
 * update, train (the loss falls), and leave no tensor behind.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { BenchState } from '../../src/bench/page';
import { launch, type Browser } from './chromium';

let browser: Browser | undefined;

afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

async function benchState(backend: 'webgpu' | 'webgl'): Promise<{ state: BenchState; errors: string[] }> {
  browser = await launch({ webgpu: backend === 'webgpu' });
  const { page, errors } = browser;
  await page.goto(`${inject('baseUrl')}bench.html?backends=${backend}&cases=S&seconds=0.3`);
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
