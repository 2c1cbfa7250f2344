/**
 * The form that builds a sweep: the swept variable, its values, seeds per value (at least three), ε, the
 * sample budget per run, other settings as `key=value` text, optional curves and scaling, and the backend.
 * Problems show as plain sentences and keep Run disabled.
 */
import { useId, useMemo } from 'react';
import { fieldByKey } from '../../model/fields';
import {
  BUILDER_BACKENDS,
  BUILDER_VARIABLES,
  MIN_SEEDS,
  specFromDraft,
  type BuilderDraft,
} from '../../state/sweep-builder';
import { useExperiments, useExperimentsState } from './context';
import { CUSTOM, isBusy } from '../../state/experiments-store';
import { plannedRuns } from './sweep-format';
import { WorkersField } from './WorkersField';

type TextKey = Exclude<keyof BuilderDraft, 'variable' | 'backend'>;

/** The builder's text boxes: label, hint and test id by draft key. */
const TEXT_FIELDS: Record<TextKey, { label: string; hint?: string; testId: string; wide?: boolean }> = {
  name: { label: 'Name', testId: 'builder-name' },
  values: { label: 'Values', hint: 'separated by commas', testId: 'builder-values' },
  seeds: { label: 'Seeds per value', hint: `at least ${MIN_SEEDS}`, testId: 'builder-seeds' },
  eps: { label: 'Target ε', hint: 'test error to reach', testId: 'builder-eps' },
  budget: {
    label: 'Budget (samples per run)',
    hint: 'a run that misses ε by then is censored',
    testId: 'builder-budget',
  },
  base: {
    label: 'Other settings',
    hint: 'key=value pairs, as in a Lab link: dIn=2 p=1 m=256 lr=0.5',
    testId: 'builder-base',
    wide: true,
  },
  series: {
    label: 'A curve for each',
    hint: 'optional, e.g. "concept: additive, joint"',
    testId: 'builder-series',
  },
  scale: {
    label: 'Scale with the variable',
    hint: 'optional, e.g. "lr: -1" keeps η·m fixed',
    testId: 'builder-scale',
  },
  lrRule: {
    label: 'Choose η per value by a pilot',
    hint: 'optional, e.g. "0.25, 0.5, 1, 2; pilot 20000; seed 0": the η with the lowest pilot error',
    testId: 'builder-lr-rule',
  },
};

/** The text box of one draft key (TEXT_FIELDS); `hint` overrides the table's. */
function TextField({ name, hint }: { name: TextKey; hint?: string }) {
  const controller = useExperiments();
  const value = useExperimentsState((s) => s.draft[name]);
  const { label, testId, wide, ...rest } = TEXT_FIELDS[name];
  const shownHint = hint ?? rest.hint;
  const id = useId();
  return (
    <div className={`builder-field${wide ? ' builder-field--wide' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        value={value}
        data-testid={testId}
        onChange={(e) => controller.setDraft({ [name]: e.target.value })}
      />
      {shownHint && <span className="hint">{shownHint}</span>}
    </div>
  );
}

export function SweepBuilder() {
  const controller = useExperiments();
  const draft = useExperimentsState((s) => s.draft);
  const busy = useExperimentsState((s) => isBusy(s.live));
  const checked = useMemo(() => specFromDraft(draft), [draft]);
  const set = (patch: Partial<BuilderDraft>) => controller.setDraft(patch);
  const variableId = useId();
  const backendId = useId();
  const variables: string[] = [...BUILDER_VARIABLES];
  if (!variables.includes(draft.variable)) variables.push(draft.variable);
  const field = fieldByKey(draft.variable);
  return (
    <form
      className="sweep-builder"
      data-testid="builder"
      aria-label="Build a sweep"
      onSubmit={(e) => {
        e.preventDefault();
        if (checked.ok && !busy) controller.run(checked.spec, CUSTOM);
      }}
    >
      <div className="builder-grid">
        <div className="builder-field">
          <label htmlFor={variableId}>Swept variable</label>
          <select
            id={variableId}
            value={draft.variable}
            data-testid="builder-variable"
            onChange={(e) => set({ variable: e.target.value })}
          >
            {variables.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
          {field && <span className="hint">{field.help}</span>}
        </div>
        <TextField
          name="values"
          hint={field?.kind === 'enum' ? `any of ${field.options.join(', ')}` : undefined}
        />
        <TextField name="seeds" />
        <TextField name="eps" />
        <TextField name="budget" />
        <div className="builder-field">
          <label htmlFor={backendId}>Backend</label>
          <select
            id={backendId}
            value={draft.backend}
            data-testid="builder-backend"
            onChange={(e) => set({ backend: e.target.value as BuilderDraft['backend'] })}
          >
            {BUILDER_BACKENDS.map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </select>
          <span className="hint">wasm is fastest for small networks</span>
        </div>
        <TextField name="base" />
        <TextField name="name" />
      </div>
      <details className="builder-more">
        <summary>Curves and scaling</summary>
        <div className="builder-grid">
          <TextField name="series" />
          <TextField name="scale" />
          <TextField name="lrRule" />
        </div>
      </details>
      {!checked.ok && (
        <ul className="builder-errors" data-testid="builder-errors" role="alert">
          {checked.errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      <div className="builder-actions">
        <button type="submit" className="primary" data-testid="run-sweep" disabled={!checked.ok || busy}>
          Run sweep{checked.ok ? ` (${plannedRuns(checked.spec)} runs)` : ''}
        </button>
        <WorkersField disabled={busy} />
        {busy && <span className="hint">A sweep is running; cancel it or wait for it to finish.</span>}
      </div>
    </form>
  );
}
