/**
 * The frame every chart lives in: root figure, title, subtitle, legend, plot (canvas under SVG), tooltip and
 * caption, plus the update/resize/destroy life cycle of the ChartHandle contract. A chart supplies only
 * `render`; the shell decides when it runs (once per frame at most) and shows the "waiting" note instead
 * when there is nothing to draw.
 */
import { select, type Selection } from 'd3';
import { clearCanvas } from './canvas';
import { createFrameScheduler } from './schedule';
import { COLORS, FONT_FAMILY, themeFor, type Theme } from './theme';
import type { BaseChartOptions, ConfigurableChartHandle } from './types';

export type Div = Selection<HTMLDivElement, unknown, null, undefined>;
export type Svg = Selection<SVGSVGElement, unknown, null, undefined>;

/** The DOM of one chart. */
export interface ChartShell {
  root: Selection<HTMLElement, unknown, null, undefined>;
  title: Div;
  subtitle: Div;
  legend: Div;
  plot: Div;
  canvas: HTMLCanvasElement | null;
  svg: Svg;
  tooltip: Div;
  caption: Selection<HTMLParagraphElement, unknown, null, undefined>;
  empty: Div;
}

/** What `render` gets: the DOM, the merged options, the theme and the plot size in CSS pixels. */
export interface RenderContext<O> {
  shell: ChartShell;
  options: O;
  theme: Theme;
  width: number;
  height: number;
}

/** What a chart file hands to createChart. */
export interface ChartSpec<D, O extends BaseChartOptions> {
  /** CSS modifier: the root gets the classes `rl-chart rl-chart--<kind>`. */
  kind: string;
  title: string;
  caption: string;
  /** Whether the plot has a canvas layer under the SVG. */
  canvas: boolean;
  /** Default options, merged under the user's. */
  defaults: O;
  /** Plot height when options.height is not set. */
  defaultHeight(width: number, options: O): number;
  /** True when `data` has something to draw. */
  hasData(data: D): boolean;
  /** Draws `data`; must replace, not add to, what the previous call drew. */
  render(data: D, context: RenderContext<O>): void;
  /** Called synchronously by update() before the draw is scheduled (for charts that keep history). */
  accept?(data: D, options: O): void;
}

/** Plot width used when the container has no layout (jsdom, display: none). */
export const FALLBACK_WIDTH = 640;

function buildShell(container: HTMLElement, kind: string, withCanvas: boolean): ChartShell {
  const root = select(container)
    .append('figure')
    .attr('class', `rl-chart rl-chart--${kind}`)
    .attr('role', 'figure')
    .style('margin', '0')
    .style('padding', '0')
    .style('font-family', FONT_FAMILY)
    .style('color', COLORS.text)
    .style('background', COLORS.background)
    .style('position', 'relative') as unknown as Selection<HTMLElement, unknown, null, undefined>;
  const title = root.append('div').attr('class', 'rl-chart-title').style('font-weight', '600');
  const subtitle = root.append('div').attr('class', 'rl-chart-subtitle').style('color', COLORS.muted);
  const legend = root
    .append('div')
    .attr('class', 'rl-chart-legend')
    .style('display', 'flex')
    .style('flex-wrap', 'wrap')
    .style('gap', '4px 18px')
    .style('margin', '6px 0 2px');
  const plot = root.append('div').attr('class', 'rl-chart-plot').style('position', 'relative');
  const canvas = withCanvas
    ? plot
        .append('canvas')
        .attr('class', 'rl-chart-canvas')
        .attr('aria-hidden', 'true')
        .style('position', 'absolute')
        .style('left', '0')
        .style('top', '0')
        .node()
    : null;
  const svg = plot
    .append('svg')
    .attr('class', 'rl-chart-svg')
    .style('position', 'relative')
    .style('display', 'block')
    .style('overflow', 'visible');
  const empty = plot
    .append('div')
    .attr('class', 'rl-chart-empty')
    .style('position', 'absolute')
    .style('inset', '0')
    .style('display', 'none')
    .style('align-items', 'center')
    .style('justify-content', 'center')
    .style('color', COLORS.muted)
    .text('Waiting for data…');
  const tooltip = plot
    .append('div')
    .attr('class', 'rl-chart-tooltip')
    .attr('role', 'status')
    .style('position', 'absolute')
    .style('pointer-events', 'none')
    .style('display', 'none')
    .style('background', 'rgba(255,255,255,0.96)')
    .style('border', `1px solid ${COLORS.axis}`)
    .style('border-radius', '4px')
    .style('padding', '6px 9px')
    .style('white-space', 'nowrap')
    .style('box-shadow', '0 2px 6px rgba(0,0,0,0.15)')
    .style('z-index', '2');
  const caption = root.append('p').attr('class', 'rl-chart-caption').style('margin', '6px 0 0');
  return { root, title, subtitle, legend, plot, canvas, svg, tooltip, caption, empty };
}

