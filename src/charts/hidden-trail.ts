/** The snapshots a trajectory chart keeps for its fading trails. */
import type { HiddenData } from './types';

/**
 * Keeps the last few snapshots, newest last. A snapshot with the same samples count as the newest replaces it
 * (a redraw, not a new moment); a change of basis kind, L or probe count, or samples going backwards (a new
 * run), starts the trail afresh, since coordinates in different bases or runs cannot be compared.
 */
export class HiddenTrail {
  private snapshots: HiddenData[] = [];

  /** Adds `snapshot`, keeping at most `limit` (at least 1); returns true when the trail started afresh. */
  push(snapshot: HiddenData, limit: number): boolean {
    const last = this.snapshots[this.snapshots.length - 1];
    const restart =
      !last ||
      last.basis !== snapshot.basis ||
      last.L !== snapshot.L ||
      last.probes !== snapshot.probes ||
      last.k !== snapshot.k ||
      snapshot.samples < last.samples;
    if (restart) this.snapshots = [];
    if (last && this.snapshots.length && snapshot.samples === last.samples) this.snapshots.pop();
    this.snapshots.push(snapshot);
    const keep = Math.max(1, Math.floor(limit));
    if (this.snapshots.length > keep) this.snapshots = this.snapshots.slice(-keep);
    return restart;
  }

  /** The newest `limit` snapshots, oldest first. */
  latest(limit: number): HiddenData[] {
    return this.snapshots.slice(-Math.max(1, Math.floor(limit)));
  }

  /** Forgets every snapshot. */
  clear(): void {
    this.snapshots = [];
  }
}
