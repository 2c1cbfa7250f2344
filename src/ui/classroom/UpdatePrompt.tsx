/**
 * The service worker's two messages (src/boot/service-worker.ts): "ready to work offline" after the first
 * visit, which goes away by itself, and "a new version is ready", which stays until the user reloads into it or
 * puts it off. Nothing reloads the page unasked, so a run is never cut short.
 */
import { useEffect, useSyncExternalStore } from 'react';
import { appUpdateState, applyAppUpdate, dismissAppUpdate, subscribeAppUpdate } from '../../boot/app-update';
import './update-prompt.css';

const OFFLINE_NOTE_MS = 6000;

export function UpdatePrompt() {
  const { offlineReady, updateReady } = useSyncExternalStore(subscribeAppUpdate, appUpdateState);
  useEffect(() => {
    if (!offlineReady) return;
    const timer = setTimeout(() => dismissAppUpdate('offlineReady'), OFFLINE_NOTE_MS);
    return () => clearTimeout(timer);
  }, [offlineReady]);
  return (
    <div className="app-update" role="status" aria-live="polite">
      {updateReady ? (
        <div className="app-update-box" data-testid="update-ready">
          <span>A new version is ready. Reloading starts the run again from its link.</span>
          <button type="button" className="small" onClick={() => void applyAppUpdate()}>
            Reload
          </button>
          <button type="button" className="small quiet" onClick={() => dismissAppUpdate('updateReady')}>
            Later
          </button>
        </div>
      ) : (
        offlineReady && (
          <div className="app-update-box" data-testid="offline-ready">
            <span>Ready to work offline.</span>
            <button type="button" className="small quiet" onClick={() => dismissAppUpdate('offlineReady')}>
              OK
            </button>
          </div>
        )
      )}
    </div>
  );
}
