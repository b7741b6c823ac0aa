import { createStore, type StateCreator, type StoreApi } from 'zustand/vanilla';
import type { KeyholeApi } from '../../shared/ipc/contract';
import { downloadBytes, downloadText, downloadUrl } from '../ui/download';
import { createCertsSlice, type CertsSlice } from './certs-slice';
import { createConnectionsSlice, type ConnectionsSlice } from './connections-slice';
import { createLabSlice, type LabSlice } from './lab-slice';
import { createMatrixSlice, type MatrixSlice } from './matrix-slice';
import { createMessagesSlice, type MessagesSlice } from './messages-slice';
import { createProfilesSlice, type ProfilesSlice } from './profiles-slice';
import { createPublishesSlice, type PublishesSlice } from './publishes-slice';
import { createReportsSlice, type ReportsSlice } from './reports-slice';
import { createSettingsSlice, type SettingsSlice } from './settings-slice';
import { createStoreStatusSlice, type StoreStatusSlice } from './store-status-slice';
import { createTransferSlice, type TransferSlice } from './transfer-slice';
import { createUiSlice, type UiSlice } from './ui-slice';

/** The one bound store: every slice sees the whole state (STYLE.md, renderer state). */
export type AppState = ProfilesSlice &
  ReportsSlice &
  ConnectionsSlice &
  MessagesSlice &
  UiSlice &
  SettingsSlice &
  StoreStatusSlice &
  TransferSlice &
  CertsSlice &
  LabSlice &
  MatrixSlice &
  PublishesSlice;
export type AppStore = StoreApi<AppState>;

export interface StoreOptions {
  /** Messages kept per connection before the oldest are dropped (until the user's setting is read). */
  historyLimit: number;
  /** Offers text as a file download (the page's Blob download; a recorder in tests). */
  download: (fileName: string, text: string, mime: string) => void;
  /** Offers bytes as a file download (a message payload; a recorder in tests). */
  downloadBytes: (fileName: string, bytes: Uint8Array, mime: string) => void;
  /** Lets the browser download what the host serves at a URL (workbench files; a recorder in tests). */
  downloadUrl: (url: string, fileName: string) => void;
}

export const DEFAULT_STORE_OPTIONS: StoreOptions = { historyLimit: 10_000, download: downloadText, downloadBytes, downloadUrl };

/** A slice gets the API (the only thing its actions may call) and the store options. */
export type SliceFactory<T> = (api: KeyholeApi, options: StoreOptions) => StateCreator<AppState, [], [], T>;

/** Builds the store around an API: the real host at boot, a fake at the boundary in tests. */
export function createAppStore(api: KeyholeApi, options: Partial<StoreOptions> = {}): AppStore {
  const opts: StoreOptions = { ...DEFAULT_STORE_OPTIONS, ...options };
  return createStore<AppState>()((...a) => ({
    ...createProfilesSlice(api, opts)(...a),
    ...createReportsSlice(api, opts)(...a),
    ...createConnectionsSlice(api, opts)(...a),
    ...createMessagesSlice(api, opts)(...a),
    ...createUiSlice(api, opts)(...a),
    ...createSettingsSlice(api, opts)(...a),
    ...createStoreStatusSlice(api, opts)(...a),
    ...createTransferSlice(api, opts)(...a),
    ...createCertsSlice(api, opts)(...a),
    ...createLabSlice(api, opts)(...a),
    ...createMatrixSlice(api, opts)(...a),
    ...createPublishesSlice(api, opts)(...a),
  }));
}
