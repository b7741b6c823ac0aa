/** A profile's secrets, the files read again when they change, and values that cannot be decrypted. */
import type { ApiError } from '../../../shared/ipc/contract';
import type { MaterialRef, Profile, SecretFlags } from '../../../shared/profile/profile';
import { ok, type Result } from '../../../shared/result';
import { SECRET_FIELDS, type StoredSecrets } from '../store/store-data';
import { notFound, type OpsContext } from './profile-ops';
import { flagsOf, lockedCount } from './vault';

/** Changes to a profile's secrets: a string sets, null clears, absent keeps. */
export interface SecretChanges {
  passphrase?: string | null;
  password?: string | null;
  pfxPassword?: string | null;
}

export interface SecretOps {
  setSecrets(profileId: string, changes: SecretChanges): Promise<Result<SecretFlags, ApiError>>;
  /**
   * Reads a profile's files again (after its secrets changed): `inspect` returns the new ref for
   * a file, or null to keep it. Returns the profile as stored afterwards.
   */
  reinspect(
    profileId: string,
    inspect: (ref: MaterialRef, bytes: Buffer, secrets: StoredSecrets) => MaterialRef | null,
  ): Promise<Result<Profile, ApiError>>;
  /** Forgets the values that cannot be decrypted (the user will enter them again); returns how many. */
  discardLockedSecrets(): Promise<Result<{ count: number }, ApiError>>;
}

/** The secret operations over `ctx.doc`. */
export function secretOps({ doc, now }: OpsContext): SecretOps {
  return {
    setSecrets: (profileId, changes) =>
      doc.mutate((d) => {
        const p = d.profiles.find((x) => x.id === profileId);
        if (!p) return notFound('profile', profileId);
        const next: StoredSecrets = { ...d.vault.secrets[profileId] };
        const locked = { ...d.locked.secrets[profileId] };
        for (const key of SECRET_FIELDS) {
          const v = changes[key];
          if (v === undefined) continue;
          // A new value (or a clear) replaces a value that could not be decrypted.
          delete locked[key];
          if (v === null) delete next[key];
          else next[key] = v;
        }
        if (Object.keys(next).length) d.vault.secrets[profileId] = next;
        else delete d.vault.secrets[profileId];
        if (Object.keys(locked).length) d.locked.secrets[profileId] = locked;
        else delete d.locked.secrets[profileId];
        p.secrets = flagsOf(d, profileId);
        p.updatedAt = now();
        return ok({ ...p.secrets });
      }),
    reinspect: (profileId, inspect) =>
      doc.mutate((d) => {
        const p = d.profiles.find((x) => x.id === profileId);
        if (!p) return notFound('profile', profileId);
        const secrets = { ...d.vault.secrets[profileId] };
        const again = (r: MaterialRef): MaterialRef => {
          if (d.vault.files[r.id] === undefined) return r;
          const next = inspect(r, Buffer.from(d.vault.files[r.id]!, 'base64'), secrets);
          // The host's identity of the file stays; only what is known about it changes.
          return next ? { ...next, id: r.id, slot: r.slot, fileName: r.fileName, importedAt: r.importedAt } : r;
        };
        const m = p.material;
        p.material = { ca: m.ca.map(again), cert: m.cert && again(m.cert), key: m.key && again(m.key), pfx: m.pfx && again(m.pfx) };
        return ok(structuredClone(p));
      }),
    async discardLockedSecrets() {
      const result = await doc.mutate((d) => {
        const count = lockedCount(d);
        // Files whose content is lost leave their profiles too: a ref without bytes would fail every attempt.
        const lost = new Set(Object.keys(d.locked.files));
        for (const p of d.profiles) {
          const m = p.material;
          const keep = (r: MaterialRef | null) => (r && !lost.has(r.id) ? r : null);
          p.material = { ca: m.ca.filter((r) => !lost.has(r.id)), cert: keep(m.cert), key: keep(m.key), pfx: keep(m.pfx) };
        }
        d.locked = { files: {}, secrets: {}, workbench: {}, matrices: {} };
        for (const p of d.profiles) p.secrets = flagsOf(d, p.id);
        return ok({ count });
      });
      if (result.ok) doc.store.allowNewKey?.();
      return result;
    },
  };
}
