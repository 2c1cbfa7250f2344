/**
 * The comparison chart: a loss chart whose main series is the current run, with up to four kept runs drawn
 * over it (their test error, dashed, one legend entry each). Redrawn when the run reports and when the choice
 * of overlays changes.
 */
import { useEffect, useRef } from 'react';
import { createLossChart, type LossChartHandle } from '../../charts/loss-chart';
import type { OverlaySeries } from '../../charts/types';
import type { RunExport } from '../../model/run-export';
import { lossData } from '../live-chart-data';
import { cancelDraw, queueDraw } from '../../charts/schedule';
import { useLab, useSession } from '../session-context';

export interface ComparedRun {
  id: string;
  name: string;
  run: RunExport;
}

/** Overlay series of kept runs (nulls in the files are missing points, which the chart skips). */
export function overlaysOf(runs: readonly ComparedRun[]): OverlaySeries[] {
  return runs.map((r) => ({
    label: r.name,
    samples: r.run.metrics.samples,
    testError: r.run.metrics.testError,
  }));
}

export function CompareChart({ runs }: { runs: readonly ComparedRun[] }) {
  const session = useSession();
  const presenter = useLab((s) => s.presenter);
  const hostRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLElement>(null);
  const handleRef = useRef<LossChartHandle | null>(null);
  const overlaysRef = useRef<OverlaySeries[]>(overlaysOf(runs));
  const redrawRef = useRef<() => void>(() => {});

  useEffect(() => {
    const host = hostRef.current;
    const panel = panelRef.current;
    if (!host || !panel) return;
    const handle = createLossChart(host, {
      title: 'Compare runs',
      caption:
        'Solid: the current run. Dashed: kept runs (test error). Same seed and settings give the same curve.',
      presenter: session.store.getState().presenter,
    });
    handleRef.current = handle;
    let updates = 0;
    const draw = () => {
      const { config, progress } = session.store.getState();
      const data = lossData(session.metrics, {
        eps: config.eps,
        samplesToEps: progress.samplesToEps,
        noiseFloor: progress.noiseFloor,
        targetScale: progress.targetScale,
        loss: config.loss,
      });
      handle.update({ ...data, overlays: overlaysRef.current });
      handle.flush();
      updates += 1;
      panel.dataset.updates = String(updates);
    };
    redrawRef.current = () => queueDraw(handle, draw);
    redrawRef.current();
    const off = session.metrics.subscribe(() => redrawRef.current());
    return () => {
      off();
      cancelDraw(handle);
      handle.destroy();
      handleRef.current = null;
      redrawRef.current = () => {};
    };
  }, [session]);

  useEffect(() => {
    overlaysRef.current = overlaysOf(runs);
    redrawRef.current();
  }, [runs]);

  useEffect(() => {
    handleRef.current?.setOptions({ presenter });
  }, [presenter]);

  return (
    <section className="chart-panel compare-chart" data-testid="chart-compare" ref={panelRef}>
      <div className="chart-host" ref={hostRef} />
    </section>
  );
}
