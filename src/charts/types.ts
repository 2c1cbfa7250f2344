/**
 * The shared contract of the live charts (src/charts). Every chart file exports one factory
 *
 *     createXxxChart(container: HTMLElement, options?: XxxOptions): XxxHandle   (a ChartHandle<XxxData>)
 *
 * that appends one root element (`<figure class="rl-chart">` with an aria-label) to `container` and never
 * touches anything else in it. The root holds, top to bottom: the title (`.rl-chart-title`), an optional
 * subtitle (`.rl-chart-subtitle`), an HTML legend where the chart has several series (`.rl-chart-legend`), the
 * plot (SVG for axes and sparse overlays, a canvas under it for dense layers), and the one-line
 * "what to notice" caption.
 *
 * Captions: the chart RENDERS its caption itself, as `<p class="rl-chart-caption">` under the plot. The default
 * text of each chart is exported in `CHART_CAPTIONS` (so a gallery or a help panel can reuse it); pass
 * `caption: '...'` to replace it or `caption: false` to hide it (for example when the UI shows it elsewhere).
 *
 * Behaviour common to all charts:
 * - `update(data)` REPLACES what the chart shows (it never accumulates DOM); calls are coalesced and drawn at
 *   most once per animation frame. The chart keeps a reference to `data` until the next frame: pass fresh
 *   arrays (or arrays you do not mutate before that frame). `flush()` draws a pending update at once.
 * - Metric arrays may hold NaN or null (a missing value): those points are skipped, never drawn as zero.
 * - With no usable data the plot shows a "Waiting for data…" note.
 * - The width follows the container (ResizeObserver where available; `resize()` re-measures on demand). The
 *   height is `options.height` (CSS pixels of the plot area) or a per-chart default.
 * - `presenter: true` enlarges type and thickens lines for a projector; every font is at least 13px anyway.
 * - `destroy()` removes the root, disconnects observers and cancels a pending frame; the handle is then inert.
 *
 * Positions are 1-based everywhere, as in the SPEC.
 */

/** A value in a metric array: NaN or null means "not measured at this point". */
export type MetricValue = number | null;

/** Read-only numeric series: plain arrays, typed arrays or ring-buffer views all fit. */
export type Series = ArrayLike<MetricValue>;

/** What every chart handle offers. */
export interface ChartHandle<D> {
  /** Shows `data` (replaces the previous data); drawn on the next animation frame. */
  update(data: D): void;
  /** Re-measures the container and redraws (also called by the chart's own ResizeObserver). */
  resize(): void;
  /** Removes everything the chart added and stops its observers and timers. */
  destroy(): void;
  /** Draws a pending update now instead of on the next frame (tests, screenshots, export). */
  flush(): void;
  /** The chart's root element (`figure.rl-chart`), for the host to place or screenshot. */
  readonly element: HTMLElement;
}

/** A handle whose chart has user options (log-y, smoothing, basis...). */
export interface ConfigurableChartHandle<D, O> extends ChartHandle<D> {
  /** Merges `partial` into the current options and redraws. */
  setOptions(partial: Partial<O>): void;
}

/** Options every chart accepts. */
export interface BaseChartOptions {
  /** Replaces the default title. */
  title?: string;
  /** Replaces the default "what to notice" caption; `false` hides it. */
  caption?: string | false;
  /** Height of the plot area in CSS pixels (default depends on the chart). */
  height?: number;
  /** Larger type and thicker lines for a projector. */
  presenter?: boolean;
  /** Replaces the root's aria-label (default: the title). */
  ariaLabel?: string;
}

// ---------------------------------------------------------------------------------------------------------
// 1. Loss chart: train loss and test error vs samples seen.

/** Another run drawn over the current one (run comparison). */
export interface OverlaySeries {
  label: string;
  /** CSS colour; a palette colour is chosen when omitted. */
  color?: string;
  samples: Series;
  testError: Series;
}

export interface LossData {
  /** Samples seen at each report (the x of both series below, same length). */
  samples: Series;
  /** Mean training loss since the previous report (NaN/null where not reported). */
  trainLoss: Series;
  /** Legend name of the training series (default 'train loss'; 'train error' when normalized like testError). */
  trainLabel?: string;
  /** Normalized test error (NaN/null where the test set was not evaluated at that report). */
  testError: Series;
  /** Target ε of samplesToEps (a horizontal reference line). */
  eps: number;
  /** Test error of a perfect predictor under label noise, when σ > 0; null hides the line. */
  noiseFloor: number | null;
  /** First samples-seen count with testError <= ε, or null (a vertical marker). */
  samplesToEps: number | null;
  /** Test error of the best constant and the best linear map of the tokens (SPEC §6); absent hides both lines. */
  baselines?: { constant: number; linear: number } | null;
  /** Other runs to compare (test error only), with a legend entry each. */
  overlays?: OverlaySeries[];
}

export interface LossOptions extends BaseChartOptions {
  /** Log-scaled y axis (default true: errors span decades). */
  logY?: boolean;
  /** Log-scaled x axis (default false). */
  logX?: boolean;
  /** EMA smoothing weight in [0, 1) with TensorBoard's debiasing (default 0.6); 0 draws raw values only. */
  smoothing?: number;
  /** Draw the training-loss series (default true). */
  showTrainLoss?: boolean;
}

