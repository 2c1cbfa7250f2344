/**
 * One labelled control for one field of the FIELDS table: symbol and key, input, unit, allowed range, a
 * tooltip with the field's help, and the validation message when the text is not valid.
 */
import { describeRange, type Field, type FieldKey } from '../model/fields';
import { useLab, useSession } from './session-context';

function unitOf(field: Field): string | undefined {
  return field.kind === 'int' || field.kind === 'float' ? field.unit : undefined;
}

function isSwitch(field: Field): boolean {
  return field.kind === 'int' && field.min === 0 && field.max === 1;
}

/** `inactive`: why the current draft does not read this field (shown, and the control is disabled). */
export function FieldControl({ field, inactive }: { field: Field; inactive?: string | undefined }) {
  const session = useSession();
  const key = field.key as FieldKey;
  const text = useLab((s) => s.draft[key]);
  const applied = useLab((s) => String(s.config[key]));
  const error = useLab((s) => s.fieldErrors[key]);
  const id = `field-${key}`;
  const unit = unitOf(field);
  const changed = text !== applied;
  const set = (value: string) => session.setField(key, value);
  const describedBy = `${id}-help${error ? ` ${id}-error` : ''}`;

  let input;
  if (field.kind === 'text') {
    input = (
      <textarea
        id={id}
        className="formula-input"
        value={text}
        rows={2}
        maxLength={field.maxLength}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => set(e.target.value)}
      />
    );
  } else if (field.kind === 'enum') {
    input = (
      <select
        id={id}
        value={text}
        disabled={inactive !== undefined}
        onChange={(e) => set(e.target.value)}
        aria-describedby={describedBy}
      >
        {field.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  } else if (isSwitch(field)) {
    input = (
      <input
        id={id}
        type="checkbox"
        checked={text === '1'}
        disabled={inactive !== undefined}
        onChange={(e) => set(e.target.checked ? '1' : '0')}
        aria-describedby={describedBy}
      />
    );
  } else {
    input = (
      <input
        id={id}
        type="number"
        inputMode={field.kind === 'int' ? 'numeric' : 'decimal'}
        step={field.kind === 'int' ? 1 : 'any'}
        min={field.min}
        max={field.max}
        value={text}
        disabled={inactive !== undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => set(e.target.value)}
      />
    );
  }

  return (
    <div
      className={`field${field.kind === 'text' ? ' field--text' : ''}${error ? ' field--invalid' : ''}${changed ? ' field--changed' : ''}${inactive ? ' field--inactive' : ''}`}
    >
      <label htmlFor={id} title={field.help}>
        <span className="symbol">{field.label}</span>
        {field.label !== field.key && <span className="key">{field.key}</span>}
        {field.live ? (
          <span className="badge badge--live" title="Applies to the running run at once">
            live
          </span>
        ) : (
          changed && (
            <span className="badge badge--restart" title="Takes effect when you apply and restart">
              restart
            </span>
          )
        )}
      </label>
      <div className="input-row">
        {input}
        {unit && <span className="unit">{unit}</span>}
        <span className="tip" tabIndex={0} role="note" aria-label={`About ${field.label}: ${field.help}`}>
          ?
          <span className="tip-text" aria-hidden="true">
            {field.help}
          </span>
        </span>
      </div>
      <div className="hint" id={`${id}-help`}>
        {inactive ??
          (field.kind === 'enum'
            ? field.options.join(' · ')
            : field.kind === 'text'
              ? 'x[j-1], x[j-2], … · directions u, v, w · e.g. relu(dot(u, x[j-1])) - relu(dot(u, x[j-3]))'
              : describeRange(field))}
        <span className="visually-hidden"> {field.help}</span>
      </div>
      {error && (
        <div className="field-error" id={`${id}-error`} role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
