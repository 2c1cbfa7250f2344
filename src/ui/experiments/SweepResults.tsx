/**
 * Everything a sweep result shows: the samples chart (log-log, with fits), the final-test-error chart, the
 * fits in plain sentences, the table, downloads and the share link. Works the same for a shipped result and
 * for a live one whose runs are still arriving.
 */
import { useMemo } from 'react';
import { createSweepChart } from '../../charts/sweep-chart';
import { createSweepErrorChart } from '../../charts/sweep-error-chart';
import { SWEEP_CHART_TITLES } from '../../charts/sweep-types';
import type { SweepResult } from '../../model/sweep-result';
import type { SweepSpec } from '../../model/sweep-spec';
import { sweepChartData } from './sweep-chart-data';
import { plannedRuns } from './sweep-format';
import { ResultsTable } from './ResultsTable';
import { ShareAndExport } from './ShareAndExport';
import { SweepChartPanel } from './SweepChartPanel';

/** The sentences under the chart: the fits (or the comparison of categories), hedged while runs arrive. */
export function conclusionLines(result: SweepResult, planned: number): string[] {
  const lines = result.conclusion.split('\n').filter((l) => l.trim() !== '');
  if (result.runs.length === 0) return [];
  if (result.complete) return lines;
  return [`So far, with ${result.runs.length} of ${planned} runs:`, ...lines];
}

/**
 * The local exponents in one line per curve: what the slope between neighbouring points is, which a single
 * straight line on log-log axes would keep constant. Empty when there is no fit.
 */
export function localSlopeNote(result: SweepResult): string {
  const curves = result.seriesFits ?? (result.fits ? [{ series: undefined, fits: result.fits }] : []);
  const parts = curves
    .filter((c) => c.fits.localSlopes.length > 0)
    .map((c) => {
      const list = c.fits.localSlopes.map((s) => `${s.exponent.toFixed(1)} (${s.from}→${s.to})`).join(', ');
      return c.series !== undefined ? `${c.series}: ${list}` : list;
    });
  if (!parts.length) return '';
  return `Local slope between neighbouring points (the exponent k of samples ∝ ${result.variable}^k there): ${parts.join('; ')}. A power law keeps it constant; an exponential makes it grow with ${result.variable}.`;
}

export function SweepResults({ result, spec }: { result: SweepResult; spec: SweepSpec }) {
  const data = useMemo(() => sweepChartData(result), [result]);
  const note = localSlopeNote(result);
  const lines = conclusionLines(result, plannedRuns(spec));
  return (
    <div className="sweep-results">
      <div className="sweep-charts">
        <SweepChartPanel
          testId="chart-sweep"
          title={SWEEP_CHART_TITLES.samples}
          create={createSweepChart}
          data={data}
          {...(note ? { note } : {})}
        />
        <SweepChartPanel
          testId="chart-sweep-error"
          title={SWEEP_CHART_TITLES.error}
          create={createSweepErrorChart}
          data={data}
        />
      </div>
      {lines.length > 0 && (
        <div className="fit-sentence" data-testid="fit-sentence" aria-live="polite">
          {lines.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </div>
      )}
      {result.runs.length > 0 && <ResultsTable result={result} />}
      <ShareAndExport result={result} spec={spec} />
    </div>
  );
}
