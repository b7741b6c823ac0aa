/**
 * A profile with its file bytes and secrets: what an attempt or an export needs, and what never
 * leaves the host. Also the rule for values that cannot be decrypted here.
 */
import type { ApiError } from '../../../shared/ipc/contract';
import type { MaterialRef, MaterialSlot, MissingFile, Profile } from '../../../shared/profile/profile';
import type { ConnectSettings } from '../../../shared/connect/settings';
import { secretFieldLabel } from '../../../shared/profile/transfer';
import { err, ok, type Result } from '../../../shared/result';
import type { SecretField, StoreData, StoredSecrets } from '../store/store-data';
import { refsOf } from './vault';

/** A file of a profile with its bytes: only for the process that connects (or exports). */
export interface ResolvedFile {
  id: string;
  slot: MaterialSlot;
  fileName: string;
  bytes: Buffer;
}

/** The files of a profile by slot, with their bytes. */
export interface ResolvedFiles {
  ca: ResolvedFile[];
  cert: ResolvedFile | null;
  key: ResolvedFile | null;
  pfx: ResolvedFile | null;
}

/** Everything an attempt needs, secrets included. Never leaves the host. */
export interface ResolvedProfile {
  profile: Profile;
  settings: ConnectSettings;
  files: ResolvedFiles;
  secrets: StoredSecrets;
  /** Files an import named that could not be read (`Profile.missingFiles`). */
  missingFiles: MissingFile[];
  /** Stored values that could not be decrypted (only with `allowLocked`; they are absent above). */
  locked: {
    files: { id: string; slot: MaterialSlot; fileName: string; reason: string }[];
    secrets: { field: SecretField; reason: string }[];
  };
}

const notFound = (id: string): Result<never, ApiError> => err({ code: 'not-found', message: `No profile with id ${id}.` });

/**
 * A profile of `data` with its file bytes and secrets. A profile with values that cannot be
 * decrypted is refused, unless `allowLocked` (they are then listed in `locked`).
 */
export function resolveProfile(data: StoreData, profileId: string, options?: { allowLocked?: boolean }): Result<ResolvedProfile, ApiError> {
  const p = data.profiles.find((x) => x.id === profileId);
  if (!p) return notFound(profileId);
  const m = p.material;
  const lockedFiles = refsOf(m).flatMap((r) => {
    const l = data.locked.files[r.id];
    return l ? [{ id: r.id, slot: r.slot, fileName: r.fileName, reason: l.reason }] : [];
  });
  const lockedSecrets = Object.entries(data.locked.secrets[profileId] ?? {}).map(([field, l]) => ({
    field: field as SecretField,
    reason: l!.reason,
  }));
  const file = (r: MaterialRef): ResolvedFile => ({
    id: r.id,
    slot: r.slot,
    fileName: r.fileName,
    bytes: Buffer.from(data.vault.files[r.id] ?? '', 'base64'),
  });
  const present = (r: MaterialRef | null) => (r && data.vault.files[r.id] !== undefined ? file(r) : null);
  const resolved: ResolvedProfile = {
    profile: structuredClone(p),
    settings: structuredClone(p.settings),
    files: {
      ca: m.ca.filter((r) => data.vault.files[r.id] !== undefined).map(file),
      cert: present(m.cert),
      key: present(m.key),
      pfx: present(m.pfx),
    },
    secrets: { ...data.vault.secrets[profileId] },
    missingFiles: structuredClone(p.missingFiles ?? []),
    locked: { files: lockedFiles, secrets: lockedSecrets },
  };
  const locked = options?.allowLocked ? null : lockedError(resolved);
  return locked ? err(locked) : ok(resolved);
}

/**
 * Why an attempt cannot use this profile as resolved (with `allowLocked`): a file that cannot
 * be decrypted, or a secret that cannot be and was not given for this attempt. Null when it can.
 */
export function lockedError(resolved: ResolvedProfile, given: Partial<Record<SecretField, string>> = {}): ApiError | null {
  const secrets = resolved.locked.secrets.filter((s) => given[s.field] === undefined);
  const files = resolved.locked.files;
  if (!files.length && !secrets.length) return null;
  const what = [...files.map((f) => f.fileName), ...secrets.map((s) => secretFieldLabel(s.field))].join(', ');
  const reason = [...new Set([...files, ...secrets].map((l) => l.reason))].join(' ');
  const fix = [
    secrets.length ? 'enter the secrets again (or give them for this attempt)' : '',
    files.length ? 'import the files again' : '',
  ]
    .filter(Boolean)
    .join(', and ');
  return {
    code: 'store-error',
    message: `Profile "${resolved.profile.name}" holds secrets that cannot be decrypted here (${what}). ${reason} To use the profile, ${fix}.`,
  };
}
