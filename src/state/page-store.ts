/**
 * State of the page around the run (not the run itself): the controls a classroom link hides, the open lesson
 * card, which dialog is open, which kept runs the comparison overlays, whether the settings panel is open and
 * which chart (if any) is enlarged to fill the screen. Read from the link once at start;
 * the link follows it (see src/ui/classroom/LinkSync.tsx and src/state/link/address-bar.ts).
 */
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { parseLink } from './link/config-link';
import type { PageOptions } from './link/page-options';

/** The dialogs of the tool bar; one at a time. */
export type DialogName = 'lessons' | 'theory' | 'files' | 'share' | 'shortcuts' | 'step-through';

/** Kept runs drawn over the current one at most. */
export const MAX_OVERLAYS = 4;

export interface PageState {
  hidden: string[];
  lesson: string | null;
  dialog: DialogName | null;
  compareOpen: boolean;
  /** Ids of kept runs overlaid on the comparison chart, in the order they were picked. */
  overlays: string[];
  /** The settings: a column beside the charts, or a drawer over them (projector mode, narrow screens). */
  settingsOpen: boolean;
  /** Test id of the chart enlarged to fill the screen, or null. */
  enlarged: string | null;
  setLesson(id: string | null): void;
  openDialog(name: DialogName | null): void;
  setCompareOpen(open: boolean): void;
  /** Adds or removes a kept run from the overlays; refuses a fifth (returns false). */
  toggleOverlay(id: string): boolean;
  dropOverlay(id: string): void;
  setSettingsOpen(open: boolean): void;
  setEnlarged(chart: string | null): void;
}

export type PageStore = StoreApi<PageState>;

/** Screens narrower than this stack settings and charts in one column; there the settings are a drawer. */
export const NARROW_QUERY = '(max-width: 1000px)';

export function createPageStore(
  initial: Pick<PageOptions, 'hidden' | 'lesson'> & { settingsOpen?: boolean },
): PageStore {
  return createStore<PageState>()((set, get) => ({
    hidden: [...initial.hidden],
    lesson: initial.lesson,
    dialog: null,
    compareOpen: false,
    overlays: [],
    settingsOpen: initial.settingsOpen ?? true,
    enlarged: null,
    setLesson: (lesson) => set({ lesson }),
    openDialog: (dialog) => set({ dialog }),
    setCompareOpen: (compareOpen) => set({ compareOpen }),
    toggleOverlay(id) {
      const overlays = get().overlays;
      if (overlays.includes(id)) {
        set({ overlays: overlays.filter((o) => o !== id) });
        return true;
      }
      if (overlays.length >= MAX_OVERLAYS) return false;
      set({ overlays: [...overlays, id] });
      return true;
    },
    dropOverlay: (id) => set({ overlays: get().overlays.filter((o) => o !== id) }),
    setSettingsOpen: (settingsOpen) => set({ settingsOpen }),
    setEnlarged: (enlarged) => set({ enlarged }),
  }));
}

let pageStore: PageStore | null = null;

/**
 * The page's store, created from the address bar on first use. The settings start closed where they are a
 * drawer (projector mode, a narrow screen), so nothing opens and closes while the page loads.
 */
export function getPageStore(): PageStore {
  if (!pageStore) {
    const page = parseLink(window.location.search).page;
    const narrow = typeof window.matchMedia === 'function' && window.matchMedia(NARROW_QUERY).matches;
    pageStore = createPageStore({ ...page, settingsOpen: !(page.presenter || narrow) });
  }
  return pageStore;
}

/** Reads a slice of the page store; re-renders when it changes. */
export function usePage<T>(selector: (state: PageState) => T): T {
  return useStore(getPageStore(), selector);
}

/** Whether a link hid this target (a field key, a panel or a chart id). */
export function useHidden(target: string): boolean {
  return usePage((s) => s.hidden.includes(target));
}
