/**
 * Mounts one sweep chart and feeds it the current result's chart data; the chart draws at most once per
 * animation frame however often runs arrive. PNG and SVG export buttons sit above it.
 */
import { useEffect, useRef, useState } from 'react';
import { chartFileName, exportChartPng, exportChartSvg } from '../../charts/chart-export';
import type { SweepChartData, SweepChartOptions } from '../../charts/sweep-types';
import type { ConfigurableChartHandle } from '../../charts/types';
import { saveBlob } from '../export/save-blob';
import { usePresenter } from './context';

type Handle = ConfigurableChartHandle<SweepChartData, SweepChartOptions>;

export interface SweepChartPanelProps {
  testId: string;
  title: string;
  create: (container: HTMLElement, options: SweepChartOptions) => Handle;
  data: SweepChartData;
  /** A sentence under the chart (the local exponents of the samples chart). */
  note?: string;
}

export function SweepChartPanel({ testId, title, create, data, note }: SweepChartPanelProps) {
  const presenter = usePresenter();
  const hostRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLElement>(null);
  const handleRef = useRef<Handle | null>(null);
  const updates = useRef(0);
  const [exportProblem, setExportProblem] = useState<string | null>(null);

  const save = async (kind: 'png' | 'svg') => {
    const handle = handleRef.current;
    if (!handle) return;
    try {
      handle.flush();
      const blob =
        kind === 'png'
          ? await exportChartPng(handle.element, 2)
          : new Blob([exportChartSvg(handle.element)], { type: 'image/svg+xml' });
      saveBlob(chartFileName(handle.element, kind), blob);
      setExportProblem(null);
    } catch (e) {
      setExportProblem(`Could not export the chart: ${e instanceof Error ? e.message : String(e)}.`);
    }
  };

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const handle = create(host, { title });
    handleRef.current = handle;
    return () => {
      handle.destroy();
      handleRef.current = null;
    };
  }, [create, title]);

  useEffect(() => {
    handleRef.current?.setOptions({ presenter });
  }, [presenter]);

  useEffect(() => {
    const handle = handleRef.current;
    if (!handle) return;
    handle.update(data);
    updates.current += 1;
    // Read by the browser tests: how many results the chart has been given.
    if (panelRef.current) panelRef.current.dataset.updates = String(updates.current);
  }, [data]);

  return (
    <section className="chart-panel sweep-chart-panel" data-testid={testId} ref={panelRef}>
      <div className="chart-tools" role="group" aria-label={`Export ${title}`}>
        <button type="button" className="quiet small" onClick={() => void save('png')}>
          PNG
        </button>
        <button type="button" className="quiet small" onClick={() => void save('svg')}>
          SVG
        </button>
      </div>
      {exportProblem && (
        <p className="field-error" role="alert">
          {exportProblem}
        </p>
      )}
      <div className="chart-host" ref={hostRef} />
      {note && (
        <p className="sweep-chart-note" data-testid={`${testId}-note`}>
          {note}
        </p>
      )}
    </section>
  );
}
