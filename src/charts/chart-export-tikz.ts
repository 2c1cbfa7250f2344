/**
 * Chart export as TikZ, for papers: the standalone SVG of chart-export.ts, walked element by element into one
 * `tikzpicture` that pdfLaTeX draws as the same figure. Paths (every SVG command, via svg-path.ts), lines,
 * rectangles, circles, polylines and text keep their geometry, colours, widths, dashes and opacity; nested
 * transforms are applied to the coordinates. Gradient fills become stripes of their colours, and canvas
 * layers (heatmap PNGs) become filled rectangles, one per run of equal pixels (tikz-raster.ts). What the
 * picture leaves out or coarsens is listed in its header, never dropped in silence.
 */
import { exportChartSvg, chartFileName } from './chart-export';
import { get2d } from './canvas';
import { parsePath, type PathSegment } from './svg-path';
import {
  apply,
  isAxisAligned,
  lengthScale,
  multiply,
  parseTransform,
  rotationOf,
  IDENTITY,
  type Matrix,
} from './svg-transform';
import { DEFAULT_CELL_CAP, rasterCells, type RasterPixels } from './tikz-raster';
import { latexText } from './tikz-text';
import {
  fillOptions,
  num,
  strokeOptions,
  tikzPath,
  TikzDefinitions,
  PT_PER_PX,
  type NamedColor,
} from './tikz-writer';
import { gradientRect, readGradients, type Gradient } from './tikz-gradient';

export type { RasterPixels } from './tikz-raster';

/** Options of svgToTikz. */
export interface TikzOptions {
  /** The pixels of each `<image>` by its href (decoded beforehand: decoding is asynchronous). */
  rasters?: ReadonlyMap<string, RasterPixels | null>;
  /** Most rectangles per raster layer (DEFAULT_CELL_CAP). */
  cellCap?: number;
}

/** Presentation properties that children inherit (SVG 1.1 §6.14). */
const INHERITED = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-dashoffset',
  'stroke-linejoin',
  'stroke-linecap',
  'font-size',
  'font-weight',
  'text-anchor',
  'color',
  'visibility',
] as const;
type Inherited = (typeof INHERITED)[number];

const DEFAULTS: Record<Inherited, string> = {
  fill: 'black',
  'fill-opacity': '1',
  stroke: 'none',
  'stroke-width': '1',
  'stroke-opacity': '1',
  'stroke-dasharray': 'none',
  'stroke-dashoffset': '0',
  'stroke-linejoin': 'miter',
  'stroke-linecap': 'butt',
  'font-size': '16',
  'font-weight': '400',
  'text-anchor': 'start',
  color: 'black',
  visibility: 'visible',
};

/** Elements that draw nothing themselves. */
const SILENT = new Set([
  'title',
  'desc',
  'metadata',
  'defs',
  'style',
  'linearGradient',
  'radialGradient',
  'stop',
]);

/** Where an element draws: its transform to the picture, opacity so far, viewport and inherited properties. */
interface Context {
  matrix: Matrix;
  opacity: number;
  viewport: { width: number; height: number };
  props: Record<Inherited, string>;
}

/** The picture being written: definitions, body lines and notes for the header. */
interface Picture {
  defs: TikzDefinitions;
  body: string[];
  notes: Set<string>;
  missing: Set<string>;
  gradients: Map<string, Gradient>;
  options: Required<TikzOptions>;
}

/** The inline style declarations of an element (`style="fill: red; opacity: .5"`). */
function styleOf(el: Element): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (el.getAttribute('style') ?? '').split(';')) {
    const at = part.indexOf(':');
    if (at > 0) out.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim());
  }
  return out;
}

