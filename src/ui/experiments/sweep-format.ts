/** Words and numbers of the Experiments view: durations, dates, progress and the point being trained. */
import type { SweepSpec, SweepValue } from '../../model/sweep-spec';
import type { LiveStatus } from '../../state/experiments-store';
import { formatDuration } from '../../model/sweep-result';

/** The time left as a person says it: "about 1m 20s left", or "estimating…" before the first run ends. */
export function describeTimeLeft(secondsLeft: number): string {
  return Number.isFinite(secondsLeft) ? `about ${formatDuration(secondsLeft)} left` : 'estimating time left…';
}

/** "L = 16" or "L = 16, concept = joint". */
export function describePoint(
  spec: SweepSpec,
  value: SweepValue,
  series: SweepValue | null | undefined,
): string {
  const s =
    spec.series && series !== null && series !== undefined ? `, ${spec.series.variable} = ${series}` : '';
  return `${spec.variable} = ${value}${s}`;
}

/** A date from a result file, as "26 Nov 2026"; the text itself when it is not a date. */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** The status of a live sweep in words. */
export const STATUS_TEXT: Record<LiveStatus, string> = {
  starting: 'Starting the sweep worker…',
  running: 'Running',
  cancelling: 'Cancelling after the current step…',
  done: 'Finished',
  cancelled: 'Cancelled',
  error: 'Stopped by a problem',
};

/** Runs a sweep plans: values × seeds × series values. */
export function plannedRuns(spec: SweepSpec): number {
  return spec.values.length * spec.seeds.length * (spec.series?.values.length ?? 1);
}
