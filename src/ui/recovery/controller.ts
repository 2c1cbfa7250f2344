/**
 * What the page shows and offers after something went wrong with a run: a divergence (with the one-click
 * "lower the learning rate and resume"), a lost or stuck worker (with "recover"), and a note saying what an
 * automatic recovery did (a GPU lost, a rollback, a restarted worker). It also rewinds the charts when a run
 * goes back to a checkpoint. One controller per session, outside React; components read it with
 * `useRecovery`.
 */
import { useSyncExternalStore } from 'react';
import type { LabSession } from '../../state/session';
import type { FromWorker } from '../../worker/protocol/training-protocol';
import type { CheckpointPosition, DivergedMessage } from '../../worker/protocol/recovery-messages';
import { rewindSeries } from '../../state/rewind-series';

export interface RecoveryView {
  /** Why the worker is considered lost (Recover is offered), or null. */
  lost: string | null;
  /** The checkpoint the page holds for a new worker. */
  checkpoint: CheckpointPosition | null;
  /** The divergence the run is paused at, or null. */
  diverged: DivergedMessage | null;
  /** What the last recovery did, until dismissed. */
  note: string | null;
}

export class RecoveryController {
  private view: RecoveryView;
  private readonly listeners = new Set<() => void>();
  /** The error text shown for a lost worker, to clear it if the worker answers again. */
  private lostError: string | null = null;

  constructor(private readonly session: LabSession) {
    const { health } = session.client;
    this.view = { lost: health.lost, checkpoint: health.checkpoint, diverged: null, note: null };
    session.client.subscribe((msg) => this.receive(msg));
    session.client.subscribeHealth(() => this.healthChanged());
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly get = (): RecoveryView => this.view;

  /** The one-click fix for a divergence: back to the last finite checkpoint with a smaller η, and play. */
  lowerLearningRateAndResume(): void {
    const d = this.view.diverged;
    if (!d) return;
    this.session.store.getState().setError(null);
    this.session.client.send({ type: 'rollback', lr: d.suggestedLr, play: true });
    this.set({ diverged: null });
  }

  /** Replaces a lost worker with a new one that continues from the page's checkpoint. */
  recover(): void {
    const store = this.session.store.getState();
    if (!this.session.client.recover(store.config)) return;
    store.setError(null);
    this.lostError = null;
    this.set({ lost: null, note: 'Starting a new training worker…' });
  }

  dismissNote(): void {
    this.set({ note: null });
  }

  private receive(msg: FromWorker): void {
    const { store, metrics } = this.session;
    switch (msg.type) {
      case 'diverged':
        if (msg.runId === store.getState().runId) this.set({ diverged: msg });
        break;
      case 'restored':
        // The store already follows the run's new config; the charts drop what comes again.
        rewindSeries(metrics, msg.samplesSeen);
        store.getState().setError(null);
        this.set({ diverged: null, note: msg.reason });
        break;
      case 'runStarted':
        if (this.view.diverged) this.set({ diverged: null });
        break;
    }
  }

  private healthChanged(): void {
    const { lost, checkpoint } = this.session.client.health;
    const store = this.session.store.getState();
    if (lost && !this.view.lost) this.lostError = store.error;
    if (!lost && this.view.lost) {
      // A false alarm (a very long step): the worker answers again, so its last known status holds.
      if (this.lostError !== null && store.error === this.lostError) store.setError(null);
      const beat = this.session.client.lastHeartbeat;
      if (beat) store.receive({ type: 'status', status: beat.status, runId: beat.runId });
      this.lostError = null;
    }
    // The checkpoint moves every few seconds; the page only shows it while offering Recover.
    if (lost !== this.view.lost) this.set({ lost, checkpoint });
  }

  private set(patch: Partial<RecoveryView>): void {
    this.view = { ...this.view, ...patch };
    for (const listener of this.listeners) listener();
  }
}

const controllers = new WeakMap<LabSession, RecoveryController>();

/** The session's controller, made on first use. */
export function recoveryFor(session: LabSession): RecoveryController {
  let c = controllers.get(session);
  if (!c) {
    c = new RecoveryController(session);
    controllers.set(session, c);
  }
  return c;
}

/** The recovery state of `session`, re-rendering when it changes. */
export function useRecovery(session: LabSession): [RecoveryView, RecoveryController] {
  const c = recoveryFor(session);
  return [useSyncExternalStore(c.subscribe, c.get), c];
}
