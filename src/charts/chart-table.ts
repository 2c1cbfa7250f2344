/**
 * The table of live charts: one row per chart with everything about it that is words, not drawing: its id
 * (the panel's test id is `chart-<id>`), title, "what to notice" caption, the label a classroom link's hide
 * list shows, and the Theory note (what the paper predicts). The charts draw their title and caption from
 * here, the hide links (src/state/link/page-options.ts), the Theory dialog and the notes beside each chart
 * (src/ui/theory/chart-notes.ts) and the panels (src/ui/Charts.tsx, keyed by id, so a row without a panel
 * does not compile) all read it. Data only: no D3, so the page's state layer may import it too.
 */

export interface LiveChartRow {
  readonly id: string;
  readonly title: string;
  readonly caption: string;
  /** How the classroom link builder names the chart in its hide list. */
  readonly hideLabel: string;
  /** The Theory note: its heading and what the paper predicts (a live reading is set beside it). */
  readonly note: { readonly title: string; readonly predicts: string };
}

/** The live charts, in page order. */
export const LIVE_CHART_TABLE = [
  {
    id: 'loss',
    title: 'Learning curve',
    caption:
      'Notice whether the test error gets below the dotted black line, the best linear map of the tokens, and how many samples it needs to cross ε.',
    hideLabel: 'loss and test error',
    note: {
      title: 'Loss and test error',
      predicts:
        'The test error reaches ε after a number of samples polynomial in L and 1/ε. In online SGD every sample is new, so the train error (the squared loss divided by the mean squared target, like the test error) falls together with the test error.',
    },
  },
  {
    id: 'position',
    title: 'Test error by output position',
    caption:
      'Notice whether far-away outputs (large j, long memory) are learned later than near ones, or all at once.',
    hideLabel: 'test error by position',
    note: {
      title: 'Test error by position',
      predicts:
        'No position is exponentially harder than another: later outputs sum more terms, yet with the targets normalized (c_j) every position is learned at a comparable pace.',
    },
  },
  {
    id: 'hidden',
    title: 'What the hidden state remembers',
    caption:
      'Notice whether each token’s line stays near 1 (the state still carries token i at later positions) or falls towards 0 (forgotten), and how far training moves it from its thin line, the random network at initialisation.',
    hideLabel: 'what the hidden state remembers',
    note: {
      title: 'What the hidden state remembers',
      predicts:
        'To output y_j the network has to carry every earlier token i forward to position j. In the paper’s analysis the random network at initialisation already carries the inputs forward (its hidden states stay non-degenerate along the sequence), and in the lazy regime SGD moves W only a little, so what h_l keeps of each token is expected to stay close to what the random network keeps (the thin lines). The chart measures it as the distance h_l moves when token i is reversed (x*_i → −x*_i), over the distance h_i moved, averaged over the probe sequences.',
    },
  },
  {
    id: 'prediction',
    title: 'Prediction vs target',
    caption: 'Notice whether the gap between prediction and target closes, and at which positions first.',
    hideLabel: 'prediction vs target',
    note: {
      title: 'Prediction vs target',
      predicts:
        'The student’s outputs approach the teacher’s targets at every target position, for sequences it has never seen.',
    },
  },
  {
    id: 'influence',
    title: 'Which input feeds which output',
    caption:
      'Notice whether the student takes on the teacher’s pattern of which input token drives which output token.',
    hideLabel: 'influence maps',
    note: {
      title: 'Influence maps',
      predicts:
        'One recurrent unit learns different functions from different input positions to different outputs without interference: the student’s ‖∂F_j/∂x_i‖ takes the teacher’s pattern, including which pairs i → j do not matter.',
    },
  },
  {
    id: 'lazy',
    title: 'How lazy is training?',
    caption:
      'Notice how far W moves and how many ReLU patterns flip: the theorem needs both small (a very wide m); widen m to watch the run approach that lazy regime.',
    hideLabel: 'lazy-training metrics',
    note: {
      title: 'Lazy-training metrics',
      predicts:
        'W stays close to W₀: the proof keeps √m·‖W − W₀‖₂ (the spectral panel) bounded as m grows, so next to ‖W₀‖₂ (about 2√2 at any width) the movement shrinks like 1/√m. The Frobenius panel divides by ‖W₀‖_F ≈ √(2m) instead, so in that regime it shrinks faster than 1/√m. Few ReLU patterns flip, and the network stays close to its linearization (the pseudo-network). Flips and the gap are measured on the first 256 test sequences; position 1 counts for flips only when A trains (h₁ does not depend on W).',
    },
  },
  {
    id: 'gradients',
    title: 'Gradients through time',
    caption:
      'Notice whether the solid line stays level along the positions (the error at the last output reaches the first position about as strongly as the last) or tilts, and how far it moves from the dashed line, the random network at initialisation.',
    hideLabel: 'gradients through time',
    note: {
      title: 'Gradients through time',
      predicts:
        'The theory: near the random start of a wide network the signal backpropagated through time neither explodes nor vanishes (the random recurrent matrix keeps the hidden states from degenerating, and in the lazy regime training stays near that start), so ‖δₗ‖ stays within a constant factor along l. Measured here (tests): at the start of m = 1024, ‖δ₁‖/‖δ_L‖ stays within 0.5–2 at L = 10 and 15 on seeds 1–5, while m = 32 at L = 15 leaves it (above 10× on one seed, below 0.5 on another); at L = 10, m = 256 a step of η = 0.5 keeps it within 0.7–3.5 over 40 steps, and η = 3 drops it below 0.5 within 5 steps. The chart measures ‖δₗ‖ = ‖∂(e·F_L)/∂g_l‖ for a unit error e at the last output, the mean over the probe sequences, on the current weights and on W₀.',
    },
  },
] as const satisfies readonly LiveChartRow[];

export type LiveChartId = (typeof LIVE_CHART_TABLE)[number]['id'];

/** The test id of a live chart's panel (also its key in a link's `hide=` list). */
export function chartTestId(id: LiveChartId): `chart-${LiveChartId}` {
  return `chart-${id}`;
}

type ById<K extends 'title' | 'caption'> = {
  readonly [R in (typeof LIVE_CHART_TABLE)[number] as R['id']]: R[K];
};

/** Each chart's title, by id. */
export const CHART_TITLES = Object.fromEntries(LIVE_CHART_TABLE.map((c) => [c.id, c.title])) as ById<'title'>;
/** Each chart's caption, by id. */
export const CHART_CAPTIONS = Object.fromEntries(
  LIVE_CHART_TABLE.map((c) => [c.id, c.caption]),
) as ById<'caption'>;
