import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { AppState, AppStore } from './app-store';

const StoreContext = createContext<AppStore | null>(null);

export function StoreProvider({ store, children }: { store: AppStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

function useStoreApi(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('StoreProvider is missing');
  return store;
}

/** Reads one value of the store through a named selector. */
export function useAppStore<T>(selector: (s: AppState) => T): T {
  return useStore(useStoreApi(), selector);
}

/** Reads an object of values, re-rendering only when one of them changes. */
export function useAppStoreShallow<T extends object>(selector: (s: AppState) => T): T {
  return useStore(useStoreApi(), useShallow(selector));
}

/** The functions of the state: its actions. */
export type AppActions = { [K in keyof AppState as AppState[K] extends (...args: never[]) => unknown ? K : never]: AppState[K] };

/** The store's actions (stable functions that never change between renders). */
export function useActions(): AppActions {
  return useStoreApi().getState();
}
