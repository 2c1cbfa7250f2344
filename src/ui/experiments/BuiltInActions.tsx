/**
 * What a built-in experiment offers besides its shipped result: where that result came from (command, date,
 * backend), re-running it live (in full, or a quick version a class can watch in about a minute) on a
 * chosen backend, copying it into the builder, and switching between the live re-run and the shipped result.
 */
import { useId, useState } from 'react';
import type { BackendChoice } from '../../model/config';
import { BACKENDS } from '../../model/fields';
import { formatDuration, type SweepResult } from '../../model/sweep-result';
import type { SweepSpec } from '../../model/sweep-spec';
import { useExperiments, useExperimentsState } from './context';
import { isBusy } from '../../state/experiments-store';
import { formatDate, plannedRuns } from './sweep-format';
import { quickPlan, totalSeconds } from '../../state/quick-spec';
import { WorkersField } from './WorkersField';

function withBackend(spec: SweepSpec, backend: BackendChoice): SweepSpec {
  return { ...spec, config: { ...spec.config, backend } };
}

export function BuiltInActions({
  name,
  spec,
  shipped,
}: {
  name: string;
  spec: SweepSpec;
  shipped: SweepResult;
}) {
  const controller = useExperiments();
  const live = useExperimentsState((s) => s.live);
  const showLive = useExperimentsState((s) => s.showLive);
  const busy = isBusy(live);
  const initialBackend = (BACKENDS as readonly string[]).includes(shipped.backend ?? '')
    ? (shipped.backend as BackendChoice)
    : 'auto';
  const [backend, setBackend] = useState<BackendChoice>(initialBackend);
  const backendId = useId();
  const quick = quickPlan(spec, shipped);
  const hasLive = live !== null && live.source === name;
  const workers = useExperimentsState((s) => s.workers);
  // The estimates are the shipped runs' own times, one after another; several at once finish sooner, by how
  // much depends on the cores (1.28x for 2 workers on 2 cores, BENCHMARKS.md), so the label does not divide.
  const oneAtATime = workers > 1 ? ' one at a time' : '';
  return (
    <div className="builtin-actions">
      <p className="provenance" data-testid="provenance">
        Shipped result: {shipped.runs.length} runs
        {shipped.backend ? ` on ${shipped.backend}` : ''}
        {shipped.date ? `, ${formatDate(shipped.date)}` : ''}, {formatDuration(totalSeconds(shipped))} of
        training.
        {shipped.command && (
          <>
            {' '}
            Made by <code>{shipped.command}</code>
          </>
        )}
      </p>
      <div className="rerun-row">
        <label htmlFor={backendId}>Backend</label>
        <select
          id={backendId}
          value={backend}
          data-testid="rerun-backend"
          onChange={(e) => setBackend(e.target.value as BackendChoice)}
        >
          {BACKENDS.map((b) => (
            <option key={b} value={b}>
              {b === initialBackend && shipped.backend ? `${b} (as shipped: same numbers)` : b}
            </option>
          ))}
        </select>
        <WorkersField disabled={busy} />
        {quick && (
          <button
            type="button"
            className="primary"
            data-testid="rerun-quick"
            disabled={busy}
            onClick={() => controller.run(withBackend(quick.spec, backend), name, true)}
            title={`Leaves out ${quick.dropped}`}
          >
            Quick re-run (about {formatDuration(quick.estimateSeconds)}
            {oneAtATime}, {plannedRuns(quick.spec)} runs)
          </button>
        )}
        <button
          type="button"
          className={quick ? '' : 'primary'}
          data-testid="rerun-live"
          disabled={busy}
          onClick={() => controller.run(withBackend(spec, backend), name)}
        >
          Re-run live in full ({plannedRuns(spec)} runs, about {formatDuration(totalSeconds(shipped))}
          {oneAtATime})
        </button>
        <button
          type="button"
          className="quiet"
          data-testid="edit-sweep"
          onClick={() => controller.edit(spec)}
        >
          Edit as a new sweep
        </button>
      </div>
      {quick && <p className="hint">The quick re-run leaves out {quick.dropped}.</p>}
      {hasLive && (
        <div className="show-toggle" role="group" aria-label="Which result to show">
          <button
            type="button"
            className="quiet"
            aria-pressed={showLive}
            data-testid="show-live"
            onClick={() => controller.setShowLive(true)}
          >
            Live re-run
          </button>
          <button
            type="button"
            className="quiet"
            aria-pressed={!showLive}
            data-testid="show-shipped"
            onClick={() => controller.setShowLive(false)}
          >
            Shipped result
          </button>
        </div>
      )}
    </div>
  );
}
