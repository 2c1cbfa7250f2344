/** One kept run in the comparison list: overlay on/off, its name (renamable), when it was kept, delete. */
import { useState } from 'react';
import type { SavedRun } from '../../state/saved-runs';

export interface SavedRunRowProps {
  run: SavedRun;
  /** Whether the run is drawn on the comparison chart. */
  overlaid: boolean;
  onToggle: () => void;
  onRename: (name: string) => void;
  onDelete: () => void;
  onUseSettings: () => void;
}

function summary(run: SavedRun): string {
  const m = run.run.metrics;
  const last = m.testError.findLast((v) => v !== null && Number.isFinite(v));
  const seen = m.samples.at(-1) ?? 0;
  const err = last === undefined || last === null ? '—' : last.toPrecision(3);
  return `${seen.toLocaleString('en-US')} samples · test error ${err}${run.origin === 'import' ? ' · imported' : ''}`;
}

export function SavedRunRow({
  run,
  overlaid,
  onToggle,
  onRename,
  onDelete,
  onUseSettings,
}: SavedRunRowProps) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(run.name);
  const commit = () => {
    setEditing(false);
    if (name.trim() !== '' && name.trim() !== run.name) onRename(name);
    else setName(run.name);
  };
  return (
    <li className="saved-run" data-run-id={run.id}>
      <label className="saved-run-pick">
        <input type="checkbox" checked={overlaid} onChange={onToggle} aria-label={`Overlay ${run.name}`} />
      </label>
      <div className="saved-run-text">
        {editing ? (
          <input
            type="text"
            value={name}
            aria-label="Run name"
            autoFocus
            onChange={(e) => setName(e.target.value)}
            onBlur={commit}
            onKeyDown={(e) => {
              if (e.key === 'Enter') commit();
              if (e.key === 'Escape') {
                e.preventDefault();
                e.stopPropagation();
                setName(run.name);
                setEditing(false);
              }
            }}
          />
        ) : (
          <span className="saved-run-name">{run.name}</span>
        )}
        <span className="saved-run-summary">{summary(run)}</span>
      </div>
      <div className="saved-run-actions">
        <button type="button" className="quiet small" onClick={() => setEditing(true)} disabled={editing}>
          Rename
        </button>
        <button
          type="button"
          className="quiet small"
          onClick={onUseSettings}
          title="Start a new run with these settings"
        >
          Use settings
        </button>
        <button type="button" className="quiet small" onClick={onDelete} aria-label={`Delete ${run.name}`}>
          Delete
        </button>
      </div>
    </li>
  );
}
