/** Per chart: what the paper predicts (from the chart table), and the live reading that says what the run shows. */
import { chartTestId, LIVE_CHART_TABLE, type LiveChartId } from '../../charts/chart-table';
import type { LabSession } from '../../state/session';
import {
  gradientReading,
  hiddenReading,
  influenceReading,
  lazyReading,
  lossReading,
  positionReading,
  predictionReading,
} from './readings';

export interface ChartNote {
  /** Test id of the chart panel. */
  chart: string;
  title: string;
  predicts: string;
  see: (session: LabSession) => string;
}

/** What each chart shows now, in one sentence from the live series. */
const READINGS: Record<LiveChartId, (session: LabSession) => string> = {
  loss: (s) => {
    const { config, progress } = s.store.getState();
    return lossReading(s.metrics, config.eps, progress.samplesToEps);
  },
  position: (s) => positionReading(s.metrics),
  hidden: (s) => hiddenReading(s.metrics),
  prediction: (s) => predictionReading(s.metrics),
  influence: (s) => influenceReading(s.metrics),
  lazy: (s) => lazyReading(s.metrics),
  gradients: (s) => gradientReading(s.metrics),
};

export const CHART_NOTES: readonly ChartNote[] = LIVE_CHART_TABLE.map((c) => ({
  chart: chartTestId(c.id),
  title: c.note.title,
  predicts: c.note.predicts,
  see: READINGS[c.id],
}));
