import { z } from 'zod';

/** How a host protects secrets at rest (DESIGN §5). */
export const SecretBackend = z.object({
  /** `safe-storage`: Electron's OS keychain; `key-file`: AES-256-GCM with a 0600 key file; `memory`: nothing is stored. */
  kind: z.enum(['safe-storage', 'key-file', 'memory']),
  /** False when the secrets on disk are only obfuscated (e.g. Linux without a keyring). */
  secure: z.boolean(),
  /** What the user must be told, in plain words, when `secure` is false or the backend has a problem. */
  warning: z.string().optional(),
  /** Where the key lives or which OS backend is used, for display. */
  detail: z.string().optional(),
});
export type SecretBackend = z.infer<typeof SecretBackend>;

/** Why the stored document could not be used as it was. */
export const RecoveryKind = z.enum([
  /** The file is not JSON (truncated, overwritten by something else). */
  'not-json',
  /** JSON, but not a Keyhole store, or parts of it fail validation. */
  'invalid',
  /** Written by a newer Keyhole whose format this version does not know. */
  'newer-version',
]);
export type RecoveryKind = z.infer<typeof RecoveryKind>;

/** What the host did with a document it could not use as it was: told to the user at start. */
export const StoreRecovery = z.object({
  kind: RecoveryKind,
  /** Where the untouched copy of the document was put; null when the copy failed (the store is then read-only). */
  path: z.string().nullable(),
  /** What was wrong, in plain words (first problems found). */
  reason: z.string(),
  /** When it happened (ISO 8601). */
  at: z.string(),
  /** What could be taken over from the document. */
  kept: z.object({ profiles: z.number().int(), groups: z.number().int() }),
  /** What was left behind (still in the copy). */
  dropped: z.object({ profiles: z.number().int(), groups: z.number().int(), other: z.number().int() }),
});
export type StoreRecovery = z.infer<typeof StoreRecovery>;

/** The state of the profile store, for the notice the UI shows at start and in settings. */
export const StoreStatus = z.object({
  /** The document's path (or `:memory:`). */
  location: z.string(),
  /** The format version this host writes. */
  schemaVersion: z.number().int(),
  /** Set when the document on disk could not be used as it was (it was copied aside). */
  recoveredFrom: StoreRecovery.optional(),
  /** Set when changes cannot be saved; every change then fails with `store-error`. */
  readOnly: z.object({ reason: z.string() }).optional(),
  secretBackend: SecretBackend,
  /**
   * Secrets that are stored but could not be decrypted (key file missing or replaced, sealed by
   * the OS keychain of another host …). They are kept untouched; connecting with such a profile
   * fails until they are entered again or the key is restored.
   */
  lockedSecrets: z
    .object({
      count: z.number().int(),
      profiles: z.array(z.object({ id: z.string(), name: z.string() })),
      reason: z.string(),
    })
    .optional(),
});
export type StoreStatus = z.infer<typeof StoreStatus>;
