/**
 * The one writer of the address bar. Each view registers what its link is now (the Lab: config, lesson,
 * hidden controls, presenter mode; the Experiments view: the built-in shown or the builder's sweep) and how to
 * hear when that changes; the address bar shows the link of the view on screen, rewritten with
 * `history.replaceState` (no history entry per change) when the view's link changes or the person switches
 * views (the view store tells it, src/state/view-store.ts). So a run the Lab starts behind the Experiments
 * view cannot overwrite the view's link. Lint allows `history.replaceState` in this file alone. It imports
 * nothing, so the query guard (src/main.tsx) can use it before anything else loads.
 */

/** The page's views, by name (src/state/view-store.ts's AppView). */
type ViewName = string;

/** What a view puts in the address bar. */
export interface AddressSource {
  /** The view's query now (with its leading '?', or '' for none). */
  query(): string;
  /** Calls `onChange` whenever the query may have changed; returns the unsubscribe. */
  subscribe(onChange: () => void): () => void;
}

/** Replaces the address bar's query (keeping path and hash) without adding a history entry. */
export function replaceQuery(search: string): void {
  const url = new URL(window.location.href);
  url.search = search;
  if (url.href !== window.location.href) window.history.replaceState(window.history.state, '', url.href);
}

const sources = new Map<ViewName, AddressSource>();
let shown: ViewName | null = null;

function writeIfShown(view: ViewName): void {
  const source = sources.get(view);
  if (source && shown === view) replaceQuery(source.query());
}

/** The view on screen now; its link goes in the address bar. */
export function showView(view: ViewName): void {
  if (view === shown) return;
  shown = view;
  writeIfShown(view);
}

/**
 * Makes `source` the address of `view` (replacing an earlier one) and writes it at once when the view is
 * shown. Returns the unregister.
 */
export function showInAddressBar(view: ViewName, source: AddressSource): () => void {
  sources.set(view, source);
  const off = source.subscribe(() => {
    if (sources.get(view) === source) writeIfShown(view);
  });
  writeIfShown(view);
  return () => {
    off();
    if (sources.get(view) === source) sources.delete(view);
  };
}
