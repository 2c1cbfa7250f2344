/**
 * How the Experiments view shares the page with the live Lab: the Lab's run pauses while the view is open
 * (a sweep needs the CPU or GPU to itself) and continues when the person goes back. (The address bar keeps
 * the view's link: src/state/link/address-bar.ts shows the link of the view on screen.)
 */
import { useContext, useEffect } from 'react';
import { SessionContext } from '../session-context';

/** Pauses the Lab's run while the calling component is mounted; resumes it after, if it was running. */
export function usePauseLab(): void {
  const session = useContext(SessionContext);
  useEffect(() => {
    if (!session) return;
    let pausedByUs = false;
    const check = (status: string) => {
      if (status !== 'running') return;
      pausedByUs = true;
      session.pause();
    };
    check(session.store.getState().status);
    // The Lab's first run may still be starting: pause it as soon as it runs.
    const off = session.store.subscribe((s, prev) => {
      if (s.status !== prev.status) check(s.status);
    });
    return () => {
      off();
      if (pausedByUs) session.play();
    };
  }, [session]);
}
