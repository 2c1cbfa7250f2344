/**
 * Keeps the address bar equal to the page: the run's config (also live changes such as η), the lesson, the
 * hidden controls and presenter mode, with `history.replaceState` (no history entry per change). Turns presenter
 * mode on when the link asks for it.
 */
import { useEffect } from 'react';
import { parseLink, writeLinkToUrl } from '../../state/url';
import { getPageStore } from '../../state/page-store';
import { useSession } from '../session-context';

export function LinkSync() {
  const session = useSession();
  useEffect(() => {
    const lab = session.store;
    const page = getPageStore();
    if (parseLink(window.location.search).page.presenter) lab.getState().setPresenter(true);
    const write = () => {
      const { config, presenter } = lab.getState();
      const { hidden, lesson } = page.getState();
      writeLinkToUrl(config, { hidden, lesson, presenter });
    };
    const offLab = lab.subscribe((s, prev) => {
      if (s.config !== prev.config || s.presenter !== prev.presenter) write();
    });
    const offPage = page.subscribe((s, prev) => {
      if (s.lesson !== prev.lesson || s.hidden !== prev.hidden) write();
    });
    return () => {
      offLab();
      offPage();
    };
  }, [session]);
  return null;
}
