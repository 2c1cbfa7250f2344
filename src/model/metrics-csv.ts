/**
 * The metric history of a run export as CSV: one row per evaluation, one column per metric, then the test
 * error of every target position (`testError_j<j>`). Missing values are empty cells. Numbers keep full
 * precision, so the CSV and the run file hold the same values.
 */
import type { RunExport } from './run-export';

const COLUMNS = [
  'samples',
  'step',
  'trainLoss',
  'testError',
  'weightMovementFrobenius',
  'weightMovementSpectral',
  'patternFlips',
  'linearizationGap',
] as const;

function cell(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '' : String(v);
}

export function metricsCsv(run: RunExport): string {
  const m = run.metrics;
  const header = [...COLUMNS, ...m.positions.map((j) => `testError_j${j}`)];
  const lines = [header.join(',')];
  for (let i = 0; i < m.samples.length; i++) {
    const row = COLUMNS.map((c) => cell(m[c][i]));
    const byPosition = m.testErrorByPosition[i] ?? [];
    for (let k = 0; k < m.positions.length; k++) row.push(cell(byPosition[k]));
    lines.push(row.join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** `name.run.json` → `name.metrics.csv`. */
export function csvFileName(runFileName: string): string {
  return runFileName.replace(/\.run\.json$/, '') + '.metrics.csv';
}
