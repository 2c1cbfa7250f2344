/**
 * Every key a link to this page can carry, in one table: the config fields (their short keys come from the
 * field table, src/model/fields.ts), the page options, the view, the sweep and the link version. Each reader
 * and writer of a link takes its key names from here, so two meanings can never share one key by accident
 * (test/state/link-keys.test.ts checks that no two groups clash).
 */
import { FIELDS, type FieldKey } from '../../model/fields';

/** The layout version of a link (`v=2`); lab links and sweep links both carry it. */
export const VERSION_KEY = 'v';

/** The page options of a lab link (src/state/link/page-options.ts). */
export const PAGE_KEYS = { hide: 'hide', lesson: 'lesson', present: 'present' } as const;

/** The view a link opens (src/state/link/view-link.ts). */
export const VIEW_KEYS = { view: 'view', experiment: 'experiment' } as const;

/**
 * The keys of a sweep link (src/state/link/sweep-link.ts), in the CLI's words. `eps` is the sweep's target
 * error; in a sweep link it stands for the config field of that name, which the sweep sets for every run.
 */
export const SWEEP_KEYS = {
  sweep: 'sweep',
  name: 'name',
  values: 'values',
  seeds: 'seeds',
  eps: 'eps',
  budget: 'budget',
  series: 'series',
  scale: 'scale',
  full: 'full',
  lrGrid: 'lrgrid',
  pilot: 'pilot',
  pilotSeed: 'pilotseed',
} as const;

/**
 * Opens the worker's fault-injection hooks for the browser tests (`test-hooks=1`), and has backend `auto` time
 * GPUs emulated on the CPU too; not a setting.
 */
export const TEST_HOOKS_KEY = 'test-hooks';

/** The config fields' keys, in table order. */
export const FIELD_KEYS: readonly FieldKey[] = FIELDS.map((f) => f.key);

/** Who owns each key: the groups above and the fields, for the clash test and for messages. */
export const KEY_GROUPS: Readonly<Record<string, readonly string[]>> = {
  version: [VERSION_KEY],
  page: Object.values(PAGE_KEYS),
  view: Object.values(VIEW_KEYS),
  sweep: Object.values(SWEEP_KEYS),
  testHooks: [TEST_HOOKS_KEY],
  field: FIELD_KEYS,
};

/** Whether the page was opened with the test hooks on. */
export function testHooksRequested(search: string): boolean {
  return new URLSearchParams(search).get(TEST_HOOKS_KEY) === '1';
}
