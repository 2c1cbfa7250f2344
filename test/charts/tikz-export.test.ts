// @vitest-environment jsdom
/**
 * TikZ export: text escaped for LaTeX, colours defined once from any CSS form, transforms applied, a whole
 * learning-curve figure converted element for element, a heatmap's raster layer drawn as its cells (exactly,
 * or averaged down past the cap, and said so), gradient legends as stripes, and nothing dropped silently.
 */
import { interpolateRgb, rgb } from 'd3';
import { afterEach, describe, expect, it } from 'vitest';
import { exportChartSvg } from '../../src/charts/chart-export';
import {
  exportChartTikz,
  svgToTikz,
  tikzFileName,
  type RasterPixels,
} from '../../src/charts/chart-export-tikz';
import { createLossChart } from '../../src/charts/loss-chart';
import { createPositionChart } from '../../src/charts/position-chart';
import { parseTransform, apply } from '../../src/charts/svg-transform';
import { halve, rasterCells } from '../../src/charts/tikz-raster';
import { latexText } from '../../src/charts/tikz-text';
import { num, strokeOptions, TikzDefinitions } from '../../src/charts/tikz-writer';
import { demoLossData, demoPositionData } from './demo-data';
import { mountContainer } from './dom';

afterEach(() => document.body.replaceChildren());

const SVG_NS = 'http://www.w3.org/2000/svg';

function parseSvg(text: string): SVGSVGElement {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  expect(doc.querySelector('parsererror')).toBeNull();
  return doc.documentElement as unknown as SVGSVGElement;
}

/** A tiny SVG document with `body` inside, converted. */
function convert(body: string, options = {}): string {
  return svgToTikz(parseSvg(`<svg xmlns="${SVG_NS}" width="100" height="50">${body}</svg>`), options);
}

/** The \definecolor names by hex. */
function colorNames(tex: string): Map<string, string> {
  return new Map(
    Array.from(tex.matchAll(/\\definecolor\{(\w+)\}\{HTML\}\{([0-9A-F]{6})\}/g), (m) => [
      m[2] as string,
      m[1] as string,
    ]),
  );
}

function lossChart() {
  const container = mountContainer();
  const chart = createLossChart(container);
  chart.update(demoLossData);
  chart.flush();
  return { container, chart };
}

describe('latexText', () => {
  it('escapes the characters special to TeX and keeps plain text', () => {
    expect(latexText('a & b % c $ d # e _ f { g } h ~ i ^ j \\ k').tex).toBe(
      'a \\& b \\% c \\$ d \\# e \\_ f \\{ g \\} h \\textasciitilde{} i \\textasciicircum{} j \\textbackslash{} k',
    );
    expect(latexText('x < y > z | w').tex).toBe('x $<$ y $>$ z $|$ w');
    // "--" would become an en dash.
    expect(latexText('a--b').tex).toBe('a-{}-{}b');
    expect(latexText('samples seen (sequences)')).toEqual({ tex: 'samples seen (sequences)', missing: [] });
  });

  it('writes the Unicode of chart text as text or math commands, accents as accent commands', () => {
    expect(latexText('ε reached at 43.5k samples').tex).toBe('$\\varepsilon$ reached at 43.5k samples');
    expect(latexText('‖W − W₀‖ · √m').tex).toBe('$\\|$W $-$ W$_0$$\\|$ $\\cdot$ $\\surd$m');
    expect(latexText('σ η Φ Δ α').tex).toBe('$\\sigma$ $\\eta$ $\\Phi$ $\\Delta$ $\\alpha$');
    expect(latexText('“it’s” — 1–2 …').tex).toBe("``it's'' --- 1--2 \\dots{}");
    expect(latexText('xᵢ → x²').tex).toBe('x$_i$ $\\to$ x$^2$');
    expect(latexText('Erdős café naïve').tex).toBe('Erd\\H{o}s caf\\\'{e} na\\"{\\i}ve');
  });

  it('writes ? for a character it cannot set, and reports it', () => {
    expect(latexText('ok ✓ 中')).toEqual({ tex: 'ok ? ?', missing: ['✓', '中'] });
  });
});

