/**
 * Renders the app's install icons (public/icons/*.png, named in the web manifest in vite.config.ts) from the
 * favicon's drawing, with the system Chromium (no browser is downloaded). `any` icons keep the favicon's
 * rounded square; `maskable` icons fill the square and keep the drawing inside the central safe circle (radius
 * 40 % of the size), so a launcher may cut any shape out of them. Run `node scripts/make-icons.mjs` after
 * changing public/favicon.svg and commit the PNGs.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = resolve(ROOT, 'public/icons');
const favicon = await readFile(resolve(ROOT, 'public/favicon.svg'), 'utf8');
const drawing = /<svg[^>]*>([\s\S]*)<\/svg>/.exec(favicon)?.[1] ?? '';
const background = /<rect[^>]*fill="([^"]+)"/.exec(drawing)?.[1] ?? '#0a5bd8';
const strokes = drawing.replace(/<rect[^>]*\/>/, '');

const any = favicon;
const maskable =
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="${background}"/>` +
  `<g transform="translate(32 32) scale(0.72) translate(-32 -32)">${strokes}</g></svg>`;

const icons = [
  { file: 'icon-192.png', size: 192, svg: any },
  { file: 'icon-512.png', size: 512, svg: any },
  { file: 'icon-maskable-192.png', size: 192, svg: maskable },
  { file: 'icon-maskable-512.png', size: 512, svg: maskable },
];

await mkdir(OUT, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
try {
  for (const { file, size, svg } of icons) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    await page.setContent(
      `<html><body style="margin:0;background:transparent"><img src="${src}" width="${size}" height="${size}"></body></html>`,
    );
    await page.locator('img').evaluate((img) => img.decode());
    await page.screenshot({ path: resolve(OUT, file), omitBackground: true });
    await page.close();
    console.log(`public/icons/${file} (${size}×${size})`);
  }
} finally {
  await browser.close();
}
