/**
 * Makes the Lab's link the address of the Lab view (src/state/link/address-bar.ts writes it): the run's config
 * (also live changes such as η), the lesson, the hidden controls and presenter mode. Turns presenter mode on
 * when the link asks for it.
 */
import { useEffect } from 'react';
import { showInAddressBar } from '../../state/link/address-bar';
import { linkQuery, parseLink } from '../../state/link/config-link';
import { getPageStore } from '../../state/page-store';
import { useSession } from '../session-context';

export function LinkSync() {
  const session = useSession();
  useEffect(() => {
    const lab = session.store;
    const page = getPageStore();
    if (parseLink(window.location.search).page.presenter) lab.getState().setPresenter(true);
    return showInAddressBar('lab', {
      query() {
        const { config, presenter } = lab.getState();
        const { hidden, lesson } = page.getState();
        return linkQuery(config, { hidden, lesson, presenter });
      },
      subscribe(onChange) {
        const offLab = lab.subscribe((s, prev) => {
          if (s.config !== prev.config || s.presenter !== prev.presenter) onChange();
        });
        const offPage = page.subscribe((s, prev) => {
          if (s.lesson !== prev.lesson || s.hidden !== prev.hidden) onChange();
        });
        return () => {
          offLab();
          offPage();
        };
      },
    });
  }, [session]);
  return null;
}