describe('colours, numbers and strokes', () => {
  it('defines each colour once, from hex, names, rgb() and rgba(), and drops none and transparent', () => {
    const defs = new TikzDefinitions();
    const a = defs.color('#0072B2');
    expect(defs.color('#0072b2')).toEqual(a);
    expect(defs.color('rgb(0, 114, 178)')).toEqual(a);
    expect(defs.color('white')).toEqual({ name: 'rl1', alpha: 1 });
    expect(defs.color('rgba(255, 0, 0, 0.25)')).toEqual({ name: 'rl2', alpha: 0.25 });
    expect(defs.color('none')).toBeNull();
    expect(defs.color('transparent')).toBeNull();
    expect(defs.color('not a colour')).toBeNull();
    expect(defs.colorLines()).toEqual([
      '\\definecolor{rl0}{HTML}{0072B2}',
      '\\definecolor{rl1}{HTML}{FFFFFF}',
      '\\definecolor{rl2}{HTML}{FF0000}',
    ]);
  });

  it('writes numbers TeX reads, and strokes with widths, dashes, joins and opacity in points', () => {
    expect([num(1.005), num(-0.0001), num(2), num(1e-9), num(123456.789)]).toEqual([
      '1',
      '0',
      '2',
      '0',
      '123456.79',
    ]);
    const options = strokeOptions(
      {
        color: { name: 'rl0', alpha: 0.5 },
        opacity: 0.8,
        width: 2,
        dash: [7],
        dashOffset: 2,
        lineJoin: 'round',
        lineCap: 'round',
      },
      1,
    );
    expect(options).toEqual([
      'draw=rl0',
      'line width=1.5pt',
      'draw opacity=0.4',
      'dash pattern=on 5.25pt off 5.25pt',
      'dash phase=1.5pt',
      'line join=round',
      'line cap=round',
    ]);
  });
});

