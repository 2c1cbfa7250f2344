/**
 * The live sweep's progress: status and backend, an overall bar (runs done plus the current run's share),
 * a bar for the current run (samples seen of the budget, with its latest test error), time elapsed and left,
 * and Cancel. After the sweep it says how it ended.
 */
import { compactSamples, formatDuration } from '../../model/sweep-result';
import { formatError } from '../number-format';
import { useExperiments } from './context';
import { isBusy, type LiveSweep } from '../../state/experiments-store';
import { describePoint, describeTimeLeft, plannedRuns, STATUS_TEXT } from './sweep-format';

/** Overall completion in runs (fractional within the current run). */
export function overallRuns(live: LiveSweep): number {
  const p = live.progress;
  const done = live.records.length;
  if (!p || !isBusy(live) || p.runsDone !== done || p.pilot) return done;
  return done + Math.min(1, p.samplesSeen / Math.max(1, p.budget));
}

function ending(live: LiveSweep, total: number): string {
  const n = live.records.length;
  const on = live.backend ? ` on ${live.backend}` : '';
  const took = live.seconds !== null ? ` in ${formatDuration(live.seconds)}` : '';
  if (live.status === 'done') return `Finished ${n} of ${total} runs${took}${on}.`;
  if (live.status === 'cancelled' && n === 0) return 'Cancelled before any run finished.';
  if (live.status === 'cancelled')
    return `Cancelled after ${n} of ${total} runs${took}; the runs that finished are shown below.`;
  return '';
}

export function SweepProgressPanel({ live }: { live: LiveSweep }) {
  const controller = useExperiments();
  const total = plannedRuns(live.spec);
  const busy = isBusy(live);
  const p = live.progress;
  const currentRun = p && p.runsDone === live.records.length ? p : null;
  return (
    <section
      className={`sweep-progress sweep-progress--${live.status}`}
      data-testid="sweep-progress"
      data-status={live.status}
      data-runs-done={live.records.length}
      data-runs-total={total}
      aria-label="Progress of the live sweep"
    >
      <div className="sweep-progress-head">
        <strong data-testid="sweep-status" role="status">
          {STATUS_TEXT[live.status]}
        </strong>
        {live.backendDescription && <span className="hint">backend: {live.backendDescription}</span>}
        {busy && (
          <button
            type="button"
            className="cancel-sweep"
            data-testid="cancel-sweep"
            disabled={live.status === 'cancelling'}
            onClick={() => controller.cancel()}
          >
            Cancel
          </button>
        )}
      </div>
      {live.status === 'error' && (
        <p className="error-message" role="alert" data-testid="sweep-error">
          <span>{live.message}</span>
        </p>
      )}
      {busy && (
        <>
          <label className="progress-row">
            <span>
              Overall: <b data-testid="runs-done">{live.records.length}</b> of {total} runs
            </span>
            <progress data-testid="overall-progress" max={total} value={overallRuns(live)} />
          </label>
          <label className="progress-row">
            <span data-testid="current-run">
              {currentRun?.pilot
                ? `Choosing η for ${describePoint(live.spec, currentRun.value, currentRun.series)}: pilot ${currentRun.pilot.index} of ${currentRun.pilot.of} (η = ${currentRun.pilot.lr}, seed ${currentRun.pilot.seed}) — ${compactSamples(currentRun.samplesSeen)} of ${compactSamples(currentRun.budget)} samples`
                : currentRun
                  ? `This run: ${describePoint(live.spec, currentRun.value, currentRun.series)}, seed ${currentRun.seed} — ${compactSamples(currentRun.samplesSeen)} of ${compactSamples(currentRun.budget)} samples, test error ${formatError(Number.isFinite(currentRun.testError) ? currentRun.testError : null)}`
                  : 'This run: starting…'}
            </span>
            <progress
              data-testid="run-progress"
              max={currentRun?.budget ?? 1}
              value={currentRun ? Math.min(currentRun.samplesSeen, currentRun.budget) : 0}
            />
          </label>
          <p className="hint" data-testid="time-left">
            {p
              ? `${formatDuration(p.elapsedSeconds)} elapsed · ${describeTimeLeft(p.secondsLeft)}`
              : 'starting…'}
          </p>
        </>
      )}
      {!busy && live.status !== 'error' && <p data-testid="sweep-ending">{ending(live, total)}</p>}
    </section>
  );
}
