/** Per chart: what the paper predicts, and the live reading that says what the run shows. */
import type { LabSession } from '../../state/session';
import {
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

export const CHART_NOTES: readonly ChartNote[] = [
  {
    chart: 'chart-loss',
    title: 'Loss and test error',
    predicts:
      'The test error reaches ε after a number of samples polynomial in L and 1/ε. In online SGD every sample is new, so the train error (the squared loss divided by the mean squared target, like the test error) falls together with the test error.',
    see: (s) => {
      const { config, progress } = s.store.getState();
      return lossReading(s.metrics, config.eps, progress.samplesToEps);
    },
  },
  {
    chart: 'chart-position',
    title: 'Test error by position',
    predicts:
      'No position is exponentially harder than another: later outputs sum more terms, yet with the targets normalized (c_j) every position is learned at a comparable pace.',
    see: (s) => positionReading(s.metrics),
  },
  {
    chart: 'chart-hidden',
    title: 'What the hidden state remembers',
    predicts:
      'To output y_j the network has to carry every earlier token i forward to position j. In the paper’s analysis the random network at initialisation already carries the inputs forward (its hidden states stay non-degenerate along the sequence), and in the lazy regime SGD moves W only a little, so what h_l keeps of each token is expected to stay close to what the random network keeps (the thin lines). The chart measures it as the distance h_l moves when token i is reversed (x*_i → −x*_i), over the distance h_i moved, averaged over the probe sequences.',
    see: (s) => hiddenReading(s.metrics),
  },
  {
    chart: 'chart-prediction',
    title: 'Prediction vs target',
    predicts:
      'The student’s outputs approach the teacher’s targets at every target position, for sequences it has never seen.',
    see: (s) => predictionReading(s.metrics),
  },
  {
    chart: 'chart-influence',
    title: 'Influence maps',
    predicts:
      'One recurrent unit learns different functions from different input positions to different outputs without interference: the student’s ‖∂F_j/∂x_i‖ takes the teacher’s pattern, including which pairs i → j do not matter.',
    see: (s) => influenceReading(s.metrics),
  },
  {
    chart: 'chart-lazy',
    title: 'Lazy-training metrics',
    predicts:
      'W stays close to W₀: the proof keeps √m·‖W − W₀‖₂ (the spectral panel) bounded as m grows, so next to ‖W₀‖₂ (about 2√2 at any width) the movement shrinks like 1/√m. The Frobenius panel divides by ‖W₀‖_F ≈ √(2m) instead, so in that regime it shrinks faster than 1/√m. Few ReLU patterns flip, and the network stays close to its linearization (the pseudo-network). Flips and the gap are measured on the first 256 test sequences; position 1 counts for flips only when A trains (h₁ does not depend on W).',
    see: (s) => lazyReading(s.metrics),
  },
];
