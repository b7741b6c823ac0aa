/** Saving, deleting, duplicating and ordering profiles, as changes of the shared document. */
import { generateClientId, isGeneratedClientId } from '../../../shared/profile/client-id';
import type { ApiError } from '../../../shared/ipc/contract';
import {
  EMPTY_MATERIAL,
  type MaterialRef,
  type MaterialSet,
  type MaterialSlot,
  type MissingFile,
  type Profile,
  type ProfileDraft,
} from '../../../shared/profile/profile';
import { err, ok, type Result } from '../../../shared/result';
import type { StoreData } from '../store/store-data';
import type { MaterialStaging } from './material-staging';
import type { ProfileDocument } from './profile-document';
import { clearVault, dropFile, flagsOf, refsOf } from './vault';

export interface ProfileOps {
  listProfiles(): Profile[];
  getProfile(id: string): Result<Profile, ApiError>;
  saveProfile(draft: ProfileDraft): Promise<Result<Profile, ApiError>>;
  deleteProfile(id: string): Promise<Result<{ id: string }, ApiError>>;
  duplicateProfile(id: string, name?: string): Promise<Result<Profile, ApiError>>;
  reorderProfiles(ids: string[]): Promise<Result<Profile[], ApiError>>;
}

export interface OpsContext {
  doc: ProfileDocument;
  now: () => string;
  newId: () => string;
}

export const notFound = (what: string, id: string): Result<never, ApiError> =>
  err({ code: 'not-found', message: `No ${what} with id ${id}.` });

/** Items listed in `ids` first, in that order; the others after, in their order. */
export function reorder<T extends { id: string }>(items: T[], ids: string[]): T[] {
  const rank = new Map(ids.map((id, i) => [id, i]));
  const listed = items.filter((i) => rank.has(i.id)).sort((a, b) => rank.get(a.id)! - rank.get(b.id)!);
  return [...listed, ...items.filter((i) => !rank.has(i.id))];
}

