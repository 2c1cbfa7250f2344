/**
 * Mounts one D3 chart and feeds it: on every new batch of metrics the panel builds the chart's data from the
 * series and calls `update` (the chart draws at most once per animation frame). The chart owns its title,
 * axes and caption; the panel adds the test id, optional view controls, the presenter option and the Enlarge
 * button. Where the layout gives the panel a height (the projector dashboard, an enlarged chart: CSS sets
 * `--chart-fill: 1`), the plot takes the height its title, legend and caption leave.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { BaseChartOptions, ChartHandle } from '../charts/types';
import type { LabSession } from '../state/session';
import type { LabState } from '../state/store';
import { cancelDraw, queueDraw } from '../charts/schedule';
import { CALM_MS, prefersReducedMotion } from './motion';
import { ChartExportButtons } from './export/ChartExportButtons';
import { getPageStore, usePage } from '../state/page-store';
import { useLab, useSession } from './session-context';
import { CHART_NOTES } from './theory/chart-notes';

/** How often a chart's text alternative is read afresh: calm enough for a screen reader user. */
export const ALT_TEXT_MS = 10_000;

export interface ChartPanelProps<D> {
  testId: string;
  /** Mounts the chart in `container`. */
  create: (container: HTMLElement, options: BaseChartOptions) => ChartHandle<D>;
  /** The chart's data now, or null when there is nothing yet. */
  select: (session: LabSession) => D | null;
  /**
   * A value that changes whenever `select` would return new data (a buffer version or a snapshot object);
   * the chart is redrawn only then.
   */
  version: (session: LabSession) => unknown;
  /** Receives the mounted handle (for charts with their own options). */
  onHandle?: (handle: ChartHandle<D> | null) => void;
  /** Store-derived input of `select` besides the metrics (for example ε): a change redraws the chart. */
  watch?: (state: LabState) => unknown;
  /** Controls shown above the chart (probe, basis...). */
  children?: ReactNode;
  /** The chart's title, for the export buttons' labels and messages. */
  title: string;
}

/** The plot height that makes the chart fill `host`, or undefined where the layout leaves the height free. */
function fillHeight(host: HTMLElement): number | undefined {
  if (getComputedStyle(host).getPropertyValue('--chart-fill').trim() !== '1') return undefined;
  const figure = host.firstElementChild as HTMLElement | null;
  const plot = host.querySelector<HTMLElement>('.rl-chart-plot');
  if (!figure || !plot || host.clientHeight === 0) return undefined;
  return Math.max(120, Math.floor(host.clientHeight - (figure.offsetHeight - plot.offsetHeight)));
}

function hasSetOptions(h: ChartHandle<unknown>): h is ChartHandle<unknown> & {
  setOptions(o: Partial<BaseChartOptions>): void;
} {
  return typeof (h as { setOptions?: unknown }).setOptions === 'function';
}

