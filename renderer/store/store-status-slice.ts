import type { ApiResult } from '../../shared/ipc/contract';
import type { StoreStatus } from '../../shared/profile/store-status';
import type { SliceFactory } from './app-store';
import { PREF } from './settings-slice';

export interface StoreStatusSlice {
  /** The profile store's state as the host reports it; null until loaded. */
  storeStatus: StoreStatus | null;
  /** Notices dismissed in this session, by preference name (they stay hidden even if saving the preference fails). */
  noticeDismissals: Record<string, string>;

  loadStoreStatus(): Promise<void>;
  /** Event from the host: the store's state changed. */
  applyStoreStatus(status: StoreStatus): void;
  /** Forgets the stored secrets that cannot be decrypted; the answer says how many. */
  discardLockedSecrets(): Promise<ApiResult<{ count: number }>>;
  /** Remembers (with the host, so across restarts) that the user has read the recovery notice. */
  dismissRecoveryNotice(): Promise<void>;
  /** Remembers that the user has read the warning about how secrets are stored on this machine. */
  dismissInsecureSecretsNotice(): Promise<void>;
}

/** The notices the store's state calls for, in the order they are shown; pure, for the banner and its tests. */
export type StoreNotice =
  | { kind: 'read-only'; reason: string }
  | { kind: 'recovered'; recovery: NonNullable<StoreStatus['recoveredFrom']>; location: string }
  | { kind: 'locked-secrets'; locked: NonNullable<StoreStatus['lockedSecrets']> }
  | { kind: 'insecure-secrets'; backend: StoreStatus['secretBackend'] };

/**
 * Which notices to show. A recovery stays until the user dismisses that very recovery (a later
 * one shows again); a read-only store and undecryptable secrets stay while they last; a warning
 * about how secrets are stored stays until acknowledged for that kind of backend.
 */
export function storeNotices(status: StoreStatus | null, ui: Readonly<Record<string, unknown>> = {}): StoreNotice[] {
  if (!status) return [];
  const out: StoreNotice[] = [];
  if (status.readOnly) out.push({ kind: 'read-only', reason: status.readOnly.reason });
  const rec = status.recoveredFrom;
  if (rec && ui[PREF.dismissedRecovery] !== rec.at) out.push({ kind: 'recovered', recovery: rec, location: status.location });
  if (status.lockedSecrets && status.lockedSecrets.count > 0) out.push({ kind: 'locked-secrets', locked: status.lockedSecrets });
  const backend = status.secretBackend;
  // A secure backend's warning (e.g. its key file is missing) is what the locked-secrets notice already explains.
  const warns = !backend.secure || (backend.warning !== undefined && !status.lockedSecrets?.count);
  if (warns && ui[PREF.dismissedInsecureSecrets] !== backend.kind) out.push({ kind: 'insecure-secrets', backend });
  return out;
}

export const createStoreStatusSlice: SliceFactory<StoreStatusSlice> = (api) => (set, get) => ({
  storeStatus: null,
  noticeDismissals: {},

  async loadStoreStatus() {
    const r = await api.store.status();
    if (r.ok) set({ storeStatus: r.value });
  },

  applyStoreStatus(storeStatus) {
    set({ storeStatus });
  },

  async discardLockedSecrets() {
    const r = await api.store.discardLockedSecrets();
    // The host also sends `store:status`; reading it here keeps the notice right without it.
    if (r.ok) await get().loadStoreStatus();
    return r;
  },

  async dismissRecoveryNotice() {
    const at = get().storeStatus?.recoveredFrom?.at;
    if (!at) return;
    set((s) => ({ noticeDismissals: { ...s.noticeDismissals, [PREF.dismissedRecovery]: at } }));
    await get().savePreference(PREF.dismissedRecovery, at);
  },

  async dismissInsecureSecretsNotice() {
    const kind = get().storeStatus?.secretBackend.kind;
    if (!kind) return;
    set((s) => ({ noticeDismissals: { ...s.noticeDismissals, [PREF.dismissedInsecureSecrets]: kind } }));
    await get().savePreference(PREF.dismissedInsecureSecrets, kind);
  },
});