/** The profile operations over `ctx.doc`, taking imported files from `staging`. */
export function profileOps({ doc, now, newId }: OpsContext, staging: MaterialStaging): ProfileOps {
  /**
   * The host's own copy of each file the draft names (by id), from the profile being edited or
   * from the staged imports; anything else about the refs in the draft is ignored.
   */
  const bindMaterial = (d: StoreData, wanted: MaterialSet, current: MaterialSet): Result<MaterialSet, ApiError> => {
    const known = new Map(refsOf(current).map((r) => [r.id, r]));
    const used = new Set<string>();
    const take = (ref: MaterialRef, slot: MaterialSlot): Result<MaterialRef, ApiError> => {
      if (used.has(ref.id)) return err({ code: 'invalid-request', message: `File ${ref.fileName} is listed twice.` });
      used.add(ref.id);
      const pending = staging.get(ref.id);
      const mine = known.get(ref.id) ?? pending?.ref;
      if (!mine) return err({ code: 'not-found', message: `File ${ref.fileName} is no longer available; import it again.` });
      if (mine.slot !== slot)
        return err({ code: 'invalid-request', message: `File ${mine.fileName} was imported as ${mine.slot}, not ${slot}.` });
      if (pending && !known.has(ref.id)) d.vault.files[ref.id] = pending.base64;
      return ok(mine);
    };
    const ca: MaterialRef[] = [];
    for (const r of wanted.ca) {
      const t = take(r, 'ca');
      if (!t.ok) return t;
      ca.push(t.value);
    }
    const one = (slot: Exclude<MaterialSlot, 'ca'>): Result<MaterialRef | null, ApiError> => {
      const r = wanted[slot];
      return r ? take(r, slot) : ok(null);
    };
    const cert = one('cert');
    if (!cert.ok) return cert;
    const key = one('key');
    if (!key.ok) return key;
    const pfx = one('pfx');
    if (!pfx.ok) return pfx;
    // Files the profile no longer uses leave the vault with it.
    for (const r of refsOf(current)) if (!used.has(r.id)) dropFile(d, r.id);
    return ok({ ca, cert: cert.value, key: key.value, pfx: pfx.value });
  };

  const groupExists = (d: StoreData, groupId: string | null) => groupId === null || d.groups.some((g) => g.id === groupId);

  const uniqueName = (d: StoreData, base: string) => {
    const taken = new Set(d.profiles.map((p) => p.name));
    if (!taken.has(`${base} (copy)`)) return `${base} (copy)`;
    for (let n = 2; ; n++) if (!taken.has(`${base} (copy ${n})`)) return `${base} (copy ${n})`;
  };

  const saveProfile = async (draft: ProfileDraft) => {
    const result = await doc.mutate((d) => {
      if (!groupExists(d, draft.groupId)) return notFound('group', draft.groupId ?? '');
      const index = draft.id === undefined ? -1 : d.profiles.findIndex((p) => p.id === draft.id);
      if (draft.id !== undefined && index < 0) return notFound('profile', draft.id);
      const current = index >= 0 ? d.profiles[index]! : null;
      const material = bindMaterial(d, draft.material, current?.material ?? EMPTY_MATERIAL);
      if (!material.ok) return material;
      const at = now();
      const id = current?.id ?? newId();
      const missingFiles = stillMissing(current?.missingFiles ?? [], draft.missingFiles, material.value);
      const profile: Profile = {
        id,
        name: draft.name,
        groupId: draft.groupId,
        settings: draft.settings,
        material: material.value,
        secrets: flagsOf(d, id),
        ...(missingFiles.length ? { missingFiles } : {}),
        ...(draft.expect ? { expect: draft.expect } : {}),
        ...(draft.notes !== undefined ? { notes: draft.notes } : {}),
        createdAt: current?.createdAt ?? at,
        updatedAt: at,
      };
      if (index >= 0) d.profiles[index] = profile;
      else d.profiles.push(profile);
      return ok(profile);
    });
    if (result.ok) staging.release(refsOf(result.value.material).map((r) => r.id));
    return result;
  };

  const duplicateProfile = (id: string, name?: string) =>
    doc.mutate((d) => {
      const index = d.profiles.findIndex((x) => x.id === id);
      const source = d.profiles[index];
      if (!source) return notFound('profile', id);
      const copyId = newId();
      // Each file gets its own id in the copy, so deleting one profile never strips the other.
      const copyRef = (r: MaterialRef): MaterialRef => {
        const fresh = { ...r, id: newId() };
        const bytes = d.vault.files[r.id];
        if (bytes !== undefined) d.vault.files[fresh.id] = bytes;
        const locked = d.locked.files[r.id];
        if (locked) d.locked.files[fresh.id] = { ...locked };
        return fresh;
      };
      const m = source.material;
      const at = now();
      const copy: Profile = {
        ...structuredClone(source),
        id: copyId,
        name: name ?? uniqueName(d, source.name),
        // A made-up client id gets a new one, so original and copy can be connected at once
        // without the broker taking over one session with the other (MQTT 3.1.1 §3.1.4);
        // an id the user chose (often the device identity) is kept.
        settings: isGeneratedClientId(source.settings.clientId)
          ? { ...structuredClone(source.settings), clientId: generateClientId() }
          : structuredClone(source.settings),
        material: { ca: m.ca.map(copyRef), cert: m.cert && copyRef(m.cert), key: m.key && copyRef(m.key), pfx: m.pfx && copyRef(m.pfx) },
        createdAt: at,
        updatedAt: at,
      };
      const secrets = d.vault.secrets[id];
      if (secrets) d.vault.secrets[copyId] = { ...secrets };
      const locked = d.locked.secrets[id];
      if (locked) d.locked.secrets[copyId] = structuredClone(locked);
      d.profiles.splice(index + 1, 0, copy);
      return ok(copy);
    });

  return {
    listProfiles: () => structuredClone(doc.current().profiles),
    getProfile(id) {
      const p = doc.current().profiles.find((x) => x.id === id);
      return p ? ok(structuredClone(p)) : notFound('profile', id);
    },
    saveProfile,
    deleteProfile: (id) =>
      doc.mutate((d) => {
        const p = d.profiles.find((x) => x.id === id);
        if (!p) return notFound('profile', id);
        clearVault(d, p);
        delete d.reports[id];
        delete d.publishes[id];
        delete d.subscriptions[id];
        d.profiles = d.profiles.filter((x) => x.id !== id);
        return ok({ id });
      }),
    duplicateProfile,
    reorderProfiles: (ids) =>
      doc.mutate((d) => {
        d.profiles = reorder(d.profiles, ids);
        return ok(d.profiles);
      }),
  };
}

/**
 * The missing files a saved profile keeps: the host's own list (a renderer cannot add to it),
 * without those the draft no longer shows (the user chose another identity) and those whose
 * slot now holds a file.
 */
export function stillMissing(
  current: readonly MissingFile[],
  shown: readonly MissingFile[] | undefined,
  material: MaterialSet,
): MissingFile[] {
  return current.filter(
    (m) =>
      (shown === undefined || shown.some((x) => x.slot === m.slot && x.path === m.path)) &&
      (m.slot === 'ca' ? material.ca.length === 0 : material[m.slot] === null),
  );
}