describe('svgToTikz, element by element', () => {
  it('draws lines, rects, circles, polylines and paths in px units with y down, and applies transforms', () => {
    const tex = convert(
      '<g transform="translate(10,20)" stroke="#333333" fill="none">' +
        '<line x1="0" y1="0" x2="5" y2="0"/>' +
        '<rect x="1" y="2" width="3" height="4" fill="#ff0000" stroke="none"/>' +
        '<circle cx="2" cy="3" r="4" fill="blue" stroke-width="2"/>' +
        '<polygon points="0,0 1,0 1,1"/>' +
        '<path d="M0,0h5" stroke-dasharray="2 1" opacity="0.5"/>' +
        '</g>',
    );
    const c = colorNames(tex);
    expect(tex).toContain('x=0.75pt,\n  y=-0.75pt');
    expect(tex).toContain(`\\path[draw=${c.get('333333')},line width=0.75pt] (10,20) -- (15,20);`);
    expect(tex).toContain(
      `\\path[fill=${c.get('FF0000')}] (11,22) -- (14,22) -- (14,26) -- (11,26) -- cycle;`,
    );
    expect(tex).toContain(
      `\\path[fill=${c.get('0000FF')},draw=${c.get('333333')},line width=1.5pt] (12,23) circle[radius=4];`,
    );
    expect(tex).toContain('(10,20) -- (11,20) -- (11,21) -- cycle;');
    expect(tex).toContain('draw opacity=0.5,dash pattern=on 1.5pt off 0.75pt] (10,20) -- (15,20);');
  });

  it('turns rotated shapes and text with the transform, and scales widths and sizes with it', () => {
    const m = parseTransform('translate(-53.66,127.5) rotate(-90)');
    expect(apply(m, { x: 10, y: 0 })).toEqual({ x: expect.closeTo(-53.66, 9), y: expect.closeTo(117.5, 9) });
    expect(apply(parseTransform('rotate(90, 10, 10)'), { x: 20, y: 10 })).toEqual({
      x: expect.closeTo(10, 9),
      y: expect.closeTo(20, 9),
    });
    expect(apply(parseTransform('matrix(2 0 0 3 1 1) scale(2)'), { x: 1, y: 1 })).toEqual({ x: 5, y: 7 });
    const tex = convert(
      '<text transform="translate(20,30) rotate(-90)" text-anchor="middle" font-size="14" font-weight="500" fill="#111">error</text>' +
        '<g transform="scale(2)"><text x="5" y="10" dy="0.5em" font-size="10" font-weight="bold" text-anchor="end">x</text>' +
        '<line x2="10" stroke="black"/></g>',
    );
    expect(tex).toMatch(/\\node\[rlfont0,anchor=base,text=rl\d+,rotate=90\] at \(20,30\) \{error\};/);
    expect(tex).toContain('rlfont0/.style={font=\\sffamily\\fontsize{10.5}{12.6}\\selectfont}');
    // Under scale(2): position (10, 30) with dy 0.5em of 10px, a 15 pt bold font, a 1.5 pt line.
    expect(tex).toMatch(/\\node\[rlfont1,anchor=base east,text=rl\d+\] at \(10,30\) \{x\};/);
    expect(tex).toContain('rlfont1/.style={font=\\sffamily\\bfseries\\fontsize{15}{18}\\selectfont}');
    expect(tex).toMatch(/line width=1.5pt\] \(0,0\) -- \(20,0\);/);
  });

  it('inherits fill, stroke and font from groups, resolves currentColor and % lengths, skips what is hidden', () => {
    const tex = convert(
      '<rect width="100%" height="100%" fill="#ffffff"/>' +
        '<g fill="#00ff00" color="#123456" font-size="20"><text x="1" y="2">a</text>' +
        '<text x="1" y="2" fill="currentColor">b</text><text display="none">c</text>' +
        '<text visibility="hidden">d</text><title>tooltip</title></g>',
    );
    const c = colorNames(tex);
    expect(tex).toContain(`\\path[fill=${c.get('FFFFFF')}] (0,0) -- (100,0) -- (100,50) -- (0,50) -- cycle;`);
    expect(tex).toContain(`text=${c.get('00FF00')}] at (1,2) {a};`);
    expect(tex).toContain(`text=${c.get('123456')}] at (1,2) {b};`);
    expect(tex).not.toMatch(/\{[cd]\};|tooltip/);
    expect(tex).toContain('\\fontsize{15}{18}');
  });

  it('lists what it cannot draw in the header instead of dropping it silently', () => {
    const tex = convert(
      '<use href="#x"/><image x="1" y="2" width="30" height="10" href="data:image/png;base64,AAAA"/><text x="0" y="9">✓ done</text>',
    );
    expect(tex).toContain('% Note: <use> elements are not drawn.');
    expect(tex).toContain('% Note: an image layer could not be read and is drawn as a grey frame.');
    expect(tex).toMatch(
      /dash pattern=on 3pt off 2.25pt\] \(1,2\) -- \(31,2\) -- \(31,12\) -- \(1,12\) -- cycle;/,
    );
    expect(tex).toContain('% Note: characters with no LaTeX counterpart are written as ?: ✓');
  });
});

