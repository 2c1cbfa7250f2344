/**
 * The settings, grouped as in the SPEC: Teacher, Student, Training, Data, and the run's own (ε, seed,
 * backend). Live fields apply at once; the others are collected and applied together with one restart.
 */
import { useMemo } from 'react';
import { FIELDS, type FieldGroup } from '../model/fields';
import { pendingChanges } from '../state/store';
import { FieldControl } from './FieldControl';
import { useLab, useSession } from './session-context';

const GROUPS: { group: FieldGroup; title: string; blurb: string }[] = [
  {
    group: 'teacher',
    title: 'Teacher',
    blurb:
      'The concept to learn: y_j is a function of earlier tokens — small networks added up (additive), one network over a window (joint), or your formula.',
  },
  {
    group: 'student',
    title: 'Student',
    blurb: 'The Elman ReLU RNN h_l = ReLU(W h_{l−1} + A x_l), F = λ B h.',
  },
  { group: 'training', title: 'Training', blurb: 'Plain SGD on the trainable weights.' },
  { group: 'data', title: 'Data', blurb: 'Where training and test sequences come from.' },
  { group: 'run', title: 'Run', blurb: 'Target error, seed and compute backend.' },
];

function ApplyBar() {
  const session = useSession();
  const draft = useLab((s) => s.draft);
  const config = useLab((s) => s.config);
  // Validating the draft is not free: do it when the draft or the config changes, not on every status tick.
  const pending = useMemo(() => pendingChanges({ draft, config }).restart, [draft, config]);
  const formErrors = useLab((s) => s.formErrors);
  const invalid = useLab((s) => Object.keys(s.fieldErrors).length > 0);
  if (pending.length === 0 && formErrors.length === 0 && !invalid) return null;
  return (
    <div className="apply-bar" role="region" aria-label="Changes waiting for a restart">
      {formErrors.map((e) => (
        <p key={e} className="field-error" role="alert">
          {e}
        </p>
      ))}
      {invalid && <p className="field-error">Fix the fields marked in red to apply changes.</p>}
      {pending.length > 0 && (
        <p>
          Restart needed for: <strong>{pending.join(', ')}</strong>
        </p>
      )}
      <div className="apply-buttons">
        <button
          type="button"
          className="primary"
          disabled={pending.length === 0}
          onClick={() => session.applyDraft()}
        >
          Apply and restart
        </button>
        <button type="button" onClick={() => session.discardDraft()}>
          Discard
        </button>
      </div>
    </div>
  );
}

/** Teacher fields the formula teacher does not read (its expression sets the concept whole). */
const NOT_FOR_FORMULA: ReadonlySet<string> = new Set(['p', 'K', 'act', 'R', 'norm']);

export function Controls() {
  const fields = FIELDS;
  const concept = useLab((s) => s.draft.concept);
  const formula = concept === 'formula';
  return (
    <form className="controls" aria-label="Settings" onSubmit={(e) => e.preventDefault()}>
      <ApplyBar />
      {GROUPS.map(({ group, title, blurb }) => (
        <fieldset key={group} className={`group group--${group}`}>
          <legend>{title}</legend>
          <p className="blurb">{blurb}</p>
          <div className="group-fields">
            {fields
              .filter((f) => f.group === group)
              .filter((f) => f.kind !== 'text' || formula)
              .map((f) => (
                <FieldControl
                  key={f.key}
                  field={f}
                  inactive={
                    formula && NOT_FOR_FORMULA.has(f.key) ? 'not read by the formula teacher' : undefined
                  }
                />
              ))}
          </div>
        </fieldset>
      ))}
    </form>
  );
}
