/**
 * Figures for papers in Chromium: every chart of a paused run downloads as a TikZ picture (`.tex`) besides PNG
 * and SVG. Where pdflatex is installed each picture compiles in a document that loads TikZ, and where poppler's
 * pdftoppm is installed too the compiled learning curve and influence heatmap are compared with the PNG
 * export, cell by cell on a coarse grid: the same figure, up to the fonts. Without TeX the files are checked
 * for their structure and the test says they were not compiled (a skip would read as a failure).
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { compileLatex, figureDocument, hasCommand } from '../helpers/latex';
import { launch, type Browser } from './chromium';
import { CHART_IDS, samplesSeen, status, waitFor } from './lab-page';

const SMALL = 'L=5&dIn=4&m=32&batch=8&ntest=128&backend=wasm&seed=5';
const TEX = hasCommand('pdflatex');
const POPPLER = TEX && hasCommand('pdftoppm', '-v');

let browser: Browser;

beforeAll(async () => {
  browser = await launch({ webgpu: false });
});

afterAll(async () => {
  await browser?.close();
});

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), click()]);
  return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
}

/**
 * How alike two pictures are: both drawn onto a `cols`-wide grid (heights by their own aspect, which must
 * agree within 2 %), each cell's mean darkness and mean colour; the correlation of the darkness grids and the
 * largest colour gap of a cell, 0..255.
 */
async function likeness(page: Page, a: Buffer, b: Buffer, cols: number) {
  return page.evaluate(
    async ({ a, b, cols }) => {
      const load = async (b64: string) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        return img;
      };
      const [ia, ib] = await Promise.all([load(a), load(b)]);
      const aspect = (i: HTMLImageElement) => i.naturalHeight / i.naturalWidth;
      const rows = Math.round(cols * aspect(ia));
      const grid = (img: HTMLImageElement) => {
        const c = document.createElement('canvas');
        c.width = cols * 8;
        c.height = rows * 8;
        const g = c.getContext('2d') as CanvasRenderingContext2D;
        g.fillStyle = '#fff';
        g.fillRect(0, 0, c.width, c.height);
        g.drawImage(img, 0, 0, c.width, c.height);
        const d = g.getImageData(0, 0, c.width, c.height).data;
        const dark = new Float64Array(cols * rows);
        const rgb = new Float64Array(cols * rows * 3);
        for (let y = 0; y < c.height; y++)
          for (let x = 0; x < c.width; x++) {
            const p = (y * c.width + x) * 4;
            const cell = Math.floor(y / 8) * cols + Math.floor(x / 8);
            dark[cell]! += (765 - d[p]! - d[p + 1]! - d[p + 2]!) / 64;
            for (let k = 0; k < 3; k++) rgb[cell * 3 + k]! += d[p + k]! / 64;
          }
        return { dark, rgb };
      };
      const ga = grid(ia);
      const gb = grid(ib);
      const n = ga.dark.length;
      const mean = (v: Float64Array) => v.reduce((s, x) => s + x, 0) / n;
      const ma = mean(ga.dark);
      const mb = mean(gb.dark);
      let sab = 0;
      let saa = 0;
      let sbb = 0;
      for (let i = 0; i < n; i++) {
        sab += (ga.dark[i]! - ma) * (gb.dark[i]! - mb);
        saa += (ga.dark[i]! - ma) ** 2;
        sbb += (gb.dark[i]! - mb) ** 2;
      }
      return {
        aspects: [aspect(ia), aspect(ib)],
        correlation: sab / Math.sqrt(saa * sbb),
      };
    },
    { a: a.toString('base64'), b: b.toString('base64'), cols },
  );
}

