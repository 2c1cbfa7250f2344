/**
 * Which of the two views the page shows: the live Lab or the Experiments view. The first view follows the
 * link the page was opened with; switching later is a tab click. The address bar follows it.
 */
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { showView } from './link/address-bar';
import { experimentsRequested, INITIAL_SEARCH } from './link/view-link';

export type AppView = 'lab' | 'experiments';

interface ViewState {
  view: AppView;
  setView(view: AppView): void;
}

/** The page's view store (one per page). */
export const viewStore = createStore<ViewState>()((set) => ({
  view: experimentsRequested(INITIAL_SEARCH) ? 'experiments' : 'lab',
  setView: (view) => {
    set({ view });
    showView(view);
  },
}));
// The address bar shows the link of the view on screen.
showView(viewStore.getState().view);

/** The view shown now; re-renders on a switch. */
export function useAppView(): AppView {
  return useStore(viewStore, (s) => s.view);
}
