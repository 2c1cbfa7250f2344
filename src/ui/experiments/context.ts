/**
 * The Experiments view's controller for its components (React context), the page's own controller (made on
 * first use: it opens the link the page was opened with and loads the shipped results), and hooks.
 */
import { createContext, useContext, useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import { SessionContext } from '../session-context';
import { ExperimentsController, type ExperimentsState } from '../../state/experiments-store';
import { SweepClient } from '../../client/sweep-client';
import { INITIAL_SEARCH, readExperimentsLink } from '../../state/link/view-link';

export const ExperimentsContext = createContext<ExperimentsController | null>(null);

let appController: ExperimentsController | null = null;

/** The page's controller: one per page, so a sweep keeps running while the Lab is shown. */
export function appExperiments(): ExperimentsController {
  if (!appController) {
    appController = new ExperimentsController((listener, onCrash) => SweepClient.spawn(listener, onCrash));
    appController.openLink(readExperimentsLink(INITIAL_SEARCH));
    void appController.loadPrecomputed(document.baseURI);
  }
  return appController;
}

export function useExperiments(): ExperimentsController {
  const controller = useContext(ExperimentsContext);
  if (!controller) throw new Error('useExperiments needs an ExperimentsContext provider');
  return controller;
}

/** Reads a slice of the view's state; re-renders when it changes. */
export function useExperimentsState<T>(selector: (state: ExperimentsState) => T): T {
  return useStore(useExperiments().store, selector);
}

const noSubscription = () => () => {};

/** Projector mode of the page (false where the view runs without the Lab, as in tests). */
export function usePresenter(): boolean {
  const session = useContext(SessionContext);
  return useSyncExternalStore(
    session ? (cb) => session.store.subscribe(cb) : noSubscription,
    () => session?.store.getState().presenter ?? false,
  );
}
