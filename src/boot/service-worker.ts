/// <reference types="vite-plugin-pwa/vanillajs" />
/**
 * Registers the service worker that vite-plugin-pwa generates with Workbox at build time (vite.config.ts), so
 * the app works offline after the first visit. A new version installs in the background and waits: the page
 * shows a message (./app-update.ts) and reloads only when asked, never in the middle of a run, and never
 * because another tab asked. The dev server and Node have no service worker: this does nothing there.
 */
import { reportOfflineReady, reportUpdateReady } from './app-update';

/** A page left open (a lesson on a projector all day) still hears of a new version. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  const container = navigator.serviceWorker;
  let registration: ServiceWorkerRegistration | undefined;
  let activateWaiting: (() => Promise<void>) | undefined;
  let reloadAsked = false;
  let reloading = false;
  const reload = () => {
    if (reloading) return;
    reloading = true;
    window.location.reload();
  };
  const applyUpdate = async (): Promise<void> => {
    reloadAsked = true;
    // Another tab may have switched to the new version already: then only this page is old.
    if (!registration?.waiting) reload();
    else await activateWaiting?.();
  };

  // The first visit's page is taken over once (nothing changes for it). Later a new version takes over when this
  // tab or another one asks for it: this tab reloads if it asked, and otherwise offers to.
  let controlled = container.controller !== null;
  container.addEventListener('controllerchange', () => {
    const wasControlled = controlled;
    controlled = true;
    if (reloadAsked) reload();
    else if (wasControlled) reportUpdateReady(applyUpdate);
  });

  void import('virtual:pwa-register').then(({ registerSW }) => {
    activateWaiting = registerSW({
      onOfflineReady: reportOfflineReady,
      onNeedRefresh: () => reportUpdateReady(applyUpdate),
      // The plugin would reload every tab the new version takes over; the listener above reloads only the tab
      // that asked.
      onNeedReload: () => undefined,
      onRegisteredSW: (_url, registered) => {
        registration = registered;
        if (!registered) return;
        setInterval(() => {
          // Offline the check cannot reach the server; the next one tries again.
          if (navigator.onLine) registered.update().catch(() => undefined);
        }, UPDATE_CHECK_MS);
      },
      // Without a service worker (a browser that refuses it, a plain-http host) the app runs as before, only
      // not offline; the console says why.
      onRegisterError: (error: unknown) =>
        console.warn('The app could not be set up for offline use:', error),
    });
  });
}
