/**
 * Runs kept for comparison: every finished or paused run of the page, and every imported run file, stored in
 * IndexedDB with its config and metric history (the run-export layout of SPEC §7), so they survive a reload.
 * The user renames and deletes them; the oldest go when there are more than MAX_SAVED_RUNS.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Config } from '../model/config';
import type { RunExport } from '../model/run-export';

export const MAX_SAVED_RUNS = 40;
const DB_NAME = 'rnn-learnability-lab';
const DB_VERSION = 1;
const STORE = 'runs';

/** Where a kept run came from. */
export type SavedRunOrigin = 'session' | 'import';

export interface SavedRun {
  /** Stable key: the page session and run id for runs of this page, a random id for imports. */
  id: string;
  name: string;
  /** Milliseconds since the epoch of the latest save. */
  savedAt: number;
  origin: SavedRunOrigin;
  run: RunExport;
}

interface LabDb extends DBSchema {
  runs: { key: string; value: SavedRun; indexes: { savedAt: number } };
}

export type SavedRunsListener = (runs: SavedRun[]) => void;

/** A short, readable default name: the settings that most often differ between runs. */
export function describeConfig(config: Config): string {
  const parts = [`L=${config.L}`, `m=${config.m}`, `η=${config.lr}`, `train ${config.train}`];
  if (config.concept === 'formula') {
    const f = config.formula.replace(/\s+/g, ' ');
    parts.push(f.length > 40 ? `${f.slice(0, 39)}…` : f);
  } else if (config.concept !== 'additive') parts.push(config.concept);
  if (config.concept !== 'formula' && config.act !== 'sin') parts.push(`Φ=${config.act}`);
  if (config.K !== 0) parts.push(`K=${config.K}`);
  if (config.data === 'fixed') parts.push(`N=${config.N}`);
  parts.push(`seed ${config.seed}`);
  return parts.join(' · ');
}

export class SavedRunStore {
  private readonly listeners = new Set<SavedRunsListener>();

  private constructor(private readonly db: IDBPDatabase<LabDb>) {}

  /** Opens (creating on first use) the database; `name` lets tests use a fresh one. */
  static async open(name: string = DB_NAME): Promise<SavedRunStore> {
    const db = await openDB<LabDb>(name, DB_VERSION, {
      upgrade(database) {
        const store = database.createObjectStore(STORE, { keyPath: 'id' });
        store.createIndex('savedAt', 'savedAt');
      },
    });
    return new SavedRunStore(db);
  }

  /** Every kept run, newest first. */
  async list(): Promise<SavedRun[]> {
    const runs = await this.db.getAllFromIndex(STORE, 'savedAt');
    return runs.reverse();
  }

  async get(id: string): Promise<SavedRun | undefined> {
    return this.db.get(STORE, id);
  }

  /** Adds or replaces a run (same id: a later pause of the same run), then drops the oldest beyond the limit. */
  async put(run: SavedRun): Promise<void> {
    await this.db.put(STORE, run);
    await this.afterWrite();
  }

  /**
   * Saves a newer state of a run under its id, keeping the name it already has (the user may have renamed it).
   * Reading the old name and writing happen in one transaction, so a rename in between cannot be lost.
   */
  async keep(run: SavedRun): Promise<SavedRun> {
    const tx = this.db.transaction(STORE, 'readwrite');
    const previous = await tx.store.get(run.id);
    const entry = previous ? { ...run, name: previous.name } : run;
    await tx.store.put(entry);
    await tx.done;
    await this.afterWrite();
    return entry;
  }

  /** Gives a run a new name; an empty name is refused. Returns whether the run exists. */
  async rename(id: string, name: string): Promise<boolean> {
    const trimmed = name.trim();
    if (trimmed === '') throw new Error('A run needs a name.');
    const tx = this.db.transaction(STORE, 'readwrite');
    const run = await tx.store.get(id);
    if (run) await tx.store.put({ ...run, name: trimmed });
    await tx.done;
    await this.notify();
    return run !== undefined;
  }

  async remove(id: string): Promise<void> {
    await this.db.delete(STORE, id);
    await this.notify();
  }

  /** Calls `listener` with the whole list after every change made through this store. */
  subscribe(listener: SavedRunsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.listeners.clear();
    this.db.close();
  }

  /** Drops the oldest runs beyond the limit, then tells the subscribers. */
  private async afterWrite(): Promise<void> {
    const keys = await this.db.getAllKeysFromIndex(STORE, 'savedAt');
    const excess = keys.length - MAX_SAVED_RUNS;
    if (excess > 0) {
      const tx = this.db.transaction(STORE, 'readwrite');
      await Promise.all([...keys.slice(0, excess).map((k) => tx.store.delete(k)), tx.done]);
    }
    await this.notify();
  }

  private async notify(): Promise<void> {
    if (this.listeners.size === 0) return;
    const runs = await this.list();
    for (const l of this.listeners) l(runs);
  }
}
