/**
 * State of the page around the run (not the run itself): the controls a classroom link hides, the open lesson
 * card, which dialog is open, and which kept runs the comparison overlays. Read from the link once at start;
 * the link follows it (see LinkSync).
 */
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { parseLink } from '../../state/url';
import type { PageOptions } from '../../state/url-page';

/** The dialogs of the tool bar; one at a time. */
export type DialogName = 'lessons' | 'theory' | 'files' | 'share' | 'shortcuts';

/** Kept runs drawn over the current one at most. */
export const MAX_OVERLAYS = 4;

export interface PageState {
  hidden: string[];
  lesson: string | null;
  dialog: DialogName | null;
  compareOpen: boolean;
  /** Ids of kept runs overlaid on the comparison chart, in the order they were picked. */
  overlays: string[];
  setLesson(id: string | null): void;
  openDialog(name: DialogName | null): void;
  setCompareOpen(open: boolean): void;
  /** Adds or removes a kept run from the overlays; refuses a fifth (returns false). */
  toggleOverlay(id: string): boolean;
  dropOverlay(id: string): void;
}

export type PageStore = StoreApi<PageState>;

export function createPageStore(initial: Pick<PageOptions, 'hidden' | 'lesson'>): PageStore {
  return createStore<PageState>()((set, get) => ({
    hidden: [...initial.hidden],
    lesson: initial.lesson,
    dialog: null,
    compareOpen: false,
    overlays: [],
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
  }));
}

let pageStore: PageStore | null = null;

/** The page's store, created from the address bar on first use. */
export function getPageStore(): PageStore {
  pageStore ??= createPageStore(parseLink(window.location.search).page);
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