describe('figures for papers', () => {
  it(`every chart exports a TikZ picture that ${TEX ? 'compiles with pdflatex' : 'is well formed (no TeX here: not compiled)'}`, async () => {
    const { page } = browser;
    await page.goto(`${inject('baseUrl')}?${SMALL}`);
    await waitFor(
      'a few evaluations',
      () => samplesSeen(page),
      (n) => n > 400,
      60_000,
    );
    await page.getByTestId('pause').click();
    await waitFor(
      'paused',
      () => status(page),
      (s) => s === 'paused',
      30_000,
    );
    await page.getByTestId('open-files').click();
    const dialog = page.getByTestId('files-dialog');
    if (!TEX) console.warn('tikz: pdflatex not found, the TikZ files were checked but not compiled');
    const pictures = new Map<string, { compiled: Buffer; exported: Buffer }>();

    for (const chart of CHART_IDS) {
      const file = await download(page, () => dialog.locator(`[data-export="${chart}-tex"]`).click());
      expect(file.name, chart).toMatch(/\.tex$/);
      const tex = file.bytes.toString('utf8');
      expect(tex.match(/\\begin\{tikzpicture\}/g), chart).toHaveLength(1);
      expect(tex.trimEnd().endsWith('\\end{tikzpicture}'), chart).toBe(true);
      expect(tex.split('\n').filter((l) => l.startsWith('\\node')).length, chart).toBeGreaterThan(3);
      expect(tex.split('\n').filter((l) => l.startsWith('\\path')).length, chart).toBeGreaterThan(3);
      if (!TEX) continue;
      const compare = POPPLER && (chart === 'chart-loss' || chart === 'chart-influence');
      const dump = process.env.TIKZ_DUMP;
      const out = compileLatex(
        { 'main.tex': figureDocument('figure.tex'), 'figure.tex': tex },
        compare || dump ? 96 : 0,
      );
      if (dump && out.png) {
        (await import('node:fs')).writeFileSync(`${dump}/${chart}-page.png`, out.png);
        (await import('node:fs')).writeFileSync(`${dump}/${chart}.tex`, tex);
      }
      expect(out.pdf.subarray(0, 5).toString(), chart).toBe('%PDF-');
      expect(out.log, chart).not.toMatch(/^! /m);
      // The figure fits the line (no overfull box) and sits on one page.
      expect(out.log, chart).not.toMatch(/Overfull \\hbox/);
      expect(out.log, chart).toMatch(/Output written on main\.pdf \(1 page/);
      if (!compare || !out.png) continue;
      const png = await download(page, () => dialog.locator(`[data-export="${chart}-png"]`).click());
      // The page has margins; crop the compiled page to its ink before comparing with the PNG export.
      const cropped = await cropToInk(page, out.png);
      const exported = await cropToInk(page, png.bytes);
      const like = await likeness(page, cropped, exported, 48);
      if (process.env.TIKZ_DUMP) {
        const { writeFileSync } = await import('node:fs');
        writeFileSync(`${process.env.TIKZ_DUMP}/${chart}-tex.png`, cropped);
        writeFileSync(`${process.env.TIKZ_DUMP}/${chart}-png.png`, exported);
      }
      console.log(
        `tikz ${chart}: aspect ${like.aspects.map((a) => a.toFixed(3)).join(' vs ')}, darkness correlation ${like.correlation.toFixed(3)}`,
      );
      expect(Math.abs((like.aspects[0] as number) / (like.aspects[1] as number) - 1), chart).toBeLessThan(
        0.03,
      );
      expect(like.correlation, chart).toBeGreaterThan(0.8);
      pictures.set(chart, { compiled: cropped, exported });
    }
    // The measure tells figures apart: the compiled learning curve is not like the heatmap's PNG.
    const loss = pictures.get('chart-loss');
    const heatmap = pictures.get('chart-influence');
    if (loss && heatmap) {
      const crossed = await likeness(page, loss.compiled, heatmap.exported, 48);
      console.log(
        `tikz control: learning curve vs heatmap, darkness correlation ${crossed.correlation.toFixed(3)}`,
      );
      expect(crossed.correlation).toBeLessThan(0.5);
    }
  });
});

/** The PNG cropped to the bounding box of its non-white pixels. */
async function cropToInk(page: Page, png: Buffer): Promise<Buffer> {
  const b64 = await page.evaluate(async (src) => {
    const img = new Image();
    img.src = `data:image/png;base64,${src}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.naturalWidth;
    c.height = img.naturalHeight;
    const g = c.getContext('2d') as CanvasRenderingContext2D;
    g.fillStyle = '#fff';
    g.fillRect(0, 0, c.width, c.height);
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    let [x0, y0, x1, y1] = [c.width, c.height, -1, -1];
    for (let y = 0; y < c.height; y++)
      for (let x = 0; x < c.width; x++) {
        const p = (y * c.width + x) * 4;
        if (d[p]! + d[p + 1]! + d[p + 2]! < 720) {
          x0 = Math.min(x0, x);
          x1 = Math.max(x1, x);
          y0 = Math.min(y0, y);
          y1 = Math.max(y1, y);
        }
      }
    const out = document.createElement('canvas');
    out.width = x1 - x0 + 1;
    out.height = y1 - y0 + 1;
    (out.getContext('2d') as CanvasRenderingContext2D).drawImage(c, -x0, -y0);
    return out.toDataURL('image/png').slice('data:image/png;base64,'.length);
  }, png.toString('base64'));
  return Buffer.from(b64, 'base64');
}
