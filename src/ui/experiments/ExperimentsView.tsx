/**
 * The Experiments view: the built-in learnability experiments with their shipped results shown at once, a
 * live re-run of any of them in the sweep worker, and a builder for new sweeps; progress, charts with fits,
 * the table, downloads and share links. The Lab's run pauses while the view is open.
 */
import { useEffect, useMemo } from 'react';
import { specFromDraft } from '../../state/sweep-builder';
import { BuiltInActions } from './BuiltInActions';
import { BuiltInList } from './BuiltInList';
import { appExperiments, ExperimentsContext, useExperiments, useExperimentsState } from './context';
import {
  CUSTOM,
  shownResult,
  type ExperimentsController,
  type ExperimentsState,
} from '../../state/experiments-store';
import { usePauseLab } from './lab-hooks';
import { SweepBuilder } from './SweepBuilder';
import { SweepProgressPanel } from './SweepProgressPanel';
import { SweepResults } from './SweepResults';
import { showInAddressBar } from '../../state/link/address-bar';
import { sweepQuery, viewQuery } from '../../state/link/view-link';

/** The address-bar query of what the view shows: a built-in by name, or the builder's sweep as a link. */
export function addressOf(state: ExperimentsState): string {
  if (state.selected !== CUSTOM) return viewQuery(state.selected);
  const checked = specFromDraft(state.draft);
  return checked.ok ? sweepQuery(checked.spec) : viewQuery(CUSTOM);
}

function useShown() {
  const live = useExperimentsState((s) => s.live);
  const selected = useExperimentsState((s) => s.selected);
  const showLive = useExperimentsState((s) => s.showLive);
  const precomputed = useExperimentsState((s) => s.precomputed);
  // Rebuilt only when a run arrives or the selection changes, not on every progress message.
  const records = live?.records;
  const shown = useMemo(
    () => shownResult({ live, selected, showLive, precomputed }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [records, live?.spec, live?.source, live?.status, live?.backend, selected, showLive, precomputed],
  );
  return { shown, live, selected, precomputed };
}

function Selected() {
  const { shown, live, selected, precomputed } = useShown();
  const liveHere = live !== null && live.source === selected;
  if (selected === CUSTOM) {
    return (
      <>
        <header className="exp-head">
          <h2 data-testid="exp-title">Build your own sweep</h2>
          <p className="claim">
            Pick what to vary and how often to repeat it. Each run trains a fresh network until its test error
            reaches ε or its budget of samples is spent; the chart then fits how the samples needed grow.
          </p>
        </header>
        <SweepBuilder />
        {liveHere && <SweepProgressPanel live={live} />}
        {shown && <SweepResults result={shown.result} spec={shown.spec} />}
      </>
    );
  }
  const entry = precomputed[selected];
  if (!entry || entry.status === 'loading') return <p className="hint">Loading the shipped result…</p>;
  if (entry.status === 'error')
    return (
      <p className="error-message" role="alert">
        <span>{entry.message} You can still build and run a sweep of your own.</span>
      </p>
    );
  return (
    <>
      <header className="exp-head">
        <h2 data-testid="exp-title">{entry.spec.title}</h2>
        <p className="claim">{entry.spec.claim}</p>
      </header>
      <BuiltInActions key={selected} name={selected} spec={entry.spec} shipped={entry.result} />
      {liveHere && <SweepProgressPanel live={live} />}
      {shown && (
        <>
          <p className="result-source" data-testid="result-source" data-source={shown.source}>
            {shown.source === 'live'
              ? `Showing the live re-run${live?.quick ? ' (quick version)' : ''}.`
              : 'Showing the shipped result.'}
          </p>
          <SweepResults result={shown.result} spec={shown.spec} />
        </>
      )}
    </>
  );
}

function ExperimentsBody() {
  const controller = useExperiments();
  const linkProblem = useExperimentsState((s) => s.linkProblem);
  useEffect(
    () =>
      showInAddressBar('experiments', {
        query: () => addressOf(controller.store.getState()),
        subscribe: (onChange) => controller.store.subscribe(onChange),
      }),
    [controller],
  );
  return (
    <div className="experiments" data-testid="experiments-view">
      {linkProblem && (
        <div className="error-message" role="alert" data-testid="experiments-link-problem">
          <span>{linkProblem}</span>
          <button type="button" className="quiet" onClick={() => controller.dismissLinkProblem()}>
            Dismiss
          </button>
        </div>
      )}
      <div className="experiments-body">
        <aside className="experiments-side">
          <BuiltInList />
          <p className="hint">
            The live Lab is paused while this view is open, so a sweep has the machine to itself; it continues
            when you go back.
          </p>
        </aside>
        <main id="experiments" className="experiments-main" tabIndex={-1}>
          <Selected />
        </main>
      </div>
    </div>
  );
}

/** The view; `controller` replaces the page's own (tests). */
export function ExperimentsView({ controller }: { controller?: ExperimentsController }) {
  const c = controller ?? appExperiments();
  usePauseLab();
  return (
    <ExperimentsContext.Provider value={c}>
      <ExperimentsBody />
    </ExperimentsContext.Provider>
  );
}
