/**
 * The form that builds a sweep: the swept variable, its values, seeds per value (at least three), ε, the
 * sample budget per run, other settings as `key=value` text, optional curves and scaling, and the backend.
 * Problems show as plain sentences and keep Run disabled.
 */
import { useId, useMemo } from 'react';
import { fieldByKey } from '../../model/fields';
import { BUILDER_BACKENDS, BUILDER_VARIABLES, MIN_SEEDS, specFromDraft, type BuilderDraft } from '../../state/sweep-builder';
import { useExperiments, useExperimentsState } from './context';
import { CUSTOM, isBusy } from '../../state/experiments-store';
import { plannedRuns } from './sweep-format';

function TextField({
  label,
  hint,
  value,
  onChange,
  testId,
  wide,
}: {
  label: string;
  hint?: string;
  value: string;
  onChange: (text: string) => void;
  testId: string;
  wide?: boolean;
}) {
  const id = useId();
  return (
    <div className={`builder-field${wide ? ' builder-field--wide' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        value={value}
        data-testid={testId}
        onChange={(e) => onChange(e.target.value)}
      />
      {hint && <span className="hint">{hint}</span>}
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
          label="Values"
          hint={field?.kind === 'enum' ? `any of ${field.options.join(', ')}` : 'separated by commas'}
          value={draft.values}
          onChange={(values) => set({ values })}
          testId="builder-values"
        />
        <TextField
          label="Seeds per value"
          hint={`at least ${MIN_SEEDS}`}
          value={draft.seeds}
          onChange={(seeds) => set({ seeds })}
          testId="builder-seeds"
        />
        <TextField
          label="Target ε"
          hint="test error to reach"
          value={draft.eps}
          onChange={(eps) => set({ eps })}
          testId="builder-eps"
        />
        <TextField
          label="Budget (samples per run)"
          hint="a run that misses ε by then is censored"
          value={draft.budget}
          onChange={(budget) => set({ budget })}
          testId="builder-budget"
        />
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
        <TextField
          label="Other settings"
          hint="key=value pairs, as in a Lab link: dIn=2 p=1 m=256 lr=0.5"
          value={draft.base}
          onChange={(base) => set({ base })}
          testId="builder-base"
          wide
        />
        <TextField label="Name" value={draft.name} onChange={(name) => set({ name })} testId="builder-name" />
      </div>
      <details className="builder-more">
        <summary>Curves and scaling</summary>
        <div className="builder-grid">
          <TextField
            label="A curve for each"
            hint='optional, e.g. "concept: additive, joint"'
            value={draft.series}
            onChange={(series) => set({ series })}
            testId="builder-series"
          />
          <TextField
            label="Scale with the variable"
            hint='optional, e.g. "lr: -1" keeps η·m fixed'
            value={draft.scale}
            onChange={(scale) => set({ scale })}
            testId="builder-scale"
          />
          <TextField
            label="Choose η per value by a pilot"
            hint='optional, e.g. "0.25, 0.5, 1, 2; pilot 20000; seed 0": the η with the lowest pilot error'
            value={draft.lrRule}
            onChange={(lrRule) => set({ lrRule })}
            testId="builder-lr-rule"
          />
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
        {busy && <span className="hint">A sweep is running; cancel it or wait for it to finish.</span>}
      </div>
    </form>
  );
}
