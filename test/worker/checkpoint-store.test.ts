/** The page's copy of the worker's checkpoints: initial weights carried over, history joined once and rewound. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/model/config';
import { CheckpointStore } from '../../src/client/checkpoint-store';
import { MAX_HISTORY_ROWS, type HistoryRow } from '../../src/model/run-history';
import type { SnapshotMessage } from '../../src/worker/protocol/recovery-messages';

const w = (v: number) => ({
  m: 1,
  dx: 1,
  d: 1,
  W: Float32Array.of(v),
  A: Float32Array.of(v),
  B: Float32Array.of(v),
});
const row = (samples: number): HistoryRow => ({
  samples,
  step: samples / 4,
  trainLoss: 1,
  testError: 1,
  testErrorByPosition: [1],
  lazy: null,
});

function snapshot(runId: number, samples: number, rows: number[], initial = false): SnapshotMessage {
  return {
    type: 'snapshot',
    runId,
    config: DEFAULT_CONFIG,
    state: { step: samples / 4, samplesSeen: samples, samplesToEps: null },
    current: w(samples),
    initial: initial ? w(-1) : null,
    teacher: null,
    history: rows.map(row),
  };
}

describe('CheckpointStore', () => {
  it('needs the initial weights of a run before it can keep its checkpoints', () => {
    const store = new CheckpointStore();
    expect(store.accept(snapshot(1, 8, [0, 8]))).toBe(false);
    expect(store.latest).toBeNull();
    expect(store.accept(snapshot(1, 8, [0, 8], true))).toBe(true);
    expect(store.accept(snapshot(1, 16, [16]))).toBe(true);
    expect(store.latest?.snapshot.initial.W[0]).toBe(-1);
    expect(store.latest?.snapshot.current.W[0]).toBe(16);
    expect(store.position).toEqual({ step: 4, samplesSeen: 16 });
  });

  it('joins the history once, drops what a rewind undoes, and starts over for a new run', () => {
    const store = new CheckpointStore();
    store.accept(snapshot(1, 8, [0, 4, 8], true));
    store.accept(snapshot(1, 16, [12, 16]));
    // A new worker resends rows the page has: they are not added twice.
    store.accept(snapshot(1, 16, [0, 4, 8, 12, 16], true));
    expect(store.latest?.history.map((r) => r.samples)).toEqual([0, 4, 8, 12, 16]);
    store.rewind(1, 8);
    expect(store.latest?.history.map((r) => r.samples)).toEqual([0, 4, 8]);
    store.rewind(2, 0);
    expect(store.latest?.history).toHaveLength(3);
    store.accept(snapshot(2, 0, [0], true));
    expect(store.latest?.history.map((r) => r.samples)).toEqual([0]);
  });

  it('keeps the history bounded', () => {
    const store = new CheckpointStore();
    store.accept(snapshot(1, 0, [0], true));
    for (let k = 1; k <= 3 * MAX_HISTORY_ROWS; k += 512) {
      const rows = Array.from({ length: 512 }, (_, i) => (k + i) * 4);
      store.accept(snapshot(1, rows.at(-1) as number, rows));
    }
    const h = store.latest?.history ?? [];
    expect(h.length).toBeLessThan(MAX_HISTORY_ROWS);
    expect(h[0]?.samples).toBe(0);
    expect(h.every((r, i) => i === 0 || r.samples > (h[i - 1] as HistoryRow).samples)).toBe(true);
  });
});