describe('a whole chart', () => {
  it('converts the learning curve: every text a node, every series a path, inside one tikzpicture', async () => {
    const { container, chart } = lossChart();
    const tex = await exportChartTikz(container);
    const svg = parseSvg(exportChartSvg(container));
    const width = Number(svg.getAttribute('width'));
    const height = Number(svg.getAttribute('height'));
    expect(tex.match(/\\begin\{tikzpicture\}/g)).toHaveLength(1);
    expect(tex.trimEnd().endsWith('\\end{tikzpicture}')).toBe(true);
    expect(tex.startsWith('% Learning curve: a TikZ picture')).toBe(true);
    expect(tex).toContain('\\usepackage{tikz}');
    expect(tex).toContain(`scale={min(1,\\linewidth/${num(width * 0.75)}pt)}`);
    // Only comments before the picture, and every colour used is defined.
    const before = tex.slice(0, tex.indexOf('\\begin{tikzpicture}'));
    expect(before.split('\n').filter((l) => l && !l.startsWith('%'))).toEqual([]);
    const defined = new Set(colorNames(tex).values());
    for (const [, name] of tex.matchAll(/(?:draw|fill|text)=(rl\d+)/g))
      expect(defined.has(name as string)).toBe(true);

    // One node per drawn text, the title first, in document order.
    const texts = Array.from(svg.querySelectorAll('text'))
      .filter((t) => (t.textContent ?? '').trim() && !t.closest('[display="none"]'))
      .map((t) => t.textContent?.trim());
    const nodes = Array.from(tex.matchAll(/\\node\[[^\]]*\] at \([^)]*\) \{(.*)\};/g), (m) => m[1]);
    expect(nodes.length).toBe(texts.length);
    expect(nodes[0]).toBe('Learning curve');
    expect(nodes).toContain('samples seen (sequences)');
    // The rotated y-axis title reads bottom to top; tick labels of the y axis hang off their right end.
    expect(tex).toMatch(/anchor=base,text=rl\d+,rotate=90\] at \([\d.]+,[\d.]+\) \{error \(log scale\)\};/);
    expect(tex).toMatch(/anchor=base east,text=rl\d+\] at \([\d.]+,[\d.]+\) \{0.01\};/);

    // The test-error series: its colour, width and as many points as its SVG path.
    const testPath = chart.element.querySelector('path.series-test')?.getAttribute('d') ?? '';
    const points = (testPath.match(/[ML]/g) ?? []).length;
    const blue = colorNames(tex).get('0072B2');
    const series = tex
      .split('\n')
      .filter((l) => l.startsWith(`\\path[draw=${blue},`) && (l.match(/--/g) ?? []).length > 10);
    expect(series).toHaveLength(1);
    expect((series[0]?.match(/\(/g) ?? []).length).toBe(points);
    // The legend's dashed sample and the plot's reference lines carry dash patterns.
    expect(tex).toMatch(/dash pattern=on [\d.]+pt off [\d.]+pt/);
    // Everything lies on the page: coordinates within the figure.
    for (const [, x, y] of tex.matchAll(/\((-?[\d.]+),(-?[\d.]+)\)/g)) {
      expect(Number(x)).toBeGreaterThanOrEqual(-1);
      expect(Number(x)).toBeLessThanOrEqual(width + 1);
      expect(Number(y)).toBeGreaterThanOrEqual(-1);
      expect(Number(y)).toBeLessThanOrEqual(height + 1);
    }
    expect(tikzFileName(container)).toBe('learning-curve.tex');
  });
});

/** An RGBA image from rows of colour keys ('.' transparent). */
function pixels(rows: string[], palette: Record<string, [number, number, number, number]>): RasterPixels {
  const height = rows.length;
  const width = rows[0]?.length ?? 0;
  const data = new Uint8ClampedArray(width * height * 4);
  rows.forEach((row, y) =>
    Array.from(row).forEach((key, x) => data.set(palette[key] ?? [0, 0, 0, 0], (y * width + x) * 4)),
  );
  return { width, height, data };
}

