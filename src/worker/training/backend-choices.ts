/**
 * The automatic backend's measurements, remembered per device and config size (backend-race.ts), so that a
 * config size is measured once on a device and later visits start at once. In the browser they live in
 * IndexedDB (the training worker has no localStorage); where there is none (Node, a private window that
 * refuses it) they live in memory for the worker's life.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { BackendMeasurement } from '../../model/backend-race';

export interface ChoiceStore {
  get(key: string): Promise<BackendMeasurement | null>;
  put(key: string, value: BackendMeasurement): Promise<void>;
}

/** The device part of the key: the browser and its cores, and whether wasm can use threads. */
export function deviceKey(): string {
  const nav = (globalThis as { navigator?: { userAgent?: string; hardwareConcurrency?: number } }).navigator;
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  return `${nav?.userAgent ?? 'no navigator'} | ${nav?.hardwareConcurrency ?? '?'} cores | ${isolated ? 'isolated' : 'not isolated'}`;
}

export function memoryChoiceStore(): ChoiceStore {
  const map = new Map<string, BackendMeasurement>();
  return {
    get: async (key) => map.get(key) ?? null,
    put: async (key, value) => {
      map.set(key, value);
    },
  };
}

interface ChoiceDb extends DBSchema {
  choices: { key: string; value: BackendMeasurement };
}

const DB_NAME = 'rnn-lab-backend-choices';

/** IndexedDB when the environment has it, else memory; a failing database falls back to memory too. */
export function defaultChoiceStore(): ChoiceStore {
  const memory = memoryChoiceStore();
  if (typeof indexedDB === 'undefined') return memory;
  let db: Promise<IDBPDatabase<ChoiceDb> | null> | null = null;
  const open = () =>
    (db ??= openDB<ChoiceDb>(DB_NAME, 1, {
      upgrade(d) {
        d.createObjectStore('choices');
      },
    }).catch(() => null));
  return {
    async get(key) {
      const d = await open();
      try {
        return (d ? await d.get('choices', key) : null) ?? (await memory.get(key));
      } catch {
        return memory.get(key);
      }
    },
    async put(key, value) {
      await memory.put(key, value);
      const d = await open();
      try {
        await d?.put('choices', value, key);
      } catch {
        // Remembered in memory only.
      }
    },
  };
}
