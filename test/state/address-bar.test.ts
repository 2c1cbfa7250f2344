// @vitest-environment jsdom
/**
 * The one writer of the address bar (src/state/link/address-bar.ts): it shows the link of the view on screen,
 * follows that view's changes, switches with the view, and ignores a view that is not shown (a run the Lab
 * starts behind the Experiments view does not overwrite the view's link). No history entries are added.
 */
import { describe, expect, it } from 'vitest';
import { replaceQuery, showInAddressBar, showView } from '../../src/state/link/address-bar';

/** A source whose query a test sets, with the change signal the writer listens to. */
function source(initial: string) {
  let query = initial;
  const listeners = new Set<() => void>();
  return {
    set(next: string) {
      query = next;
      for (const l of listeners) l();
    },
    query: () => query,
    subscribe(onChange: () => void) {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
  };
}

describe('the address bar', () => {
  it('shows the link of the view on screen, and only that', () => {
    const historyLength = window.history.length;
    replaceQuery('?start=1');
    showView('lab');
    const lab = source('?L=5');
    const experiments = source('?view=experiments');
    const offLab = showInAddressBar('lab', lab);
    const offExperiments = showInAddressBar('experiments', experiments);
    expect(window.location.search).toBe('?L=5');

    lab.set('?L=6');
    expect(window.location.search).toBe('?L=6');
    experiments.set('?view=experiments&experiment=samples-vs-L');
    expect(window.location.search).toBe('?L=6');

    showView('experiments');
    expect(window.location.search).toBe('?view=experiments&experiment=samples-vs-L');
    lab.set('?L=7');
    expect(window.location.search).toBe('?view=experiments&experiment=samples-vs-L');

    showView('lab');
    expect(window.location.search).toBe('?L=7');

    offLab();
    lab.set('?L=8');
    expect(window.location.search).toBe('?L=7');
    offExperiments();
    expect(window.history.length).toBe(historyLength);
  });

  it('keeps the path and the hash when it replaces the query', () => {
    // eslint-disable-next-line no-restricted-syntax -- the test sets the address it starts from
    window.history.replaceState(null, '', '/lab/#charts');
    replaceQuery('?L=9');
    expect(window.location.pathname).toBe('/lab/');
    expect(window.location.hash).toBe('#charts');
    expect(window.location.search).toBe('?L=9');
  });
});
