/**
 * Which view a link opens and what the address bar says while the Experiments view is shown. A link opens
 * the Experiments view with `?view=experiments` (optionally `&experiment=<built-in name>`) or with a sweep
 * share link (`?sweep=L&values=4,8,16&…`, see src/state/link/sweep-link.ts); every other link opens the Lab.
 */
import type { SweepSpec } from '../../model/sweep-spec';
import { SWEEP_KEYS, VIEW_KEYS } from './keys';
import { sweepToQuery } from './sweep-link';

const VIEW_KEY = VIEW_KEYS.view;
const EXPERIMENT_KEY = VIEW_KEYS.experiment;

/** The query the page was opened with, read when this module loads (before the Lab rewrites the address). */
export const INITIAL_SEARCH = typeof window === 'undefined' ? '' : window.location.search;

/** Whether a query asks for the Experiments view. */
export function experimentsRequested(search: string): boolean {
  const q = new URLSearchParams(search);
  return q.get(VIEW_KEY) === 'experiments' || q.has(SWEEP_KEYS.sweep) || q.has(EXPERIMENT_KEY);
}

/** What an Experiments link asks to show. */
export type ExperimentsLink =
  { kind: 'none' } | { kind: 'builtIn'; name: string } | { kind: 'sweep'; query: string };

/** Reads an Experiments link: a sweep (its query without this view's keys), a built-in by name, or nothing. */
export function readExperimentsLink(search: string): ExperimentsLink {
  const q = new URLSearchParams(search);
  if (q.has(SWEEP_KEYS.sweep)) {
    q.delete(VIEW_KEY);
    q.delete(EXPERIMENT_KEY);
    return { kind: 'sweep', query: q.toString() };
  }
  const name = q.get(EXPERIMENT_KEY);
  return name ? { kind: 'builtIn', name } : { kind: 'none' };
}

/**
 * The query the Lab should read its config from: a link made for the Experiments view carries no Lab
 * settings (its config keys describe the sweep), so the Lab gets an empty query and its defaults.
 */
export function labSearch(search: string): string {
  return experimentsRequested(search) ? '' : search;
}

/** The address-bar query of the view showing a built-in experiment (or just the view). */
export function viewQuery(experiment: string | null): string {
  const q = new URLSearchParams({ [VIEW_KEY]: 'experiments' });
  if (experiment) q.set(EXPERIMENT_KEY, experiment);
  return `?${q.toString()}`;
}

/** The address-bar query of the view showing a custom sweep: its share link. */
export function sweepQuery(spec: SweepSpec): string {
  // Commas and colons are legal in a query and keep lists readable: values=4,8,16&series=concept:additive,joint.
  return `?${sweepToQuery(spec).replace(/%2C/gi, ',').replace(/%3A/gi, ':')}`;
}

/** The full share link of a sweep, on this page's address. */
export function sweepShareLink(spec: SweepSpec, href: string): string {
  const url = new URL(href);
  url.search = '';
  url.hash = '';
  return `${url.href}${sweepQuery(spec)}`;
}
