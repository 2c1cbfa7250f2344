/**
 * Compare runs: the kept runs (every paused run is kept automatically; imported run files too), up to four of
 * them overlaid on the comparison chart with the current run, and rename / delete / reuse their settings.
 */
import { useMemo } from 'react';
import { getPageStore, MAX_OVERLAYS, usePage } from '../../state/page-store';
import { useLab, useSession } from '../session-context';
import { CompareChart } from './CompareChart';
import { keepCurrentRun } from './keep-run';
import { savedRuns, useSavedRuns } from './saved-runs-hook';
import { SavedRunRow } from './SavedRunRow';

export function ComparePanel() {
  const session = useSession();
  const open = usePage((s) => s.compareOpen);
  const overlays = usePage((s) => s.overlays);
  const samplesSeen = useLab((s) => s.progress.samplesSeen);
  const { runs, problem } = useSavedRuns();
  const shown = useMemo(
    () => overlays.map((id) => runs.find((r) => r.id === id)).filter((r) => r !== undefined),
    [overlays, runs],
  );
  if (!open) return null;

  const page = getPageStore().getState();
  const report = (e: unknown) =>
    session.store.getState().setError(e instanceof Error ? e.message : String(e));
  const toggle = (id: string) => {
    if (!page.toggleOverlay(id))
      session.store.getState().setNotice(`At most ${MAX_OVERLAYS} runs can be overlaid; untick one first.`);
  };
  const keepNow = () => {
    keepCurrentRun(session)
      .then((kept) => {
        if (kept) session.store.getState().setNotice(`Kept “${kept.name}”.`);
      })
      .catch(report);
  };

  return (
    <section className="compare-panel" data-testid="compare-panel" aria-labelledby="compare-title">
      <header>
        <h2 id="compare-title">Compare runs</h2>
        <button type="button" onClick={keepNow} disabled={samplesSeen === 0}>
          Keep this run
        </button>
        <button
          type="button"
          className="quiet"
          aria-label="Close Compare runs"
          onClick={() => page.setCompareOpen(false)}
        >
          ✕
        </button>
      </header>
      <p className="blurb">
        Every run is kept when it pauses. Tick up to {MAX_OVERLAYS} to draw them over the current run.
      </p>
      {problem && <p className="field-error">{problem}</p>}
      <div className="compare-body">
        <ul className="saved-runs" data-testid="saved-runs" aria-label="Kept runs">
          {runs.length === 0 && !problem && (
            <li className="blurb">No kept runs yet: pause a run to keep it.</li>
          )}
          {runs.map((r) => (
            <SavedRunRow
              key={r.id}
              run={r}
              overlaid={overlays.includes(r.id)}
              onToggle={() => toggle(r.id)}
              onRename={(name) =>
                void savedRuns()
                  .then((s) => s.rename(r.id, name))
                  .catch(report)
              }
              onDelete={() => {
                page.dropOverlay(r.id);
                void savedRuns()
                  .then((s) => s.remove(r.id))
                  .catch(report);
              }}
              onUseSettings={() => session.load({ ...r.run.config }, true)}
            />
          ))}
        </ul>
        <CompareChart runs={shown} />
      </div>
    </section>
  );
}
