/** The six live charts, each fed from the metric series, with the view controls some of them need. */
import { useCallback, useState } from 'react';
import { CHART_TITLES } from '../charts/captions';
import { createHiddenChart } from '../charts/hidden-chart';
import { createInfluenceChart } from '../charts/influence-chart';
import { createLazyChart } from '../charts/lazy-chart';
import { createLossChart } from '../charts/loss-chart';
import { createPositionChart } from '../charts/position-chart';
import { createPredictionChart } from '../charts/prediction-chart';
import type { ChartHandle, PredictionData } from '../charts/types';
import {
  hiddenData,
  influenceData,
  lazyData,
  lossData,
  positionData,
  predictionData,
} from './live-chart-data';
import type { LabSession } from '../state/session';
import type { LabState } from '../state/store';
import { PREDICTION_PROBES } from '../worker/protocol/training-protocol';
import { ChartPanel } from './ChartPanel';
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
      <label>
        Probe sequence{' '}
        <select value={probe} onChange={(e) => session.setView({ probe: Number(e.target.value) })}>
          {Array.from({ length: PREDICTION_PROBES }, (_, q) => (
            <option key={q} value={q}>
              {q + 1}
            </option>
          ))}
        </select>
      </label>
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

export function Charts() {
  const [prediction, setPrediction] = useState<ChartHandle<PredictionData> | null>(null);
  const onPredictionHandle = useCallback((h: ChartHandle<PredictionData> | null) => setPrediction(h), []);
  return (
    <div className="charts">
      <ChartPanel
        testId="chart-loss"
        title={CHART_TITLES.loss}
        create={createLossChart}
        select={selectLoss}
        version={reportVersion}
        watch={watchEps}
      />
      <ChartPanel
        testId="chart-position"
        title={CHART_TITLES.position}
        create={createPositionChart}
        select={selectPosition}
        version={positionVersion}
      />
      <ChartPanel
        testId="chart-hidden"
        title={CHART_TITLES.hidden}
        create={createHiddenChart}
        select={selectHidden}
        version={hiddenVersion}
      />
      <ChartPanel
        testId="chart-prediction"
        title={CHART_TITLES.prediction}
        create={createPredictionChart}
        select={selectPrediction}
        version={predictionVersion}
        onHandle={onPredictionHandle}
      >
        <PredictionTools handle={prediction} />
      </ChartPanel>
      <ChartPanel
        testId="chart-influence"
        title={CHART_TITLES.influence}
        create={createInfluenceChart}
        select={selectInfluence}
        version={influenceVersion}
      />
      <ChartPanel
        testId="chart-lazy"
        title={CHART_TITLES.lazy}
        create={createLazyChart}
        select={selectLazy}
        version={lazyVersion}
      />
    </div>
  );
}