/** A length in px: plain numbers and px, pt, em (of `fontSize`) and % (of `reference`). */
function length(value: string | null | undefined, reference: number, fontSize: number, fallback = 0): number {
  const m = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*(px|pt|em|%)?\s*$/i.exec(value ?? '');
  if (!m) return fallback;
  const v = Number(m[1]);
  const unit = (m[2] ?? 'px').toLowerCase();
  if (unit === '%') return (v / 100) * reference;
  if (unit === 'em') return v * fontSize;
  if (unit === 'pt') return v / PT_PER_PX;
  return v;
}

function childContext(el: Element, parent: Context): Context {
  const style = styleOf(el);
  const props = { ...parent.props };
  for (const name of INHERITED) {
    const value = style.get(name) ?? el.getAttribute(name);
    if (value && value !== 'inherit') props[name] = value.trim();
  }
  const opacity = Number(style.get('opacity') ?? el.getAttribute('opacity') ?? 1);
  return {
    matrix: multiply(parent.matrix, parseTransform(el.getAttribute('transform'))),
    opacity: parent.opacity * (Number.isFinite(opacity) ? Math.min(1, Math.max(0, opacity)) : 1),
    viewport: parent.viewport,
    props,
  };
}

function fontSize(ctx: Context): number {
  return length(ctx.props['font-size'], 16, 16, 16);
}

/** The colour of a fill or stroke value (currentColor resolved), or null for none. */
function paint(pic: Picture, ctx: Context, value: string): NamedColor | null {
  return pic.defs.color(value === 'currentColor' ? ctx.props.color : value);
}

/** The drawing options of a shape in context, or null when it draws nothing. */
function shapeOptions(pic: Picture, ctx: Context, filled: boolean): string[] | null {
  if (ctx.props.visibility === 'hidden' || ctx.opacity <= 0) return null;
  const options: string[] = [];
  const fill = filled ? paint(pic, ctx, ctx.props.fill) : null;
  if (fill) options.push(...fillOptions(fill, ctx.opacity * Number(ctx.props['fill-opacity'])));
  const stroke = paint(pic, ctx, ctx.props.stroke);
  const width = length(ctx.props['stroke-width'], ctx.viewport.width, fontSize(ctx), 1);
  if (stroke && width > 0) {
    const dash =
      ctx.props['stroke-dasharray'] === 'none'
        ? []
        : ctx.props['stroke-dasharray']
            .split(/[\s,]+/)
            .filter(Boolean)
            .map((d) => length(d, ctx.viewport.width, fontSize(ctx)));
    options.push(
      ...strokeOptions(
        {
          color: stroke,
          opacity: ctx.opacity * Number(ctx.props['stroke-opacity']),
          width,
          dash,
          dashOffset: length(ctx.props['stroke-dashoffset'], ctx.viewport.width, fontSize(ctx)),
          lineJoin: ctx.props['stroke-linejoin'],
          lineCap: ctx.props['stroke-linecap'],
        },
        lengthScale(ctx.matrix),
      ),
    );
  }
  return options.length ? options : null;
}

/** Draws local-coordinate segments in context. */
function drawSegments(pic: Picture, ctx: Context, segments: PathSegment[], filled = true): void {
  if (!segments.some((s) => s.type !== 'M' && s.type !== 'Z')) return;
  const options = shapeOptions(pic, ctx, filled);
  if (!options) return;
  const mapped = segments.map((s): PathSegment => {
    if (s.type === 'Z') return s;
    const end = apply(ctx.matrix, s);
    if (s.type !== 'C') return { type: s.type, ...end };
    const c1 = apply(ctx.matrix, { x: s.x1, y: s.y1 });
    const c2 = apply(ctx.matrix, { x: s.x2, y: s.y2 });
    return { type: 'C', x1: c1.x, y1: c1.y, x2: c2.x, y2: c2.y, ...end };
  });
  pic.body.push(`\\path[${options.join(',')}] ${tikzPath(mapped)};`);
}

function attr(el: Element, name: string, ctx: Context, reference: number): number {
  return length(el.getAttribute(name), reference, fontSize(ctx));
}

