/**
 * The page's copy of the newest checkpoint the worker sent, so a crashed worker's run can continue in a new
 * one. Only the latest weights are kept; the initial weights and the teacher come with the first snapshot of a
 * run and are carried over, and the history is joined from the rows each snapshot adds (bounded like the
 * worker's own).
 */
import { MAX_HISTORY_ROWS, thinOlderHalf, type HistoryRow } from '../model/run-history';
import type { CheckpointPosition, RunSnapshot, SnapshotMessage } from '../worker/protocol/recovery-messages';

export interface KeptCheckpoint {
  runId: number;
  snapshot: RunSnapshot;
  history: HistoryRow[];
}

export class CheckpointStore {
  private kept: KeptCheckpoint | null = null;

  /** Folds in a `snapshot` message; returns false when it cannot be used (no initial weights known). */
  accept(msg: SnapshotMessage): boolean {
    const previous = this.kept?.runId === msg.runId ? this.kept.snapshot : null;
    const initial = msg.initial ?? previous?.initial;
    if (!initial) return false;
    const teacher = msg.teacher ?? previous?.teacher;
    const snapshot: RunSnapshot = { config: msg.config, current: msg.current, initial, state: msg.state };
    if (teacher) snapshot.teacher = teacher;
    const history = previous ? (this.kept as KeptCheckpoint).history : [];
    const last = history.at(-1)?.samples ?? -1;
    for (const row of msg.history) if (row.samples > last) history.push(row);
    this.kept = {
      runId: msg.runId,
      snapshot,
      history: history.length >= MAX_HISTORY_ROWS ? thinOlderHalf(history) : history,
    };
    return true;
  }

  /** The run went back to `samples` (a `restored` message): history rows after it will come again. */
  rewind(runId: number, samples: number): void {
    if (this.kept?.runId !== runId) return;
    this.kept.history = this.kept.history.filter((r) => r.samples <= samples);
  }

  get latest(): KeptCheckpoint | null {
    return this.kept;
  }

  get position(): CheckpointPosition | null {
    const s = this.kept?.snapshot.state;
    return s ? { step: s.step, samplesSeen: s.samplesSeen } : null;
  }
}