describe('raster layers', () => {
  const palette: Record<string, [number, number, number, number]> = {
    a: [68, 1, 84, 255],
    b: [33, 145, 140, 255],
    c: [253, 231, 37, 128],
  };

  it('turns runs of equal pixels into rectangles, identical rows into one band, transparent into nothing', () => {
    const image = pixels(['aabb', 'aabb', 'cc..', 'aaaa'], palette);
    expect(rasterCells(image)).toEqual({
      block: 1,
      cells: [
        { x0: 0, y0: 0, x1: 2, y1: 2, rgba: palette.a },
        { x0: 2, y0: 0, x1: 4, y1: 2, rgba: palette.b },
        { x0: 0, y0: 2, x1: 2, y1: 3, rgba: palette.c },
        { x0: 0, y0: 3, x1: 4, y1: 4, rgba: palette.a },
      ],
    });
  });

  it('averages the image down 2×2 at a time past the cap, and covers the same area', () => {
    const noisy = pixels(['abab', 'baba', 'abab', 'baba'], palette);
    expect(rasterCells(noisy).cells).toHaveLength(16);
    const coarse = rasterCells(noisy, 4);
    expect(coarse.block).toBe(2);
    expect(coarse.cells).toEqual([{ x0: 0, y0: 0, x1: 4, y1: 4, rgba: [51, 73, 112, 255] }]);
    expect(halve(pixels(['ab.'], palette))).toEqual({
      width: 2,
      height: 1,
      data: new Uint8ClampedArray([51, 73, 112, 255, 0, 0, 0, 0]),
    });
  });

  it('draws a heatmap chart with its cells: the canvas layer under the plot as filled rectangles', () => {
    const holder = mountContainer();
    const position = createPositionChart(holder);
    position.update(demoPositionData);
    position.flush();
    const svg = parseSvg(exportChartSvg(position.element));
    // jsdom has no canvas, so add the layer chart-export.ts embeds in a browser: 8 rows of 3 colours.
    const plot = svg.querySelector('.rl-export-plot') as Element;
    const image = svg.ownerDocument.createElementNS(SVG_NS, 'image');
    const href = 'data:image/png;base64,HEATMAP';
    Object.entries({ x: 0, y: 0, width: 300, height: 160, href }).forEach(([k, v]) =>
      image.setAttribute(k, String(v)),
    );
    plot.insertBefore(image, plot.firstChild);
    const rows = Array.from({ length: 8 }, (_, r) => (r % 2 ? 'aabbbc' : 'abbbcc'));
    const tex = svgToTikz(svg, { rasters: new Map([[href, pixels(rows, palette)]]) });
    expect(tex).toContain('% Note: an image layer (6 x 8 px) is drawn exactly as 24 filled rectangles.');
    const c = colorNames(tex);
    // The first row's cells, in px of the figure (the plot starts at x = 16): 50 px per image pixel.
    const top = Number(/translate\(16,([\d.]+)\)/.exec(plot.getAttribute('transform') ?? '')?.[1]);
    expect(tex).toContain(
      `\\fill[fill=${c.get('440154')}] (16,${num(top)}) rectangle (66.35,${num(top + 20.35)});`,
    );
    expect(tex).toContain(
      `\\fill[fill=${c.get('FDE725')},fill opacity=0.502] (216,${num(top)}) rectangle (316,${num(top + 20)});`,
    );
    // The cells come before the plot's axes, so the axes draw over them, as on the page.
    const firstCell = tex.indexOf('\\fill[fill=');
    expect(firstCell).toBeGreaterThan(0);
    expect(firstCell).toBeLessThan(tex.indexOf('{samples seen}'));
    // The colour legend's gradient becomes stripes, first and last in the ramp's end colours.
    const stops = svg.querySelectorAll('linearGradient stop');
    const stripes = tex
      .split('\n')
      .filter((l) => /^\\fill\[fill=rl\d+\] \(/.test(l) && !l.includes('rectangle'));
    expect(stripes).toHaveLength(4 * (stops.length - 1));
    // Each stripe takes the ramp's colour at its middle: the first a quarter of the way to the second stop.
    const [c0, c1] = [0, 1].map((k) => stops[k]?.getAttribute('stop-color') ?? '');
    const firstColor = rgb(interpolateRgb(c0 as string, c1 as string)(0.125))
      .formatHex()
      .slice(1)
      .toUpperCase();
    expect(stripes[0]).toContain(`fill=${c.get(firstColor)}]`);
    // Every stripe reaches the ramp's right end, so the next one covers the rest without a seam.
    const right = (line: string) =>
      Math.max(...Array.from(line.matchAll(/\((-?[\d.]+),/g), (m) => Number(m[1])));
    expect(new Set(stripes.map(right)).size).toBe(1);
    expect(tex).not.toContain('could not be read');
  });
});
