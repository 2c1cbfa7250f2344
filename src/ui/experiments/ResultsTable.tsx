/**
 * The results as a table: one row per value (per series) with runs, how many reached ε, the median samples
 * (shown as "> budget" when censored) with its quartiles, and the median final test error; below it, every
 * run, censored ones included.
 */
import {
  compactSamples,
  describeMedian,
  formatDuration,
  type SweepResult,
  type ValueRow,
} from '../../model/sweep-result';
import { formatError } from '../number-format';

function quartiles(row: ValueRow): string {
  const q = (v: number, censored: boolean) => (censored ? `> ${compactSamples(v)}` : compactSamples(v));
  return `${q(row.q1, row.q1Censored)} – ${q(row.q3, row.q3Censored)}`;
}

/** The local exponent from the previous value to this row's, for the row's curve (null when none). */
function localExponent(result: SweepResult, row: ValueRow): number | null {
  const fits =
    row.series !== undefined ? result.seriesFits?.find((f) => f.series === row.series)?.fits : result.fits;
  const slope = fits?.localSlopes.find((s) => s.to === row.value);
  return slope ? slope.exponent : null;
}

export function ResultsTable({ result }: { result: SweepResult }) {
  const seriesName = result.series?.variable;
  const withLr = result.summary.some((row) => row.lr !== undefined);
  const withLinear = result.summary.some((row) => row.linearMedian !== undefined);
  const withSlopes = result.summary.some((row) => localExponent(result, row) !== null);
  return (
    <div className="results-tables">
      <table className="results-table" data-testid="results-table">
        <caption>
          samplesToEps per value: the median of the seeds, and the middle half of them (quartiles)
        </caption>
        <thead>
          <tr>
            <th scope="col">{result.variable}</th>
            {seriesName && <th scope="col">{seriesName}</th>}
            <th scope="col">runs</th>
            <th scope="col">reached ε</th>
            <th scope="col">median samples</th>
            <th scope="col">quartiles</th>
            <th scope="col">median final test error</th>
            {withLinear && <th scope="col">best linear map</th>}
            {withLr && <th scope="col">η (pilot)</th>}
            {withSlopes && <th scope="col">local exponent from the previous value</th>}
          </tr>
        </thead>
        <tbody>
          {result.summary.map((row) => (
            <tr key={JSON.stringify([row.series, row.value])} data-censored={row.medianCensored}>
              <th scope="row">{row.value}</th>
              {seriesName && <td>{row.series}</td>}
              <td>{row.runs}</td>
              <td>
                {row.runs - row.censored} of {row.runs}
              </td>
              <td>{describeMedian(row)}</td>
              <td>{quartiles(row)}</td>
              <td>{formatError(row.finalTestErrorMedian)}</td>
              {withLinear && <td>{formatError(row.linearMedian ?? null)}</td>}
              {withLr && <td>{row.lr ?? '—'}</td>}
              {withSlopes && <td>{localExponent(result, row)?.toFixed(2) ?? '—'}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      <details className="runs-details">
        <summary>Every run ({result.runs.length})</summary>
        <table className="results-table runs-table" data-testid="runs-table">
          <thead>
            <tr>
              <th scope="col">{result.variable}</th>
              {seriesName && <th scope="col">{seriesName}</th>}
              <th scope="col">seed</th>
              <th scope="col">samplesToEps</th>
              <th scope="col">final test error</th>
              <th scope="col">samples seen</th>
              <th scope="col">time</th>
            </tr>
          </thead>
          <tbody>
            {result.runs.map((r) => (
              <tr
                key={JSON.stringify([r.series, r.value, r.seed])}
                data-censored={r.samplesToEps === null}
                data-run={JSON.stringify([r.series ?? null, r.value, r.seed, r.samplesToEps])}
              >
                <th scope="row">{r.value}</th>
                {seriesName && <td>{r.series}</td>}
                <td>{r.seed}</td>
                <td>
                  {r.samplesToEps !== null
                    ? compactSamples(r.samplesToEps)
                    : r.diverged
                      ? 'diverged (censored)'
                      : `> ${compactSamples(result.budget)} (missed ε)`}
                </td>
                <td>{formatError(r.finalTestError)}</td>
                <td>{compactSamples(r.samplesSeen)}</td>
                <td>{formatDuration(r.seconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