export function ChartPanel<D>({
  testId,
  create,
  select,
  version,
  onHandle,
  watch,
  children,
  title,
}: ChartPanelProps<D>) {
  const session = useSession();
  const presenter = useLab((s) => s.presenter);
  const hostRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLElement>(null);
  const handleRef = useRef<ChartHandle<D> | null>(null);
  // The newest callbacks without remounting the chart when a parent re-renders.
  const selectRef = useRef(select);
  const onHandleRef = useRef(onHandle);
  const watchRef = useRef(watch);
  const versionRef = useRef(version);
  useEffect(() => {
    selectRef.current = select;
    onHandleRef.current = onHandle;
    watchRef.current = watch;
    versionRef.current = version;
  });

  useEffect(() => {
    const host = hostRef.current;
    const panel = panelRef.current;
    if (!host || !panel) return;
    const handle = create(host, { presenter: session.store.getState().presenter });
    handleRef.current = handle;
    onHandleRef.current?.(handle);
    let updates = 0;
    // Data is selected when the chart is drawn, not when a message arrives: no copies for skipped frames.
    const draw = () => {
      const data = selectRef.current(session);
      if (data === null) return;
      handle.update(data);
      handle.flush();
      updates += 1;
      // Read by the browser tests and the update-rate benchmark.
      panel.dataset.updates = String(updates);
    };
    let drawn: unknown = Symbol('never drawn');
    let lastDraw = Number.NEGATIVE_INFINITY;
    let calmTimer: ReturnType<typeof setTimeout> | undefined;
    const push = (force: boolean) => {
      const v = versionRef.current(session);
      if (!force && Object.is(v, drawn)) return;
      // With reduced motion asked for, new data redraws the chart at most once per CALM_MS.
      const wait = prefersReducedMotion() && !force ? lastDraw + CALM_MS - performance.now() : 0;
      if (wait > 0) {
        calmTimer ??= setTimeout(() => {
          calmTimer = undefined;
          push(false);
        }, wait);
        return;
      }
      drawn = v;
      lastDraw = performance.now();
      queueDraw(handle, draw);
    };
    push(true);
    const unsubscribe = session.metrics.subscribe(() => push(false));
    const unwatch = session.store.subscribe((state, previous) => {
      const w = watchRef.current;
      if (w && !Object.is(w(state), w(previous))) push(true);
    });
    return () => {
      unsubscribe();
      unwatch();
      clearTimeout(calmTimer);
      cancelDraw(handle);
      onHandleRef.current?.(null);
      handleRef.current = null;
      handle.destroy();
    };
  }, [create, session]);

  useEffect(() => {
    const h = handleRef.current;
    if (h && hasSetOptions(h)) h.setOptions({ presenter });
  }, [presenter]);

  // Fill mode follows the layout: re-measured whenever the host or the chart's own box changes size.
  useEffect(() => {
    const host = hostRef.current;
    if (!host || typeof ResizeObserver !== 'function') return;
    let applied: number | undefined;
    const fit = () => {
      const h = handleRef.current;
      if (!h || !hasSetOptions(h)) return;
      const height = fillHeight(host);
      if (height === applied) return;
      applied = height;
      h.setOptions({ height });
    };
    const observer = new ResizeObserver(fit);
    observer.observe(host);
    if (host.firstElementChild) observer.observe(host.firstElementChild);
    return () => observer.disconnect();
  }, [create]);

  const enlarged = usePage((s) => s.enlarged === testId);
  useEffect(() => {
    if (!enlarged) return;
    document.documentElement.classList.add('chart-enlarged');
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || getPageStore().getState().dialog !== null) return;
      e.preventDefault();
      getPageStore().getState().setEnlarged(null);
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.documentElement.classList.remove('chart-enlarged');
    };
  }, [enlarged]);

  // The chart in words (the reading the Theory dialog shows), refreshed every ALT_TEXT_MS, not per frame.
  const [alt, setAlt] = useState('');
  useEffect(() => {
    const note = CHART_NOTES.find((n) => n.chart === testId);
    if (!note) return;
    const read = () => setAlt(note.see(session));
    read();
    const timer = setInterval(read, ALT_TEXT_MS);
    return () => clearInterval(timer);
  }, [session, testId]);
  const altId = `${testId}-alt`;

  return (
    <section
      className={`chart-panel${enlarged ? ' chart-panel--enlarged' : ''}`}
      data-testid={testId}
      ref={panelRef}
      aria-label={title}
      {...(alt ? { 'aria-describedby': altId } : {})}
    >
      {alt && (
        <p className="visually-hidden" id={altId} data-testid={altId}>
          {title}: {alt}
        </p>
      )}
      <div className="chart-tools">
        {children}
        <ChartExportButtons testId={testId} title={title} />
        <button
          type="button"
          className="quiet small"
          data-testid={`${testId}-enlarge`}
          aria-pressed={enlarged}
          aria-label={enlarged ? `Back from the enlarged ${title}` : `Enlarge ${title} to fill the screen`}
          aria-keyshortcuts={enlarged ? 'Escape' : 'F'}
          title={enlarged ? 'Back to all charts (Esc)' : 'Fill the screen with this chart (f)'}
          onClick={() =>
            getPageStore()
              .getState()
              .setEnlarged(enlarged ? null : testId)
          }
        >
          {enlarged ? '✕ Back' : '⤢ Enlarge'}
        </button>
      </div>
      <div className="chart-host" ref={hostRef} />
    </section>
  );
}