function applyTheme(shell: ChartShell, theme: Theme): void {
  shell.title.style('font-size', `${theme.title}px`);
  shell.subtitle.style('font-size', `${theme.font}px`);
  shell.legend.style('font-size', `${theme.font}px`);
  shell.tooltip.style('font-size', `${theme.font}px`);
  shell.empty.style('font-size', `${theme.label}px`);
  shell.caption.style('font-size', `${theme.label}px`).style('color', COLORS.muted);
  shell.svg.style('font-size', `${theme.font}px`);
}

/** Sets the subtitle to the parts that apply (null: left out), joined by " · ". */
export function setSubtitle(shell: ChartShell, parts: (string | null)[]): void {
  shell.subtitle.text(parts.filter((p) => p !== null).join(' · '));
}

/** Mounts a chart described by `spec` in `container` and returns its handle. */
export function createChart<D, O extends BaseChartOptions>(
  container: HTMLElement,
  spec: ChartSpec<D, O>,
  userOptions: O | undefined,
): ConfigurableChartHandle<D, O> {
  const shell = buildShell(container, spec.kind, spec.canvas);
  let options: O = { ...spec.defaults, ...(userOptions ?? {}) };
  let data: D | null = null;
  let destroyed = false;

  const measureWidth = (): number => {
    const w = shell.plot.node()?.clientWidth ?? 0;
    return w > 0 ? w : FALLBACK_WIDTH;
  };

  const draw = (): void => {
    if (destroyed) return;
    const theme = themeFor(options.presenter);
    applyTheme(shell, theme);
    const title = options.title ?? spec.title;
    shell.title.text(title);
    shell.root.attr('aria-label', options.ariaLabel ?? title);
    const caption = options.caption === undefined ? spec.caption : options.caption;
    shell.caption
      .style('display', caption === false ? 'none' : 'block')
      .text(caption === false ? '' : caption);
    const width = measureWidth();
    const height = Math.round(options.height ?? spec.defaultHeight(width, options));
    shell.plot.style('height', `${height}px`);
    shell.svg.attr('width', width).attr('height', height);
    if (data === null || !spec.hasData(data)) {
      shell.svg.selectAll('*').remove();
      shell.legend.selectAll('*').remove();
      shell.subtitle.text('');
      shell.tooltip.style('display', 'none');
      if (shell.canvas) clearCanvas(shell.canvas);
      shell.empty.style('display', 'flex');
      return;
    }
    shell.empty.style('display', 'none');
    spec.render(data, { shell, options, theme, width, height });
  };

  const scheduler = createFrameScheduler(draw);
  const observer =
    typeof ResizeObserver === 'function' ? new ResizeObserver(() => scheduler.request()) : null;
  const plotNode = shell.plot.node();
  if (observer && plotNode) observer.observe(plotNode);
  scheduler.request();

  return {
    element: shell.root.node() as HTMLElement,
    update(next: D) {
      if (destroyed) return;
      spec.accept?.(next, options);
      data = next;
      scheduler.request();
    },
    setOptions(partial: Partial<O>) {
      if (destroyed) return;
      options = { ...options, ...partial };
      scheduler.request();
    },
    resize() {
      if (!destroyed) scheduler.request();
    },
    flush() {
      scheduler.flush();
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      scheduler.cancel();
      observer?.disconnect();
      shell.root.remove();
      data = null;
    },
  };
}

/** Selects the child `<g class=…>` of `parent`, creating it on first use (keeps layer order stable). */
export function layer<P extends SVGElement>(
  parent: Selection<P, unknown, null, undefined>,
  className: string,
): Selection<SVGGElement, unknown, null, undefined> {
  const existing = parent.select<SVGGElement>(`:scope > g.${className}`);
  if (!existing.empty()) return existing as unknown as Selection<SVGGElement, unknown, null, undefined>;
  return parent.append('g').attr('class', className) as unknown as Selection<
    SVGGElement,
    unknown,
    null,
    undefined
  >;
}
