/**
 * The setting for how many runs of a sweep train at once, each in its own worker: beside every button that
 * starts a sweep. Remembered on this device; the results are the same for any value.
 */
import { useId } from 'react';
import { MAX_SWEEP_WORKERS } from '../../model/sweep-workers';
import { useExperiments, useExperimentsState } from './context';

export function WorkersField({ disabled = false }: { disabled?: boolean }) {
  const controller = useExperiments();
  const workers = useExperimentsState((s) => s.workers);
  const cores = useExperimentsState((s) => s.cores);
  const id = useId();
  const hint = `${id}-hint`;
  return (
    <span className="workers-field">
      <label htmlFor={id}>Runs at once</label>
      <input
        id={id}
        type="number"
        min={1}
        max={MAX_SWEEP_WORKERS}
        step={1}
        value={workers}
        disabled={disabled}
        data-testid="sweep-workers"
        aria-describedby={hint}
        onChange={(e) => {
          const n = e.target.valueAsNumber;
          if (Number.isFinite(n)) controller.setWorkers(n);
        }}
      />
      <span className="hint" id={hint}>
        each in its own worker; this device has {cores} {cores === 1 ? 'core' : 'cores'}; same results for any
        number
      </span>
    </span>
  );
}
