/**
 * The keyboard handler (s step, r reset, p presenter, l/t/c panels, o settings, f enlarge, ? help) and the `?` overlay listing every
 * shortcut. Keys are ignored while the user types in a field, and while a dialog is open (except `?`).
 */
import { useEffect } from 'react';
import { PageDialog } from './Dialog';
import { getPageStore, type DialogName } from '../../state/page-store';
import { isTyping, SHORTCUTS } from './shortcuts';
import { useSession } from '../session-context';

/** Keys that open a dialog; the dialog's name is also its hide target. */
const PANEL_KEYS: Record<string, DialogName> = { l: 'lessons', t: 'theory' };

/** The chart panel holding the focus, else the first chart shown (the learning curve unless a link hid it). */
function chartToEnlarge(target: EventTarget | null): string | null {
  const focused = target instanceof Element ? target.closest<HTMLElement>('.chart-panel') : null;
  const shown = [...document.querySelectorAll<HTMLElement>('.chart-panel')].find(
    (p) => p.offsetParent !== null,
  );
  return (focused ?? shown)?.dataset.testid ?? null;
}

export function useShortcuts(): void {
  const session = useSession();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
      const page = getPageStore().getState();
      if (e.key === '?') {
        e.preventDefault();
        page.openDialog(page.dialog === 'shortcuts' ? null : 'shortcuts');
        return;
      }
      if (page.dialog !== null) return;
      const lab = session.store.getState();
      const key = e.key.toLowerCase();
      // What a classroom link hid stays out of reach from the keyboard too.
      const shown = (target: string) => !page.hidden.includes(target);
      const runKeys = shown('runbar') && lab.status !== 'starting';
      if (key === 's' && runKeys) session.step();
      else if (key === 'r' && runKeys) session.reset();
      else if (key === 'p') lab.setPresenter(!lab.presenter);
      else if (key === 'c' && shown('compare')) page.setCompareOpen(!page.compareOpen);
      else if (key === 'o' && shown('settings')) page.setSettingsOpen(!page.settingsOpen);
      else if (key === 'f') page.setEnlarged(page.enlarged ? null : chartToEnlarge(e.target));
      else if (PANEL_KEYS[key] && shown(PANEL_KEYS[key] as string))
        page.openDialog(PANEL_KEYS[key] as DialogName);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [session]);
}

export function ShortcutsDialog() {
  return (
    <PageDialog
      name="shortcuts"
      title="Keyboard shortcuts"
      testId="shortcuts"
    >
      <table className="shortcuts-table">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.label}>
              <th scope="row">
                <kbd>{s.label}</kbd>
              </th>
              <td>{s.action}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </PageDialog>
  );
}
