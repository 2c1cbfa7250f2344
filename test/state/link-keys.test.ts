/**
 * One table owns every query key of a link (src/state/link/keys.ts): no two groups share a key, except `eps`,
 * which a sweep link uses for the sweep's target error (the config field the sweep sets for all its runs).
 * The links the page writes use only keys of the table.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/model/config';
import { FIELDS } from '../../src/model/fields';
import { KEY_GROUPS, SWEEP_KEYS, testHooksRequested } from '../../src/state/link/keys';
import { linkQuery } from '../../src/state/link/config-link';
import { sweepToQuery } from '../../src/state/link/sweep-link';
import { viewQuery } from '../../src/state/link/view-link';
import { BUILT_IN_EXPERIMENTS } from '../../src/model/experiments';
import { validateSweep } from '../../src/model/sweep-spec';

const ALLOWED_SHARED = new Set([`field/sweep:${SWEEP_KEYS.eps}`, `sweep/field:${SWEEP_KEYS.eps}`]);

function keysOf(query: string): string[] {
  return [...new URLSearchParams(query).keys()];
}

describe('the link key table', () => {
  it('gives each key one owner (eps: the sweep link reads it as the config field it sets)', () => {
    const clashes: string[] = [];
    const groups = Object.entries(KEY_GROUPS);
    for (const [a, keysA] of groups)
      for (const [b, keysB] of groups)
        if (a !== b)
          for (const k of keysA)
            if (keysB.includes(k) && !ALLOWED_SHARED.has(`${a}/${b}:${k}`)) clashes.push(`${a}/${b}:${k}`);
    expect(clashes).toEqual([]);
    expect(KEY_GROUPS.field).toEqual(FIELDS.map((f) => f.key));
  });

  it('every key the page writes in a lab, view or sweep link is in the table', () => {
    const known = new Set(Object.values(KEY_GROUPS).flat());
    const written = [
      ...keysOf(linkQuery(DEFAULT_CONFIG, { hidden: ['lr', 'settings'], lesson: 'long', presenter: true })),
      ...keysOf(viewQuery('samples-vs-L')),
      ...BUILT_IN_EXPERIMENTS.flatMap((input) => {
        const checked = validateSweep(input);
        if (!checked.ok) throw new Error(checked.errors.join(' '));
        return keysOf(sweepToQuery(checked.spec));
      }),
    ];
    expect(written.length).toBeGreaterThan(20);
    expect(written.filter((k) => !known.has(k))).toEqual([]);
  });

  it('reads the test-hooks switch only as test-hooks=1', () => {
    expect(testHooksRequested('?test-hooks=1&L=5')).toBe(true);
    expect(testHooksRequested('?test-hooks=0')).toBe(false);
    expect(testHooksRequested('?L=5')).toBe(false);
  });
});
