/**
 * The panels of the live charts: for each row of the chart table (src/charts/chart-table.ts, which gives the
 * title, caption, note and hide label) how it is drawn, what it reads from the metric series, when it redraws
 * and the view tools some need. Keyed by chart id, so a table row without a panel does not compile.
 */
import { useCallback, useState, type ComponentType } from 'react';
import { CHART_TITLES, chartTestId, LIVE_CHART_TABLE, type LiveChartId } from '../charts/chart-table';
import { createGradientChart } from '../charts/gradient-chart';
import { createHiddenChart } from '../charts/hidden-chart';
import { createInfluenceChart } from '../charts/influence-chart';
import { createLazyChart } from '../charts/lazy-chart';
import { createLossChart } from '../charts/loss-chart';
import { createPositionChart } from '../charts/position-chart';
import { createPredictionChart } from '../charts/prediction-chart';
import type { ChartHandle, PredictionData } from '../charts/types';
import {
  gradientData,
  hiddenData,
  influenceData,
  lazyData,
  lossData,
  positionData,
  predictionData,
} from './live-chart-data';
import type { LabSession } from '../state/session';
import type { LabState } from '../state/store';
import { ChartPanel, type ChartPanelProps } from './ChartPanel';
import { ProbeSelect } from './ProbeSelect';
import { useLab, useSession } from './session-context';

const selectLoss = (s: LabSession) => {
  const { config, progress } = s.store.getState();
  return lossData(s.metrics, {
    eps: config.eps,
    samplesToEps: progress.samplesToEps,
    noiseFloor: progress.noiseFloor,
    targetScale: progress.targetScale,
    loss: config.loss,
    baselines: s.store.getState().baselines,
  });
};
const watchEps = (s: LabState) => s.config.eps;
// A new run replaces the buffers' contents: the run id is part of every version.
const reportVersion = (s: LabSession) => `${s.metrics.runId}:${s.metrics.report.version}`;
const positionVersion = (s: LabSession) => `${s.metrics.runId}:${s.metrics.byPosition.version}`;
const lazyVersion = (s: LabSession) => `${s.metrics.runId}:${s.metrics.lazy.version}`;
const hiddenVersion = (s: LabSession) => s.metrics.trajectories;
const predictionVersion = (s: LabSession) => s.metrics.predictions;
const influenceVersion = (s: LabSession) => s.metrics.influence;
const selectPosition = (s: LabSession) => positionData(s.metrics, s.store.getState().baselines);
const selectHidden = (s: LabSession) => hiddenData(s.metrics);
const selectPrediction = (s: LabSession) => predictionData(s.metrics);
const selectInfluence = (s: LabSession) => influenceData(s.metrics);
const selectLazy = (s: LabSession) => lazyData(s.metrics);
const selectGradients = (s: LabSession) => gradientData(s.metrics);
// The profile is a snapshot and the history a row metric: both change with each heavy round.
const gradientVersion = (s: LabSession) => `${s.metrics.runId}:${s.metrics.flow.version}`;

function PredictionTools({ handle }: { handle: ChartHandle<PredictionData> | null }) {
  const session = useSession();
  const probe = useLab((s) => s.view.probe);
  const d = useLab((s) => s.config.d);
  const [coordinate, setCoordinate] = useState(1);
  const chooseCoordinate = (c: number) => {
    setCoordinate(c);
    (handle as { setOptions?: (o: { coordinate: number }) => void } | null)?.setOptions?.({ coordinate: c });
  };
  return (
    <>
      <ProbeSelect value={probe} onChange={(q) => session.setView({ probe: q })} />
      {d > 1 && (
        <label>
          Output coordinate{' '}
          <select value={Math.min(coordinate, d)} onChange={(e) => chooseCoordinate(Number(e.target.value))}>
            {Array.from({ length: d }, (_, s) => (
              <option key={s} value={s + 1}>
                {s + 1}
              </option>
            ))}
          </select>
        </label>
      )}
    </>
  );
}

/** One live chart's panel: how it is drawn, what it reads, when it redraws. */
type LiveChart<D> = Omit<ChartPanelProps<D>, 'testId' | 'title' | 'onHandle' | 'children'> & {
  id: LiveChartId;
};

/** The panel of a live chart (test id `chart-<id>`), with the view tools some charts have. */
function livePanel<D>(
  { id, ...panel }: LiveChart<D>,
  Tools?: ComponentType<{ handle: ChartHandle<D> | null }>,
): ComponentType {
  function LivePanel() {
    const [handle, setHandle] = useState<ChartHandle<D> | null>(null);
    const onHandle = useCallback((h: ChartHandle<D> | null) => setHandle(h), []);
    return (
      <ChartPanel
        testId={chartTestId(id)}
        title={CHART_TITLES[id]}
        {...panel}
        {...(Tools ? { onHandle } : {})}
      >
        {Tools && <Tools handle={handle} />}
      </ChartPanel>
    );
  }
  return LivePanel;
}

/** The panel of each live chart. */
const PANELS: Record<LiveChartId, ComponentType> = {
  loss: livePanel({
    id: 'loss',
    create: createLossChart,
    select: selectLoss,
    version: reportVersion,
    watch: watchEps,
  }),
  position: livePanel({
    id: 'position',
    create: createPositionChart,
    select: selectPosition,
    version: positionVersion,
  }),
  hidden: livePanel({
    id: 'hidden',
    create: createHiddenChart,
    select: selectHidden,
    version: hiddenVersion,
  }),
  prediction: livePanel(
    { id: 'prediction', create: createPredictionChart, select: selectPrediction, version: predictionVersion },
    PredictionTools,
  ),
  influence: livePanel({
    id: 'influence',
    create: createInfluenceChart,
    select: selectInfluence,
    version: influenceVersion,
  }),
  lazy: livePanel({ id: 'lazy', create: createLazyChart, select: selectLazy, version: lazyVersion }),
  gradients: livePanel({
    id: 'gradients',
    create: createGradientChart,
    select: selectGradients,
    version: gradientVersion,
  }),
};

export function Charts() {
  return (
    <div className="charts">
      {LIVE_CHART_TABLE.map(({ id }) => {
        const Panel = PANELS[id];
        return <Panel key={id} />;
      })}
    </div>
  );
}
