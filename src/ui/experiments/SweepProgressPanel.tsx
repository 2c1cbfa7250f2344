/**
 * The live sweep's progress: status and backend, an overall bar (runs done plus the shares of the runs in
 * training), a bar for the current run, or with several workers one per worker (samples seen of the budget,
 * with its latest test error), time elapsed and left, and Cancel. After the sweep it says how it ended.
 */
import { compactSamples, formatDuration } from '../../model/sweep-result';
import { formatError } from '../number-format';
import type { SweepProgressReport } from '../../worker/protocol/sweep-protocol';
import { useExperiments } from './context';
import { isBusy, type LiveSweep } from '../../state/experiments-store';
import { describePoint, describeTimeLeft, plannedRuns, STATUS_TEXT } from './sweep-format';

/** Overall completion in runs (fractional within the runs in training; pilots count nothing). */
export function overallRuns(live: LiveSweep): number {
  const done = live.records.length;
  if (!isBusy(live)) return done;
  let share = 0;
  for (const p of Object.values(live.active))
    if (!p.pilot) share += Math.min(1, p.samplesSeen / Math.max(1, p.budget));
  return Math.min(plannedRuns(live.spec), done + share);
}

/** What one worker trains, in words. */
function describeTraining(live: LiveSweep, p: SweepProgressReport): string {
  if (p.pilot)
    return `choosing η for ${describePoint(live.spec, p.value, p.series)}: pilot ${p.pilot.index} of ${p.pilot.of} (η = ${p.pilot.lr}, seed ${p.pilot.seed}) — ${compactSamples(p.samplesSeen)} of ${compactSamples(p.budget)} samples`;
  return `${describePoint(live.spec, p.value, p.series)}, seed ${p.seed} — ${compactSamples(p.samplesSeen)} of ${compactSamples(p.budget)} samples, test error ${formatError(Number.isFinite(p.testError) ? p.testError : null)}`;
}

/** One bar per worker of a pooled sweep. */
function WorkerRows({ live }: { live: LiveSweep }) {
  const total = plannedRuns(live.spec);
  const slots = Math.min(live.workers, total);
  return (
    <div className="worker-rows" data-testid="worker-rows">
      {Array.from({ length: slots }, (_, slot) => {
        const p = live.active[slot];
        return (
          <label className="progress-row" key={slot} data-testid="worker-run" data-slot={slot}>
            <span>
              Worker {slot + 1}: {p ? describeTraining(live, p) : 'waiting for its next run…'}
            </span>
            <progress max={p?.budget ?? 1} value={p ? Math.min(p.samplesSeen, p.budget) : 0} />
          </label>
        );
      })}
    </div>
  );
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
  const currentRun = live.active[0] ?? null;
  const pooled = live.workers > 1 && total > 1;
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
          {pooled ? (
            <WorkerRows live={live} />
          ) : (
            <label className="progress-row">
              <span data-testid="current-run">
                {currentRun?.pilot
                  ? `C${describeTraining(live, currentRun).slice(1)}`
                  : currentRun
                    ? `This run: ${describeTraining(live, currentRun)}`
                    : 'This run: starting…'}
              </span>
              <progress
                data-testid="run-progress"
                max={currentRun?.budget ?? 1}
                value={currentRun ? Math.min(currentRun.samplesSeen, currentRun.budget) : 0}
              />
            </label>
          )}
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
