/**
 * Text output of `npm run sweep`: the header, one line per finished run, the results table and the
 * conclusion. Pure string building, so tests can read exactly what a person sees.
 */
import type { SweepSpec } from '../model/sweep-spec';
import { compactSamples, describeMedian, formatDuration, type SweepResult } from '../model/sweep-result';
import type { SweepRunRecord } from '../model/sweep';

/** What the sweep will do, before it starts. */
export function describeSweep(spec: SweepSpec, backend: string): string {
  const seriesCount = spec.series?.values.length ?? 1;
  const runs = spec.values.length * spec.seeds.length * seriesCount;
  const lines = [
    `${spec.title} (${spec.experiment})`,
    `  ${spec.variable} = ${spec.values.join(', ')}` +
      (spec.series ? `; ${spec.series.variable} = ${spec.series.values.join(', ')}` : '') +
      Object.entries(spec.scale)
        .map(([field, power]) => `; ${field} ∝ ${spec.variable}^${power}`)
        .join(''),
    `  seeds ${spec.seeds.join(', ')}; ε = ${spec.eps}; budget ${compactSamples(spec.budget)} samples per run` +
      (spec.stopAtEps ? '' : ' (every run trains to its budget)'),
    `  ${runs} runs on ${backend}`,
  ];
  return lines.join('\n');
}

/** The label of one curve point: "L = 16" or "L = 16, concept = joint". */
export function pointLabel(
  spec: SweepSpec,
  run: { value: SweepRunRecord['value']; series?: SweepRunRecord['series'] | null },
): string {
  const series =
    spec.series && run.series !== undefined && run.series !== null
      ? `, ${spec.series.variable} = ${run.series}`
      : '';
  return `${spec.variable} = ${run.value}${series}`;
}

/** One line per finished run: reached ε at N samples, or censored at the budget, or diverged. */
export function describeRun(spec: SweepSpec, r: SweepRunRecord): string {
  const err = r.finalTestError === null ? 'not finite' : r.finalTestError.toFixed(4);
  const head = `${pointLabel(spec, r)}, seed ${r.seed}:`;
  const time = `(${formatDuration(r.seconds)})`;
  if (r.diverged) return `${head} diverged at ${compactSamples(r.samplesSeen)} samples, censored ${time}`;
  if (r.samplesToEps === null) {
    return `${head} censored: testError ${err} after the budget of ${compactSamples(r.samplesSeen)} ${time}`;
  }
  return `${head} samplesToEps ${compactSamples(r.samplesToEps)} (testError ${err}) ${time}`;
}

function table(rows: string[][]): string {
  const widths = (rows[0] ?? []).map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The results table (one row per point) and the conclusion sentences. */
export function describeResult(result: SweepResult): string {
  const head = [
    result.variable,
    ...(result.series ? [result.series.variable] : []),
    'runs',
    'reached ε',
    'median samplesToEps',
    'quartiles',
    'final testError',
  ];
  const rows = result.summary.map((row) => {
    const quart = `${describeMedian({ median: row.q1, medianCensored: row.q1Censored })} – ${describeMedian({ median: row.q3, medianCensored: row.q3Censored })}`;
    const cells = [
      String(row.value),
      ...(result.series ? [String(row.series)] : []),
      String(row.runs),
      String(row.runs - row.censored),
      describeMedian(row),
      quart,
      row.finalTestErrorMedian === null ? '—' : row.finalTestErrorMedian.toFixed(4),
    ];
    return cells;
  });
  const lines = [table([head, ...rows])];
  lines.push('', `"> N" means the median run missed ε = ${result.eps} within the budget (censored).`);
  if (result.conclusion) lines.push('', result.conclusion);
  if (!result.complete) lines.push('', 'Partial result: not every planned run finished.');
  return lines.join('\n');
}
