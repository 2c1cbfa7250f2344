/**
 * The parts of a share link that are not config fields: which controls a classroom link hides, which lesson
 * card it opens, and presenter mode. Like the config fields, each key is one row of a declarative table, so
 * reading, writing and the link-builder dialog agree on names.
 */
import { chartTestId, LIVE_CHART_TABLE } from '../../charts/chart-table';
import { FIELD_KEYS, PAGE_KEYS } from './keys';

export { PAGE_KEYS } from './keys';

/** Parts of the page a link can hide besides single fields. */
export const HIDE_PANELS = [
  { key: 'settings', label: 'the whole settings column' },
  { key: 'runbar', label: 'the run buttons (Play, Step, Reset…)' },
  { key: 'lessons', label: 'the Lessons button' },
  { key: 'theory', label: 'the Theory button' },
  { key: 'compare', label: 'the Compare button' },
  { key: 'files', label: 'the Export and Import buttons' },
  { key: 'share', label: 'the Share and Classroom buttons' },
] as const;

/** Charts a link can hide, by the panel's test id (the chart table, src/charts/chart-table.ts). */
export const HIDE_CHARTS: readonly { key: string; label: string }[] = LIVE_CHART_TABLE.map((c) => ({
  key: chartTestId(c.id),
  label: c.hideLabel,
}));

/** Everything `hide=` accepts: every config field key, the panels and the charts. */
export const HIDE_TARGETS: readonly string[] = [
  ...FIELD_KEYS,
  ...HIDE_PANELS.map((p) => p.key),
  ...HIDE_CHARTS.map((c) => c.key),
];

export interface PageOptions {
  /** Hide targets, in HIDE_TARGETS order, without duplicates. */
  hidden: string[];
  /** Id of the lesson whose card the page shows, or null. */
  lesson: string | null;
  /** Large type, strong contrast and thick lines. */
  presenter: boolean;
}

export const DEFAULT_PAGE: Readonly<PageOptions> = Object.freeze({
  hidden: [],
  lesson: null,
  presenter: false,
});

/** Puts hide targets in table order and drops unknown ones and duplicates. */
export function normalizeHidden(targets: Iterable<string>): string[] {
  const wanted = new Set(targets);
  return HIDE_TARGETS.filter((t) => wanted.has(t));
}

/** Reads `hide=a,b` (also repeated `hide=` keys); unknown names are reported and skipped. */
export function parseHidden(values: string[], errors: string[]): string[] {
  const names = values
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = names.filter((n) => !HIDE_TARGETS.includes(n));
  if (unknown.length > 0)
    errors.push(
      `hide: ${unknown.map((u) => JSON.stringify(u)).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not a control of this page; use field keys, ${HIDE_PANELS.map((p) => p.key).join(', ')} or a chart id.`,
    );
  return normalizeHidden(names);
}

/** Reads `present=1` or `present=0`; anything else is reported and read as 0. */
export function parsePresent(value: string, errors: string[]): boolean {
  const v = value.trim().toLowerCase();
  if (v === '1' || v === 'true' || v === '') return true;
  if (v === '0' || v === 'false') return false;
  errors.push(`present: ${JSON.stringify(value)} is not allowed; use 1 (presenter mode) or 0.`);
  return false;
}

/** Appends the page options that differ from the defaults to `params`. */
export function writePageParams(params: URLSearchParams, page: PageOptions): void {
  if (page.lesson) params.set(PAGE_KEYS.lesson, page.lesson);
  const hidden = normalizeHidden(page.hidden);
  if (hidden.length > 0) params.set(PAGE_KEYS.hide, hidden.join(','));
  if (page.presenter) params.set(PAGE_KEYS.present, '1');
}
