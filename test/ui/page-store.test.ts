/** The page store: overlays are capped at four and keep the order they were picked in. */
import { describe, expect, it } from 'vitest';
import { createPageStore, MAX_OVERLAYS } from '../../src/state/page-store';

describe('page store', () => {
  it('overlays at most four kept runs, in picking order, and drops deleted ones', () => {
    const store = createPageStore({ hidden: ['lr'], lesson: 'theorem' });
    const s = () => store.getState();
    expect(s().hidden).toEqual(['lr']);
    expect(s().lesson).toBe('theorem');
    for (const id of ['d', 'a', 'c', 'b']) expect(s().toggleOverlay(id)).toBe(true);
    expect(s().overlays).toEqual(['d', 'a', 'c', 'b']);
    expect(MAX_OVERLAYS).toBe(4);
    expect(s().toggleOverlay('e')).toBe(false);
    expect(s().overlays).toEqual(['d', 'a', 'c', 'b']);
    expect(s().toggleOverlay('a')).toBe(true);
    expect(s().toggleOverlay('e')).toBe(true);
    expect(s().overlays).toEqual(['d', 'c', 'b', 'e']);
    s().dropOverlay('c');
    expect(s().overlays).toEqual(['d', 'b', 'e']);
  });
});
