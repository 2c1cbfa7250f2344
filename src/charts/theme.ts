/**
 * Colours, type sizes and stroke widths shared by every chart. The palette is Okabe–Ito (safe for the common
 * colour-vision deficiencies) minus its yellow, which is too light on white; text is near-black on white.
 */

/** Series colours, in the order they are handed out. */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#56B4E9', '#E69F00', '#000000'] as const;

/** Named colours with a fixed meaning across charts. */
export const COLORS = {
  text: '#111111',
  muted: '#444444',
  axis: '#333333',
  grid: '#e4e4e4',
  background: '#ffffff',
  /** Cells or areas that cannot carry a value (for example a future input in the influence map). */
  empty: '#f2f2f2',
  testError: '#0072B2',
  trainLoss: '#D55E00',
  zeroPredictor: '#555555',
  eps: '#009E73',
  noiseFloor: '#CC79A7',
  /** The best linear map of the tokens (SPEC §6): the level a student must beat to show more than linear. */
  linearBaseline: '#000000',
  constantBaseline: '#777777',
  target: '#111111',
  prediction: '#0072B2',
} as const;

/** Colours for overlay runs: distinct from the current run's test-error blue and train-loss vermillion. */
export const OVERLAY_PALETTE = ['#009E73', '#CC79A7', '#56B4E9', '#E69F00', '#000000'] as const;

/**
 * Dash patterns handed out with OVERLAY_PALETTE, and to the series of a sweep: lines that differ in colour
 * differ in dash as well, so they stay apart for a reader who cannot tell the colours apart (or in grey).
 */
export const SERIES_DASHES = ['7 3', '2 3', '10 3 2 3', '4 4', '1 4'] as const;

/** The dash for series `k` (cycling). */
export function seriesDash(k: number, dashes: readonly string[] = SERIES_DASHES): string {
  return dashes[((k % dashes.length) + dashes.length) % dashes.length] as string;
}

export const FONT_FAMILY =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** Type sizes (px) and stroke widths for one presentation mode. */
export interface Theme {
  presenter: boolean;
  /** Tick labels, legend, tooltip, reference-line labels (never below 13px). */
  font: number;
  /** Axis titles. */
  label: number;
  /** Chart title. */
  title: number;
  /** Main series stroke. */
  line: number;
  /** Secondary strokes (raw series under a smoothed one, reference lines, trails). */
  thin: number;
  /** Marker radius. */
  marker: number;
}

const NORMAL: Theme = {
  presenter: false,
  font: 13,
  label: 14,
  title: 17,
  line: 2.25,
  thin: 1.25,
  marker: 3.5,
};
const PRESENTER: Theme = { presenter: true, font: 18, label: 20, title: 24, line: 4, thin: 2, marker: 6 };

/** The theme for normal screens or for a projector. */
export function themeFor(presenter: boolean | undefined): Theme {
  return presenter ? PRESENTER : NORMAL;
}

/** The i-th palette colour, cycling. */
export function paletteColor(i: number, palette: readonly string[] = PALETTE): string {
  return palette[((i % palette.length) + palette.length) % palette.length] as string;
}
