/**
 * Mounts one D3 chart and feeds it: on every new batch of metrics the panel builds the chart's data from the
 * series and calls `update` (the chart draws at most once per animation frame). The chart owns its title,
 * axes and caption; the panel adds the test id, optional view controls and the presenter option.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { BaseChartOptions, ChartHandle } from '../charts/types';
import type { LabSession } from '../state/session';
import type { LabState } from '../state/store';
import { cancelDraw, queueDraw } from './draw-queue';
import { ChartExportButtons } from './export/ChartExportButtons';
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
    const push = (force: boolean) => {
      const v = versionRef.current(session);
      if (!force && Object.is(v, drawn)) return;
      drawn = v;
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
      className="chart-panel"
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
      </div>
      <div className="chart-host" ref={hostRef} />
    </section>
  );
}
