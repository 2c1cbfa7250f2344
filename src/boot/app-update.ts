/**
 * What the service worker has told the page, for the page to show: the app is ready to work offline (the first
 * visit's precache is complete), or a new version is installed and waits. A plain store with no React, read by
 * src/ui/classroom/UpdatePrompt.tsx through `useSyncExternalStore` and written by ./service-worker.ts.
 */

export interface AppUpdateState {
  /** The first visit's precache is complete: a reload without network still works. */
  offlineReady: boolean;
  /** A new version is installed and waits until the page asks for it. */
  updateReady: boolean;
}

let state: AppUpdateState = { offlineReady: false, updateReady: false };
let activate: (() => Promise<void>) | null = null;
const listeners = new Set<() => void>();

function set(next: Partial<AppUpdateState>): void {
  state = { ...state, ...next };
  for (const listener of listeners) listener();
}

export function appUpdateState(): AppUpdateState {
  return state;
}

export function subscribeAppUpdate(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function reportOfflineReady(): void {
  set({ offlineReady: true });
}

/** `activateUpdate` makes the waiting version take over; the page then reloads into it. */
export function reportUpdateReady(activateUpdate: () => Promise<void>): void {
  activate = activateUpdate;
  set({ updateReady: true });
}

/** Hides a message; a new report shows it again. */
export function dismissAppUpdate(which: keyof AppUpdateState): void {
  set({ [which]: false });
}

/** Switches to the waiting version and reloads the page (only ever on the user's request). */
export async function applyAppUpdate(): Promise<void> {
  await activate?.();
}
