/**
 * How the Experiments view shares the page with the live Lab: the Lab's run pauses while the view is open
 * (a sweep needs the CPU or GPU to itself) and continues when the person goes back, and the address bar
 * keeps the view's link even when the Lab starts a run (which writes its own config there).
 */
import { useContext, useEffect, useRef } from 'react';
import { SessionContext } from '../session-context';
import { writeQuery } from '../../state/view-link';

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

/** Keeps `query` in the address bar while the calling component is mounted. */
export function useAddressBar(query: string): void {
  const session = useContext(SessionContext);
  const latest = useRef(query);
  useEffect(() => {
    latest.current = query;
    writeQuery(query);
  }, [query]);
  useEffect(() => {
    if (!session) return;
    // The session writes the Lab's config on every new run; this listener was added after it, so it wins.
    return session.client.subscribe((msg) => {
      if (msg.type === 'runStarted' || msg.type === 'restored') writeQuery(latest.current);
    });
  }, [session]);
}
