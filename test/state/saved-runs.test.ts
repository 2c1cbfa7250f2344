/**
 * Kept runs in IndexedDB (fake-indexeddb implements the same API in Node): save, replace, rename, delete, the
 * newest-first order, the size limit, and that a reopened database still holds the runs.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/model/config';
import { emptyRunMetrics, makeRunExport } from '../../src/model/run-export';
import { describeConfig, MAX_SAVED_RUNS, SavedRunStore, type SavedRun } from '../../src/state/saved-runs';

let dbCounter = 0;
const opened: SavedRunStore[] = [];

async function fresh(name = `test-${++dbCounter}`): Promise<SavedRunStore> {
  const store = await SavedRunStore.open(name);
  opened.push(store);
  return store;
}

function kept(id: string, savedAt: number, seed = 1): SavedRun {
  const config = { ...DEFAULT_CONFIG, seed };
  const metrics = emptyRunMetrics([3, 4]);
  metrics.samples.push(0, 32);
  metrics.step.push(0, 1);
  metrics.trainLoss.push(null, 0.5);
  metrics.testError.push(1, 0.9);
  return {
    id,
    name: describeConfig(config),
    savedAt,
    origin: 'session',
    run: makeRunExport(config, 'wasm', metrics),
  };
}

afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

describe('saved runs', () => {
  it('keeps runs newest first and replaces a run saved again under the same id', async () => {
    const store = await fresh();
    await store.put(kept('a', 100));
    await store.put(kept('b', 200, 2));
    expect((await store.list()).map((r) => r.id)).toEqual(['b', 'a']);
    await store.put({ ...kept('a', 300), name: 'again' });
    const runs = await store.list();
    expect(runs.map((r) => [r.id, r.name])).toEqual([
      ['a', 'again'],
      ['b', describeConfig({ ...DEFAULT_CONFIG, seed: 2 })],
    ]);
    expect(runs[1]?.run.metrics.testError).toEqual([1, 0.9]);
  });

  it('renames and deletes, and tells subscribers', async () => {
    const store = await fresh();
    const seen: string[][] = [];
    store.subscribe((runs) => seen.push(runs.map((r) => r.name)));
    await store.put(kept('a', 100));
    expect(await store.rename('a', '  wide run ')).toBe(true);
    expect((await store.get('a'))?.name).toBe('wide run');
    expect(await store.rename('missing', 'x')).toBe(false);
    await expect(store.rename('a', '   ')).rejects.toThrow(/needs a name/);
    await store.remove('a');
    expect(await store.list()).toEqual([]);
    expect(seen.at(-1)).toEqual([]);
    expect(seen).toContainEqual(['wide run']);
  });

  it('drops the oldest runs beyond the limit', async () => {
    const store = await fresh();
    for (let i = 0; i < MAX_SAVED_RUNS + 3; i++) await store.put(kept(`r${i}`, 1000 + i));
    const ids = (await store.list()).map((r) => r.id);
    expect(ids).toHaveLength(MAX_SAVED_RUNS);
    expect(ids).not.toContain('r0');
    expect(ids).not.toContain('r2');
    expect(ids[0]).toBe(`r${MAX_SAVED_RUNS + 2}`);
  });

  it('still holds the runs after the database is closed and opened again', async () => {
    const first = await fresh('persist');
    await first.put(kept('a', 100));
    first.close();
    const second = await fresh('persist');
    expect((await second.list()).map((r) => r.id)).toEqual(['a']);
  });
});

describe('keeping a run again', () => {
  it('keeps the name the user gave, even when the rename races the save', async () => {
    const store = await fresh();
    await store.keep(kept('a', 100));
    await store.rename('a', 'renamed');
    const again = await store.keep({ ...kept('a', 200), name: 'default name' });
    expect(again.name).toBe('renamed');
    expect((await store.get('a'))?.savedAt).toBe(200);
    // Rename and save started together: whichever transaction runs second, the rename is not lost.
    await Promise.all([store.rename('a', 'final'), store.keep({ ...kept('a', 300), name: 'default name' })]);
    expect((await store.get('a'))?.name).toBe('final');
    expect((await store.keep({ ...kept('b', 400), name: 'fresh' })).name).toBe('fresh');
  });
});
