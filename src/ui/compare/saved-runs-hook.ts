/**
 * The page's one connection to the kept-runs database, opened on first use, and a hook that lists the runs and
 * follows every change.
 */
import { useEffect, useState } from 'react';
import { SavedRunStore, type SavedRun } from '../../state/saved-runs';

let opening: Promise<SavedRunStore> | null = null;

/** The kept-runs store; rejects with a plain message where the browser refuses IndexedDB. */
export function savedRuns(): Promise<SavedRunStore> {
  opening ??= SavedRunStore.open().catch((e: unknown) => {
    opening = null;
    throw new Error(
      `Runs cannot be kept in this browser (IndexedDB is not available: ${e instanceof Error ? e.message : String(e)}).`,
      { cause: e },
    );
  });
  return opening;
}

export interface SavedRunsView {
  runs: SavedRun[];
  /** Why the list is unavailable, or null. */
  problem: string | null;
}

export function useSavedRuns(): SavedRunsView {
  const [view, setView] = useState<SavedRunsView>({ runs: [], problem: null });
  useEffect(() => {
    let off: (() => void) | null = null;
    let cancelled = false;
    savedRuns()
      .then(async (store) => {
        if (cancelled) return;
        off = store.subscribe((runs) => setView({ runs, problem: null }));
        const runs = await store.list();
        if (!cancelled) setView({ runs, problem: null });
      })
      .catch((e: unknown) => {
        if (!cancelled) setView({ runs: [], problem: e instanceof Error ? e.message : String(e) });
      });
    return () => {
      cancelled = true;
      off?.();
    };
  }, []);
  return view;
}
