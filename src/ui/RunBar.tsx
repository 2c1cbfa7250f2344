/** Play, Pause, Step, Reset, seed and export: the buttons a lecturer uses most, with keyboard shortcuts. */
import { getPageStore } from '../state/page-store';
import { useEffect } from 'react';
import { useLab, useSession } from './session-context';
import { SettingsToggle } from './SettingsPanel';

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA' || el.isContentEditable;
}

export function RunBar() {
  const session = useSession();
  const status = useLab((s) => s.status);
  const seed = useLab((s) => s.config.seed);
  const batch = useLab((s) => s.config.batch);
  const running = status === 'running';
  const starting = status === 'starting';

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
      // A modal dialog owns the keyboard while it is open.
      if (getPageStore().getState().dialog !== null) return;
      const state = session.store.getState().status;
      if (e.key === ' ' && !(e.target instanceof HTMLButtonElement)) {
        e.preventDefault();
        if (state === 'running') session.pause();
        else session.play();
      } else if (e.key === '.' && state !== 'starting') {
        session.step();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [session]);

  return (
    <div className="run-bar" role="toolbar" aria-label="Run controls">
      <SettingsToggle />
      <button
        type="button"
        className="primary"
        data-testid="play"
        disabled={running || starting}
        onClick={() => session.play()}
        aria-keyshortcuts="Space"
        title="Train continuously (Space)"
      >
        ▶ Play
      </button>
      <button
        type="button"
        data-testid="pause"
        disabled={!running}
        onClick={() => session.pause()}
        aria-keyshortcuts="Space"
        title="Stop after the current step (Space)"
      >
        ❚❚ Pause
      </button>
      <button
        type="button"
        data-testid="step"
        disabled={starting}
        onClick={() => session.step()}
        aria-keyshortcuts="."
        title={`Exactly one SGD step on one batch of ${batch} sequences (key: .)`}
      >
        Step +1
      </button>
      <button
        type="button"
        data-testid="reset"
        disabled={starting}
        onClick={() => session.reset()}
        title="Start again from step 0 with the seed in the Run settings"
      >
        ↺ Reset
      </button>
      <button
        type="button"
        disabled={starting}
        onClick={() => session.newSeed()}
        title="Reset with a random seed"
      >
        New seed
      </button>
      <span className="seed" aria-label="Current seed">
        seed <strong>{seed}</strong>
      </span>
      <span className="spacer" />
      <button type="button" className="quiet save-button" onClick={() => void session.exportFile('run')}>
        Save run
      </button>
      <button
        type="button"
        className="quiet save-button"
        onClick={() => void session.exportFile('checkpoint')}
      >
        Save checkpoint
      </button>
    </div>
  );
}
