/**
 * The settings, in one of two places. Beside the charts (a column on a wide screen in normal mode) or in a
 * drawer over them (projector mode, where the charts need the whole screen, and narrow screens, where the
 * status and the learning curve come first). The run bar's Settings button and the `o` key open and close
 * it; in a drawer, Esc or a click beside it closes it, the focus moves into it when it opens and back to the
 * Settings button when it closes.
 */
import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { pendingChanges } from '../state/store';
import { getPageStore, NARROW_QUERY, usePage } from '../state/page-store';
import { Controls } from './Controls';
import { useLab } from './session-context';

function subscribeNarrow(onChange: () => void): () => void {
  const query = window.matchMedia(NARROW_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}
const isNarrow = () => window.matchMedia(NARROW_QUERY).matches;

/**
 * Whether the settings are a drawer; when that changes (projector mode toggled, the window resized across
 * NARROW_QUERY) the panel starts as that place expects: open beside the charts, closed as a drawer.
 */
export function useSettingsDrawer(presenter: boolean): boolean {
  const narrow = useSyncExternalStore(subscribeNarrow, isNarrow, () => false);
  const drawer = presenter || narrow;
  const first = useRef(true);
  useEffect(() => {
    // The store starts in the right state (see getPageStore); only a later change moves the panel.
    if (first.current) {
      first.current = false;
      return;
    }
    getPageStore().getState().setSettingsOpen(!drawer);
  }, [drawer]);
  return drawer;
}

export const SETTINGS_TOGGLE_ID = 'settings-toggle';

export function SettingsPanel({ drawer }: { drawer: boolean }) {
  const open = usePage((s) => s.settingsOpen);
  const ref = useRef<HTMLElement>(null);
  const close = () => getPageStore().getState().setSettingsOpen(false);

  useEffect(() => {
    if (!drawer || !open) return;
    const panel = ref.current;
    panel?.focus();
    const onKey = (e: KeyboardEvent) => {
      // A dialog open over the drawer takes Esc first.
      if (e.key !== 'Escape' || e.defaultPrevented || getPageStore().getState().dialog !== null) return;
      e.preventDefault();
      close();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      // Give the focus back to the button that opened the drawer, unless the user already moved it on.
      if (!panel || panel.contains(document.activeElement) || document.activeElement === document.body)
        document.getElementById(SETTINGS_TOGGLE_ID)?.focus();
    };
  }, [drawer, open]);

  return (
    <>
      {drawer && open && <div className="drawer-backdrop" onClick={close} aria-hidden="true" />}
      <aside
        id="settings"
        ref={ref}
        className={`sidebar${drawer ? ' sidebar--drawer' : ''}`}
        aria-label="Settings"
        tabIndex={-1}
        hidden={!open}
        data-testid="settings"
      >
        {drawer && (
          <div className="drawer-head">
            <h2>Settings</h2>
            <button type="button" className="quiet" onClick={close} aria-keyshortcuts="Escape">
              Close
            </button>
          </div>
        )}
        <Controls />
      </aside>
    </>
  );
}

export function SettingsToggle() {
  const open = usePage((s) => s.settingsOpen);
  const draft = useLab((s) => s.draft);
  const config = useLab((s) => s.config);
  // Changes waiting for a restart stay in view while the settings are closed.
  const waiting = useMemo(() => pendingChanges({ draft, config }).restart.length, [draft, config]);
  return (
    <button
      type="button"
      id={SETTINGS_TOGGLE_ID}
      className="quiet"
      data-testid="settings-toggle"
      aria-expanded={open}
      aria-controls="settings"
      aria-keyshortcuts="O"
      title="Show or hide the settings (key: o)"
      onClick={() => getPageStore().getState().setSettingsOpen(!open)}
    >
      ⚙ Settings
      {!open && waiting > 0 && (
        <span className="settings-waiting" data-testid="settings-waiting">
          {' '}
          · {waiting} change{waiting === 1 ? '' : 's'} to apply
        </span>
      )}
    </button>
  );
}
