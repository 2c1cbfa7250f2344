/**
 * Launches the system Chromium (never a downloaded one) with a fresh profile and the flags this offline,
 * GPU-less machine needs. `webgpu: true` adds SwiftShader WebGPU; without it WebGPU is unavailable and the
 * app must fall back to WebGL.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const BASE_ARGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const WEBGPU_ARGS = [
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
  '--enable-features=Vulkan',
];

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors, for the test to print on failure. */
  errors: string[];
  close(): Promise<void>;
}

export async function launch(options: {
  webgpu: boolean;
  width?: number;
  height?: number;
  /** A phone or tablet: touch events and a mobile viewport. */
  touch?: boolean;
}): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'rnn-lab-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...BASE_ARGS, ...(options.webgpu ? WEBGPU_ARGS : [])],
    viewport: { width: options.width ?? 1600, height: options.height ?? 1000 },
    ...(options.touch ? { hasTouch: true, isMobile: true } : {}),
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
  return {
    context,
    page,
    errors,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
