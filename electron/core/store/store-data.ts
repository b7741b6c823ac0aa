/**
 * The store as the services see it: profiles, groups, settings, reports and the vault with
 * secret values in clear (in memory only). How that is written down (format version, sealing
 * of secrets, atomic replace, reports in a journal of their own) is the business of a `ProfileStore`.
 */
import { z } from 'zod';
import type { ConnectReport } from '../../../shared/connect/report';
import { DEFAULT_APP_SETTINGS, type AppSettings } from '../../../shared/profile/app-settings';
import type { Group, Profile } from '../../../shared/profile/profile';
import type { PublishHistoryEntry } from '../../../shared/profile/publish-history';
import type { SavedSubscription } from '../../../shared/profile/saved-subscription';
import type { SecretBackend, StoreRecovery } from '../../../shared/profile/store-status';
import { SecretField } from '../../../shared/profile/transfer';
import { ok, type Result } from '../../../shared/result';
import { CURRENT_SCHEMA_VERSION } from './document';
import type { StoredMatrix } from './matrix-document';
import type { MatrixRunRecord } from '../../../shared/matrix/matrix-run';
import type { StoredCa } from './workbench-document';

/** Secret values of one profile. Never sent to a renderer. */
export const StoredSecrets = z.object({
  passphrase: z.string().optional(),
  password: z.string().optional(),
  pfxPassword: z.string().optional(),
});
export type StoredSecrets = z.infer<typeof StoredSecrets>;
export type { SecretField } from '../../../shared/profile/transfer';
export const SECRET_FIELDS: readonly SecretField[] = SecretField.options;

/** A stored value that could not be decrypted: kept as it is, with the reason. */
export interface LockedValue {
  sealed: string;
  reason: string;
}

export interface StoreData {
  /** Sidebar order. */
  profiles: Profile[];
  groups: Group[];
  settings: AppSettings;
  /** Profile id → its recent attempt reports, newest first. */
  reports: Record<string, ConnectReport[]>;
  vault: {
    /** Material id → file content, base64. */
    files: Record<string, string>;
    /** Profile id → its secrets. */
    secrets: Record<string, StoredSecrets>;
  };
  /** The certificate workbench: saved CAs, and their secrets in clear (slot → value, see `workbenchSlot`). */
  workbench: { cas: StoredCa[]; secrets: Record<string, string> };
  /** Credential matrices, their rows' secrets in clear (slot → value, see `matrixSlot`), and the run list (newest first). */
  matrices: { list: StoredMatrix[]; secrets: Record<string, string>; runs: MatrixRunRecord[] };
  /** Profile id → its publish history, newest first (payloads and properties only, never a secret). */
  publishes: Record<string, PublishHistoryEntry[]>;
  /** Profile id → its subscriptions, in list order, made again at each connect. */
  subscriptions: Record<string, SavedSubscription[]>;
  /** Values on disk this process cannot decrypt; written back unchanged until replaced or discarded. */
  locked: {
    files: Record<string, LockedValue>;
    secrets: Record<string, Partial<Record<SecretField, LockedValue>>>;
    /** Workbench slot → value. */
    workbench: Record<string, LockedValue>;
    /** Matrix slot → value. */
    matrices: Record<string, LockedValue>;
  };
}

export const emptyStore = (): StoreData => ({
  profiles: [],
  groups: [],
  settings: structuredClone(DEFAULT_APP_SETTINGS),
  reports: {},
  vault: { files: {}, secrets: {} },
  workbench: { cas: [], secrets: {} },
  matrices: { list: [], secrets: {}, runs: [] },
  publishes: {},
  subscriptions: {},
  locked: { files: {}, secrets: {}, workbench: {}, matrices: {} },
});

export type StoreError =
  | { kind: 'unreadable'; message: string }
  | { kind: 'corrupt'; message: string; backup: string | null }
  | { kind: 'unwritable'; message: string };

/** What a store found when it loaded, for the notice shown to the user. */
export interface StoreState {
  schemaVersion: number;
  recoveredFrom?: StoreRecovery;
  readOnly?: { reason: string };
  secretBackend: SecretBackend;
}

export interface ProfileStore {
  /** Where the store lives, for display. */
  readonly location: string;
  /** The stored document; an empty one when nothing was stored yet. */
  load(): Promise<Result<StoreData, StoreError>>;
  /** Replaces the stored document. Saves never interleave; when several wait, the last state wins. */
  save(data: StoreData): Promise<Result<void, StoreError>>;
  /**
   * Keeps one attempt's report (first in its profile's list) and drops `dropped` (those past the
   * profile's limit) without rewriting the document. The caller keeps these in order with saves.
   * A store without it is given the whole state through `save`.
   */
  appendReport?(profileId: string, report: ConnectReport, dropped: readonly string[]): Promise<Result<void, StoreError>>;
  /** Recovery, read-only and secret-protection facts found by `load`. */
  state?(): StoreState;
  /** Lets the secret box start a new key after the user discarded the values it could not open. */
  allowNewKey?(): void;
  /** Gives up the data folder (its lock); the host calls it last, after the final save. */
  close?(): void;
}

/** A store that keeps the document in memory only (tests, and hosts run with no data dir). */
export function createMemoryStore(initial: StoreData = emptyStore()): ProfileStore {
  let data = structuredClone(initial);
  return {
    location: ':memory:',
    load: async () => ok(structuredClone(data)),
    save: async (next) => {
      data = structuredClone(next);
      return ok(undefined);
    },
    state: () => ({
      schemaVersion: CURRENT_SCHEMA_VERSION,
      secretBackend: { kind: 'memory', secure: true, detail: 'Nothing is written to disk.' },
    }),
  };
}
