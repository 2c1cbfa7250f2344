/**
 * Keeps every run that stops: when the run pauses (Pause, a step, a divergence), its export is saved
 * for comparison. Saves of one run replace each other, so the list holds one entry per run.
 */
import { useEffect } from 'react';
import { useSession } from '../session-context';
import { keepCurrentRun } from './keep-run';

/** Steps in quick succession give one save, not one each. */
const SETTLE_MS = 400;

export function AutoKeep() {
  const session = useSession();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let savedAt = '';
    let reported = false;
    const off = session.store.subscribe((s, prev) => {
      // A failed run may have no run left to export; its error message must stay on screen.
      if (s.status !== 'paused' || s.progress.samplesSeen === 0) return;
      const key = `${s.runId}:${s.progress.samplesSeen}`;
      const changed = prev.status === 'running' || s.progress !== prev.progress;
      if (!changed || key === savedAt) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        savedAt = key;
        keepCurrentRun(session).catch((e: unknown) => {
          // Said once per page: a browser that refuses IndexedDB would refuse at every pause.
          if (reported) return;
          reported = true;
          session.store.getState().setError(e instanceof Error ? e.message : String(e));
        });
      }, SETTLE_MS);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [session]);
  return null;
}
