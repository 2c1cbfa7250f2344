/**
 * Chart export: the whole figure (title, subtitle, legend, plot and caption) as one standalone SVG document,
 * or as a PNG rasterized from it. Canvas layers (heatmaps) are embedded as PNG images under the plot's SVG,
 * and the HTML parts of the figure become SVG text, so the file renders the same outside the page: every
 * colour, size and font is written into the file, nothing depends on the page's style sheets.
 */
import { get2d } from './canvas';
import { fontSizeOf, isShown, measureText, wrapText } from './chart-export-text';
import { FALLBACK_WIDTH } from './shell';
import { COLORS, FONT_FAMILY } from './theme';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** White margin around the exported figure, in CSS pixels. */
const PAD = 16;
/** Interactive overlays that would only show a stale hover state in a file. */
const HOVER_ONLY = ['.hover', '.hover-capture', '.cell-highlight'];

/** An export in progress: the SVG root and its size in CSS pixels. */
interface ExportFigure {
  svg: SVGSVGElement;
  width: number;
  height: number;
}

function svgElement<K extends keyof SVGElementTagNameMap>(
  doc: Document,
  tag: K,
  attrs: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const node = doc.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

/** The chart figure `element` is, or holds. */
function chartFigure(element: HTMLElement): HTMLElement {
  const figure = element.matches('.rl-chart') ? element : element.querySelector<HTMLElement>('.rl-chart');
  if (!figure) throw new Error('exportChart: the element is not a chart and holds none (no .rl-chart)');
  return figure;
}

/** Lines of wrapped text from `top` down; returns the y below the last line. */
function addParagraph(
  parent: SVGElement,
  text: string,
  style: { size: number; weight: number; color: string; className: string },
  top: number,
  width: number,
): number {
  let y = top;
  for (const line of wrapText(text, style.size, width, style.weight)) {
    const node = svgElement(parent.ownerDocument, 'text', {
      class: style.className,
      x: PAD,
      y: y + style.size,
      'font-size': style.size,
      'font-weight': style.weight,
      fill: style.color,
    });
    node.textContent = line;
    parent.appendChild(node);
    y += Math.round(style.size * 1.3);
  }
  return y;
}

/** The HTML legend as rows of swatch + label, wrapped to `width`; returns the y below it. */
function addLegend(parent: SVGElement, legend: HTMLElement, top: number, width: number): number {
  const items = Array.from(legend.querySelectorAll<HTMLElement>('.rl-legend-item'));
  if (!items.length) return top;
  const size = fontSizeOf(legend, 13);
  const group = svgElement(parent.ownerDocument, 'g', { class: 'rl-export-legend' });
  parent.appendChild(group);
  const rowHeight = Math.round(size * 1.4);
  let x = PAD;
  let y = top + 6;
  for (const item of items) {
    const swatch = item.querySelector('svg');
    const label = item.querySelector('.rl-legend-label')?.textContent ?? '';
    const sw = Number(swatch?.getAttribute('width') ?? 0);
    const sh = Number(swatch?.getAttribute('height') ?? 0);
    const itemWidth = sw + 6 + measureText(label, size);
    if (x > PAD && x + itemWidth > PAD + width) {
      x = PAD;
      y += rowHeight + 4;
    }
    if (swatch) {
      const copy = swatch.cloneNode(true) as SVGSVGElement;
      copy.setAttribute('x', String(x));
      copy.setAttribute('y', String(y + (rowHeight - sh) / 2));
      copy.setAttribute('overflow', 'visible');
      group.appendChild(copy);
    }
    const text = svgElement(parent.ownerDocument, 'text', {
      x: x + sw + 6,
      y: y + rowHeight / 2,
      dy: '0.35em',
      'font-size': size,
      fill: COLORS.text,
    });
    text.textContent = label;
    group.appendChild(text);
    x += itemWidth + 18;
  }
  return y + rowHeight + 2;
}

/** A canvas layer as a PNG data URL, or null where it cannot be read (no 2D context, as in jsdom). */
function canvasDataUrl(canvas: HTMLCanvasElement): string | null {
  if (canvas.width <= 1 || canvas.height <= 1 || !get2d(canvas)) return null;
  try {
    return canvas.toDataURL('image/png');
  } catch {
    return null;
  }
}

/** The plot: canvas layers as images, then a copy of the SVG without hover-only layers. */
function addPlot(parent: SVGElement, figure: HTMLElement, top: number): { width: number; height: number } {
  const doc = parent.ownerDocument;
  const plotSvg = figure.querySelector<SVGSVGElement>('svg.rl-chart-svg');
  const width = Number(plotSvg?.getAttribute('width')) || FALLBACK_WIDTH;
  const height = Number(plotSvg?.getAttribute('height')) || 0;
  const group = svgElement(doc, 'g', { class: 'rl-export-plot', transform: `translate(${PAD},${top})` });
  parent.appendChild(group);
  for (const canvas of figure.querySelectorAll<HTMLCanvasElement>('canvas.rl-chart-canvas')) {
    const href = canvasDataUrl(canvas);
    if (!href) continue;
    group.appendChild(
      svgElement(doc, 'image', {
        class: 'rl-export-canvas',
        x: 0,
        y: 0,
        width: parseFloat(canvas.style.width) || width,
        height: parseFloat(canvas.style.height) || height,
        preserveAspectRatio: 'none',
        href,
      }),
    );
  }
  if (plotSvg) {
    const copy = plotSvg.cloneNode(true) as SVGSVGElement;
    for (const selector of HOVER_ONLY) copy.querySelectorAll(selector).forEach((n) => n.remove());
    copy.querySelectorAll<SVGElement>('[style*="display: none"]').forEach((n) => n.remove());
    const fontSize = fontSizeOf(plotSvg as unknown as HTMLElement, 13);
    copy.removeAttribute('style');
    copy.setAttribute('x', '0');
    copy.setAttribute('y', '0');
    copy.setAttribute('overflow', 'visible');
    copy.setAttribute('font-size', String(fontSize));
    group.appendChild(copy);
  }
  const empty = figure.querySelector<HTMLElement>('.rl-chart-empty');
  if (isShown(empty)) {
    const note = svgElement(doc, 'text', {
      class: 'rl-export-empty',
      x: width / 2,
      y: height / 2,
      dy: '0.35em',
      'text-anchor': 'middle',
      'font-size': fontSizeOf(empty, 14),
      fill: COLORS.muted,
    });
    note.textContent = empty.textContent ?? '';
    group.appendChild(note);
  }
  return { width, height };
}

/** Builds the standalone SVG of the chart figure in (or at) `element`. */
function buildExport(element: HTMLElement): ExportFigure {
  const figure = chartFigure(element);
  const doc = figure.ownerDocument;
  const plotSvg = figure.querySelector('svg.rl-chart-svg');
  const plotWidth = Number(plotSvg?.getAttribute('width')) || FALLBACK_WIDTH;
  const width = plotWidth + 2 * PAD;
  const svg = svgElement(doc, 'svg', {
    version: '1.1',
    width,
    'font-family': FONT_FAMILY,
    role: 'img',
  });
  const title = figure.querySelector<HTMLElement>('.rl-chart-title');
  const titleText = title?.textContent ?? '';
  const label = svgElement(doc, 'title', {});
  label.textContent = figure.getAttribute('aria-label') ?? titleText;
  svg.appendChild(label);
  const background = svgElement(doc, 'rect', { width: '100%', height: '100%', fill: COLORS.background });
  svg.appendChild(background);
  let y = PAD;
  const paragraph = (node: HTMLElement | null, className: string, weight: number, color: string): void => {
    const text = node?.textContent?.trim() ?? '';
    if (!isShown(node) || !text) return;
    y = addParagraph(svg, text, { size: fontSizeOf(node, 13), weight, color, className }, y, plotWidth);
  };
  paragraph(title, 'rl-export-title', 600, COLORS.text);
  paragraph(figure.querySelector<HTMLElement>('.rl-chart-subtitle'), 'rl-export-subtitle', 400, COLORS.muted);
  const legend = figure.querySelector<HTMLElement>('.rl-chart-legend');
  if (isShown(legend)) y = addLegend(svg, legend, y, plotWidth);
  y += 4;
  const plot = addPlot(svg, figure, y);
  y += plot.height;
  const caption = figure.querySelector<HTMLElement>('.rl-chart-caption');
  if (isShown(caption) && caption.textContent) {
    y += 8;
    paragraph(caption, 'rl-export-caption', 400, COLORS.muted);
  }
  const height = Math.ceil(y + PAD);
  svg.setAttribute('height', String(height));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  return { svg, width, height };
}

/**
 * The chart figure in (or at) `element` as a standalone SVG document: title, subtitle, legend, plot (canvas
 * layers embedded as `<image href="data:image/png;base64,…">`) and caption, sized in CSS pixels.
 */
export function exportChartSvg(element: HTMLElement): string {
  const { svg } = buildExport(element);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svg)}`;
}

/**
 * The chart figure in (or at) `element` as a PNG, `scale` device pixels per CSS pixel (2 suits slides and
 * print). Rasterizes the SVG of exportChartSvg, so both files show the same picture. Needs a browser.
 */
export async function exportChartPng(element: HTMLElement, scale = 2): Promise<Blob> {
  const { svg, width, height } = buildExport(element);
  const text = new XMLSerializer().serializeToString(svg);
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  const context = canvas.getContext('2d');
  if (!context) throw new Error('exportChartPng: this browser gives no 2D canvas');
  context.fillStyle = COLORS.background;
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('exportChartPng: the canvas gave no PNG'))),
      'image/png',
    ),
  );
}

/** A file name for the chart's export from its title: "Learning curve" → "learning-curve.svg". */
export function chartFileName(element: HTMLElement, extension: 'svg' | 'png'): string {
  const title = chartFigure(element).querySelector('.rl-chart-title')?.textContent ?? 'chart';
  const slug = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${slug || 'chart'}.${extension}`;
}