function rectSegments(x: number, y: number, w: number, h: number): PathSegment[] {
  return [
    { type: 'M', x, y },
    { type: 'L', x: x + w, y },
    { type: 'L', x: x + w, y: y + h },
    { type: 'L', x, y: y + h },
    { type: 'Z' },
  ];
}

function drawRect(pic: Picture, el: Element, ctx: Context): void {
  const { width: vw, height: vh } = ctx.viewport;
  const [x, y, w, h] = [
    attr(el, 'x', ctx, vw),
    attr(el, 'y', ctx, vh),
    attr(el, 'width', ctx, vw),
    attr(el, 'height', ctx, vh),
  ];
  if (!(w > 0 && h > 0)) return;
  const gradient = /^url\(#([^)]+)\)$/.exec(ctx.props.fill)?.[1];
  if (gradient !== undefined) {
    const found = pic.gradients.get(gradient);
    if (found) pic.body.push(...gradientRect(pic.defs, { x, y, w, h }, found, ctx.matrix, ctx.opacity));
    else pic.notes.add(`a fill of an unknown gradient (#${gradient}) is left out`);
    drawSegments(pic, ctx, rectSegments(x, y, w, h), false);
    return;
  }
  drawSegments(pic, ctx, rectSegments(x, y, w, h));
}

function drawCircle(pic: Picture, el: Element, ctx: Context, rx: number, ry: number): void {
  const { width: vw, height: vh } = ctx.viewport;
  const cx = attr(el, 'cx', ctx, vw);
  const cy = attr(el, 'cy', ctx, vh);
  if (!(rx > 0 && ry > 0)) return;
  const [a, b, c, d] = ctx.matrix;
  const similar = Math.abs(a * a + b * b - (c * c + d * d)) < 1e-9 && Math.abs(a * c + b * d) < 1e-9;
  if (rx === ry && similar) {
    const options = shapeOptions(pic, ctx, true);
    const centre = apply(ctx.matrix, { x: cx, y: cy });
    if (options)
      pic.body.push(
        `\\path[${options.join(',')}] (${num(centre.x)},${num(centre.y)}) circle[radius=${num(rx * lengthScale(ctx.matrix))}];`,
      );
    return;
  }
  const arc = `M${cx + rx},${cy}A${rx},${ry},0,1,1,${cx - rx},${cy}A${rx},${ry},0,1,1,${cx + rx},${cy}Z`;
  drawSegments(pic, ctx, parsePath(arc).segments);
}

function pointList(el: Element): PathSegment[] {
  const values = (el.getAttribute('points') ?? '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);
  const out: PathSegment[] = [];
  for (let i = 0; i + 1 < values.length; i += 2)
    out.push({ type: i ? 'L' : 'M', x: values[i] as number, y: values[i + 1] as number });
  return out;
}

const ANCHORS: Record<string, string> = { start: 'base west', middle: 'base', end: 'base east' };

function drawText(pic: Picture, el: Element, ctx: Context): void {
  const content = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
  const fill = paint(pic, ctx, ctx.props.fill);
  if (!content || !fill || ctx.props.visibility === 'hidden' || ctx.opacity <= 0) return;
  if (el.querySelector('tspan')) pic.notes.add('text spans are set as one line at their text’s position');
  if (paint(pic, ctx, ctx.props.stroke)) pic.notes.add('text outlines (halos) are left out');
  const size = fontSize(ctx);
  const first = (name: string): string | null =>
    el
      .getAttribute(name)
      ?.trim()
      .split(/[\s,]+/)[0] ?? null;
  const local = {
    x: length(first('x'), ctx.viewport.width, size) + length(first('dx'), ctx.viewport.width, size),
    y: length(first('y'), ctx.viewport.height, size) + length(first('dy'), ctx.viewport.height, size),
  };
  const at = apply(ctx.matrix, local);
  const weight = ctx.props['font-weight'];
  const bold = weight === 'bold' || weight === 'bolder' || Number(weight) >= 600;
  const options = [
    pic.defs.font(size * lengthScale(ctx.matrix), bold),
    `anchor=${ANCHORS[ctx.props['text-anchor']] ?? 'base west'}`,
    `text=${fill.name}`,
  ];
  const rotation = -rotationOf(ctx.matrix);
  if (Math.abs(rotation) > 1e-6) options.push(`rotate=${num(rotation, 3)}`);
  const alpha = fill.alpha * ctx.opacity * Number(ctx.props['fill-opacity']);
  if (alpha < 1) options.push(`text opacity=${num(alpha, 3)}`);
  const { tex, missing } = latexText(content);
  missing.forEach((ch) => pic.missing.add(ch));
  pic.body.push(`\\node[${options.join(',')}] at (${num(at.x)},${num(at.y)}) {${tex}};`);
}

function drawImage(pic: Picture, el: Element, ctx: Context): void {
  const { width: vw, height: vh } = ctx.viewport;
  const [x, y, w, h] = [
    attr(el, 'x', ctx, vw),
    attr(el, 'y', ctx, vh),
    attr(el, 'width', ctx, vw),
    attr(el, 'height', ctx, vh),
  ];
  const href = el.getAttribute('href') ?? el.getAttributeNS('http://www.w3.org/1999/xlink', 'href') ?? '';
  const pixels = pic.options.rasters.get(href);
  if (!pixels || !(w > 0 && h > 0)) {
    // Keep its place visible rather than lose it: a grey frame where the layer was.
    pic.notes.add('an image layer could not be read and is drawn as a grey frame');
    drawSegments(
      pic,
      {
        ...ctx,
        props: {
          ...ctx.props,
          fill: 'none',
          stroke: '#999999',
          'stroke-width': '1',
          'stroke-dasharray': '4 3',
        },
      },
      rectSegments(x, y, w, h),
    );
    return;
  }
  const { cells, block } = rasterCells(pixels, pic.options.cellCap);
  const sx = w / pixels.width;
  const sy = h / pixels.height;
  pic.notes.add(
    block === 1
      ? `an image layer (${pixels.width} x ${pixels.height} px) is drawn exactly as ${cells.length} filled rectangles`
      : `an image layer (${pixels.width} x ${pixels.height} px) is averaged over ${block} x ${block} px blocks to stay within ${pic.options.cellCap} rectangles (${cells.length})`,
  );
  const aligned = isAxisAligned(ctx.matrix);
  for (const cell of cells) {
    const [r, g, b, a] = cell.rgba;
    const alpha = (a / 255) * ctx.opacity;
    // Opaque cells overlap their right and lower neighbours by a fraction of a pixel: no hairline seams.
    const grow = a === 255 ? 0.35 : 0;
    const x0 = x + cell.x0 * sx;
    const y0 = y + cell.y0 * sy;
    const x1 = x + Math.min(w, cell.x1 * sx + (cell.x1 < pixels.width ? grow : 0));
    const y1 = y + Math.min(h, cell.y1 * sy + (cell.y1 < pixels.height ? grow : 0));
    const options = fillOptions({ name: pic.defs.rgb(r, g, b), alpha: 1 }, alpha).join(',');
    if (aligned) {
      const p = apply(ctx.matrix, { x: x0, y: y0 });
      const q = apply(ctx.matrix, { x: x1, y: y1 });
      pic.body.push(`\\fill[${options}] (${num(p.x)},${num(p.y)}) rectangle (${num(q.x)},${num(q.y)});`);
    } else {
      const corners = rectSegments(x0, y0, x1 - x0, y1 - y0).map((s) =>
        s.type === 'Z' ? s : { ...s, ...apply(ctx.matrix, s) },
      );
      pic.body.push(`\\fill[${options}] ${tikzPath(corners)};`);
    }
  }
}

/** A nested <svg>: its position, its viewBox (scaled uniformly and centred, as SVG's default does). */
function svgContext(el: Element, ctx: Context, root: boolean): Context {
  const { width: vw, height: vh } = ctx.viewport;
  const width = length(el.getAttribute('width'), vw, 16, vw);
  const height = length(el.getAttribute('height'), vh, 16, vh);
  const x = root ? 0 : attr(el, 'x', ctx, vw);
  const y = root ? 0 : attr(el, 'y', ctx, vh);
  let m: Matrix = [1, 0, 0, 1, x, y];
  let viewport = { width, height };
  const box = (el.getAttribute('viewBox') ?? '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);
  if (box.length === 4 && box.every(Number.isFinite) && (box[2] as number) > 0 && (box[3] as number) > 0) {
    const [bx, by, bw, bh] = box as [number, number, number, number];
    const s = Math.min(width / bw, height / bh);
    m = multiply(m, [s, 0, 0, s, (width - bw * s) / 2 - bx * s, (height - bh * s) / 2 - by * s]);
    viewport = { width: bw, height: bh };
  }
  return { ...ctx, matrix: multiply(ctx.matrix, m), viewport };
}

function walk(pic: Picture, el: Element, parent: Context, root = false): void {
  const tag = el.localName;
  if (SILENT.has(tag)) return;
  const style = styleOf(el);
  if ((style.get('display') ?? el.getAttribute('display')) === 'none') return;
  let ctx = childContext(el, parent);
  const { width: vw, height: vh } = ctx.viewport;
  if (tag === 'svg') {
    ctx = svgContext(el, ctx, root);
    for (const child of el.children) walk(pic, child, ctx);
  } else if (tag === 'g' || tag === 'a') for (const child of el.children) walk(pic, child, ctx);
  else if (tag === 'path') {
    const parsed = parsePath(el.getAttribute('d') ?? '');
    if (parsed.error) pic.notes.add(`a path whose data could not be read is left out (${parsed.error})`);
    drawSegments(pic, ctx, parsed.segments);
  } else if (tag === 'rect') drawRect(pic, el, ctx);
  else if (tag === 'circle') {
    const r = attr(el, 'r', ctx, Math.hypot(vw, vh) / Math.SQRT2);
    drawCircle(pic, el, ctx, r, r);
  } else if (tag === 'ellipse') drawCircle(pic, el, ctx, attr(el, 'rx', ctx, vw), attr(el, 'ry', ctx, vh));
  else if (tag === 'line') {
    const [x1, y1, x2, y2] = [
      attr(el, 'x1', ctx, vw),
      attr(el, 'y1', ctx, vh),
      attr(el, 'x2', ctx, vw),
      attr(el, 'y2', ctx, vh),
    ];
    drawSegments(
      pic,
      ctx,
      [
        { type: 'M', x: x1, y: y1 },
        { type: 'L', x: x2, y: y2 },
      ],
      false,
    );
  } else if (tag === 'polyline' || tag === 'polygon') {
    const points = pointList(el);
    drawSegments(pic, ctx, tag === 'polygon' ? [...points, { type: 'Z' }] : points);
  } else if (tag === 'text') drawText(pic, el, ctx);
  else if (tag === 'image') drawImage(pic, el, ctx);
  else pic.notes.add(`<${tag}> elements are not drawn`);
}

/** The header: what the file is, what it needs, its size, and what it left out or coarsened. */
function header(title: string, width: number, height: number, pic: Picture): string[] {
  const lines = [
    `% ${title ? latexComment(title) : 'Chart'}: a TikZ picture exported by RNN Learnability Lab.`,
    '% Needs \\usepackage{tikz} in the preamble, nothing else; place it with \\input{<this file>}.',
    `% Drawn at 1 px = 0.75 pt (${num(width * PT_PER_PX)} x ${num(height * PT_PER_PX)} pt), scaled down with its text to`,
    '% \\linewidth where it is wider (the "scale" option below; set it to size the figure yourself).',
    '% Text is set in the document\u2019s sans-serif font, so widths differ slightly from the SVG export.',
  ];
  for (const note of pic.notes) lines.push(`% Note: ${note}.`);
  if (pic.missing.size)
    lines.push(
      `% Note: characters with no LaTeX counterpart are written as ?: ${Array.from(pic.missing).join(' ')}`,
    );
  return lines;
}

/** `text` safe in a TeX comment line (no line breaks; % is harmless there but a newline is not). */
function latexComment(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * A standalone SVG document (as exportChartSvg writes it) as a TikZ picture: a `.tex` file to `\input` into a
 * LaTeX document that loads TikZ. Image layers are drawn from `options.rasters`.
 */
export function svgToTikz(svg: Element, options: TikzOptions = {}): string {
  const width = length(svg.getAttribute('width'), 0, 16, 300);
  const height = length(svg.getAttribute('height'), 0, 16, 150);
  const pic: Picture = {
    defs: new TikzDefinitions(),
    body: [],
    notes: new Set(),
    missing: new Set(),
    gradients: readGradients(svg),
    options: { rasters: options.rasters ?? new Map(), cellCap: options.cellCap ?? DEFAULT_CELL_CAP },
  };
  const ctx: Context = { matrix: IDENTITY, opacity: 1, viewport: { width, height }, props: { ...DEFAULTS } };
  walk(pic, svg, ctx, true);
  const title = svg.querySelector(':scope > title')?.textContent ?? '';
  const pictureOptions = [
    `x=${PT_PER_PX}pt`,
    `y=-${PT_PER_PX}pt`,
    `scale={min(1,\\linewidth/${num(width * PT_PER_PX)}pt)}`,
    'every node/.style={inner sep=0pt,outer sep=0pt,transform shape}',
    'miter limit=4',
    ...pic.defs.fontStyles(),
  ];
  return [
    ...header(title, width, height, pic),
    `\\begin{tikzpicture}[${pictureOptions.join(',\n  ')}]`,
    ...pic.defs.colorLines(),
    ...pic.body,
    '\\end{tikzpicture}',
    '',
  ].join('\n');
}

/** The pixels of an image URL (a canvas layer's PNG), or null where this environment cannot decode it. */
export async function decodeImage(href: string): Promise<RasterPixels | null> {
  if (typeof Image === 'undefined' || typeof document === 'undefined') return null;
  const image = new Image();
  image.src = href;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = image.naturalWidth;
  canvas.height = image.naturalHeight;
  const context = get2d(canvas);
  if (!context || !canvas.width || !canvas.height) return null;
  context.drawImage(image, 0, 0);
  const data = context.getImageData(0, 0, canvas.width, canvas.height);
  return { width: data.width, height: data.height, data: data.data };
}

/**
 * The chart figure in (or at) `element` as a TikZ picture (see svgToTikz): the same figure as the SVG export,
 * canvas layers included as rectangles. `decode` reads an image's pixels (in a browser: decodeImage).
 */
export async function exportChartTikz(
  element: HTMLElement,
  decode: (href: string) => Promise<RasterPixels | null> = decodeImage,
  cellCap = DEFAULT_CELL_CAP,
): Promise<string> {
  const doc = new DOMParser().parseFromString(exportChartSvg(element), 'image/svg+xml');
  const svg = doc.documentElement;
  const rasters = new Map<string, RasterPixels | null>();
  for (const image of svg.querySelectorAll('image')) {
    const href = image.getAttribute('href') ?? '';
    if (href && !rasters.has(href)) rasters.set(href, await decode(href));
  }
  return svgToTikz(svg, { rasters, cellCap });
}

/** A file name for the chart's TikZ export: "Learning curve" → "learning-curve.tex". */
export function tikzFileName(element: HTMLElement): string {
  return chartFileName(element, 'svg').replace(/\.svg$/, '.tex');
}
