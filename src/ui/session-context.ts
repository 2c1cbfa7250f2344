/** The session, given to every component through React context, and a hook to read the store. */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { LabSession } from '../state/session';
import type { LabActions, LabState } from '../state/store';

export const SessionContext = createContext<LabSession | null>(null);

export function useSession(): LabSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession needs a SessionContext provider');
  return session;
}

/** Reads a slice of the lab store; the component re-renders when that slice changes. */
export function useLab<T>(selector: (state: LabState & LabActions) => T): T {
  return useStore(useSession().store, selector);
}