// ---------------------------------------------------------------------------------------------------------
// 2. Position chart: test error by output position over training.

export interface PositionData {
  /** Output positions j in J (1-based), the rows of the heatmap. */
  positions: number[];
  /** Samples seen at each evaluation (the heatmap columns), oldest first. */
  samples: Series;
  /** One vector per evaluation, aligned with `samples`; entry k is the error at `positions[k]`. */
  errorByPosition: ReadonlyArray<Series>;
  /** The best linear map's test error at each position (SPEC §6), marked on the bars; absent draws no marks. */
  linearByPosition?: ReadonlyArray<number>;
}

export type PositionOptions = BaseChartOptions;

// ---------------------------------------------------------------------------------------------------------
// 3. What the hidden state remembers of each token.

export interface HiddenData {
  /** Probe sequences the measurement averages over. */
  probes: number;
  L: number;
  /** Token positions i followed (1-based, increasing), one line each. */
  tokens: number[];
  /**
   * Row-major [tokens.length, L]: memory(tokens[t], l) at entry t·L + (l − 1), the distance h_l moves when
   * token i is reversed over the distance h_i moved (src/model/token-memory.ts); NaN for l < tokens[t].
   */
  memory: ArrayLike<number>;
  /** The same at the initial weights W_0, drawn as thin reference lines; absent draws none. */
  memoryAtInit?: ArrayLike<number> | null;
  /** Samples seen when the snapshot was taken. */
  samples: number;
}

export interface HiddenOptions extends BaseChartOptions {
  /** Draw the thin lines of the network at initialisation (default true). */
  showInitial?: boolean;
}

// ---------------------------------------------------------------------------------------------------------
// 4. Prediction vs target for one probe sequence.

export interface PredictionData {
  /** Positions j in J (1-based). */
  positions: number[];
  /** Output dimension d. */
  d: number;
  /** Row-major [positions.length, d] (as `Predictions.predicted`). */
  predicted: ArrayLike<number>;
  /** Row-major [positions.length, d] (as `Predictions.target`). */
  target: ArrayLike<number>;
  /** Index of the probe sequence (0-based; shown 1-based). */
  probe: number;
  /** Samples seen when the predictions were read (shown in the subtitle), if known. */
  samples?: number;
}

export interface PredictionOptions extends BaseChartOptions {
  /** Output coordinate s shown when d > 1, 1-based (default 1). */
  coordinate?: number;
}

// ---------------------------------------------------------------------------------------------------------
// 5. Influence maps.

export interface InfluenceData {
  L: number;
  /** Row-major [L, L]: entry (i-1)*L + (j-1) is the teacher's ‖∂y_j/∂x_i‖. */
  teacher: ArrayLike<number>;
  /** Same layout: the student's ‖∂F_j/∂x_i‖. */
  student: ArrayLike<number>;
  /** Probe sequences averaged over, if known (shown in the subtitle). */
  probes?: number;
  /** Samples seen when the maps were computed, if known. */
  samples?: number;
}

export interface InfluenceOptions extends BaseChartOptions {
  /** Colour scale of the magnitudes: 'sqrt' (default, shows weak links) or 'linear'. */
  scale?: 'sqrt' | 'linear';
}

// ---------------------------------------------------------------------------------------------------------
// 6. Lazy-training metrics.

export interface LazyData {
  /** Samples seen at each lazy-metric reading; the series below are aligned with it. */
  samples: Series;
  /** ‖W − W_0‖_F / ‖W_0‖_F. */
  weightMovementFrobenius: Series;
  /** sqrt(m)·‖W − W_0‖_2. */
  weightMovementSpectral: Series;
  /** Fraction of ReLU patterns that differ from W_0 (0..1). */
  patternFlips: Series;
  /** ‖F(W) − F_lin(W)‖ / ‖F(W) − F(W_0)‖. */
  linearizationGap: Series;
  /**
   * Samples the run has seen now, if known. Lazy readings are sparse (they run every k steps), so the x axis
   * is stretched to this count: the gap after the last reading then shows how stale it is.
   */
  samplesSeen?: number;
}

export interface LazyOptions extends BaseChartOptions {
  /** Log-scaled x axis (default false). */
  logX?: boolean;
}

// ---------------------------------------------------------------------------------------------------------
// 7. Gradients through time.

export interface GradientData {
  L: number;
  /** Probe sequences the mean is over. */
  probes: number;
  /** Samples seen when the profile below was measured. */
  samples: number;
  /** ‖δ_l‖ for l = 1..L (entry l − 1): the signal a unit error at the last output leaves at position l. */
  norms: ArrayLike<number>;
  /** The same on the initial weights W_0; absent draws no reference line. */
  normsAtInit?: ArrayLike<number> | null;
  /** The two ends over training, one reading per heavy round: ‖δ_1‖ and ‖δ_L‖ against samples seen. */
  history?: { samples: Series; first: Series; last: Series } | null;
}

export type GradientOptions = BaseChartOptions;
