/**
 * Profiles, groups, imported files and secrets, for every front (desktop app, web host). It
 * keeps the renderer's view (`Profile`: names, summaries, flags) apart from the vault (file
 * bytes, secret values), which only `resolve` hands out, to the connection manager.
 */
import { randomUUID } from 'node:crypto';
import type { ApiError } from '../../../shared/ipc/contract';
import {
  EMPTY_MATERIAL,
  type Group,
  type GroupDraft,
  type MaterialRef,
  type MaterialSet,
  type MaterialSlot,
  type Profile,
  type ProfileDraft,
  type SecretFlags,
} from '../../../shared/profile/profile';
import type { ConnectSettings } from '../../../shared/connect/settings';
import { err, ok, type Result } from '../../../shared/result';
import type { ProfileStore, StoreData, StoredSecrets } from './profile-store';
import { emptyStore } from './profile-store';

/** A file of a profile with its bytes: only for the process that connects. */
export interface ResolvedFile {
  fileName: string;
  bytes: Buffer;
}

/** Everything an attempt needs, secrets included. Never leaves the host. */
export interface ResolvedProfile {
  profile: Profile;
  settings: ConnectSettings;
  files: { ca: ResolvedFile[]; cert: ResolvedFile | null; key: ResolvedFile | null; pfx: ResolvedFile | null };
  secrets: StoredSecrets;
}

/** Changes to a profile's secrets: a string sets, null clears, absent keeps. */
export interface SecretChanges {
  passphrase?: string | null;
  password?: string | null;
  pfxPassword?: string | null;
}

export interface ProfileService {
  /** Why the stored document could not be used (it was then set aside), or null. */
  readonly problem: string | null;
  readonly location: string;
  listProfiles(): Profile[];
  getProfile(id: string): Result<Profile, ApiError>;
  saveProfile(draft: ProfileDraft): Promise<Result<Profile, ApiError>>;
  deleteProfile(id: string): Promise<Result<{ id: string }, ApiError>>;
  duplicateProfile(id: string, name?: string): Promise<Result<Profile, ApiError>>;
  reorderProfiles(ids: string[]): Promise<Result<Profile[], ApiError>>;
  listGroups(): Group[];
  saveGroup(draft: GroupDraft): Promise<Result<Group, ApiError>>;
  deleteGroup(id: string): Promise<Result<{ id: string }, ApiError>>;
  reorderGroups(ids: string[]): Promise<Result<Group[], ApiError>>;
  setSecrets(profileId: string, changes: SecretChanges): Promise<Result<SecretFlags, ApiError>>;
  /**
   * Keeps an imported file until a saved profile refers to it by `ref.id` (files are imported
   * while a profile form is open; cancelling the form leaves no trace in the store).
   */
  stageFile(ref: MaterialRef, bytes: Buffer): void;
  /**
   * Reads a profile's files again (after its secrets changed): `inspect` returns the new ref for
   * a file, or null to keep it. Returns the profile as stored afterwards.
   */
  reinspect(profileId: string, inspect: (ref: MaterialRef, bytes: Buffer, secrets: StoredSecrets) => MaterialRef | null): Promise<Result<Profile, ApiError>>;
  /** A profile with its file bytes and secrets, for a connection attempt. */
  resolve(profileId: string): Result<ResolvedProfile, ApiError>;
  /** Called after every change of profiles or groups, with the full lists. */
  onChange(listener: (profiles: Profile[], groups: Group[]) => void): () => void;
}

/** How many imported-but-unsaved files are kept; the oldest go first. */
const MAX_STAGED = 64;

const notFound = (what: string, id: string): Result<never, ApiError> => err({ code: 'not-found', message: `No ${what} with id ${id}.` });

/** Opens the service on a store; a store that cannot be read leaves an empty service with `problem` set. */
export async function openProfileService(options: { store: ProfileStore; now?: () => Date; newId?: () => string }): Promise<ProfileService> {
  const { store } = options;
  const now = () => (options.now ?? (() => new Date()))().toISOString();
  const newId = options.newId ?? randomUUID;
  const loaded = await store.load();
  let data: StoreData = loaded.ok ? loaded.value : emptyStore();
  const problem = loaded.ok
    ? null
    : loaded.error.kind === 'corrupt'
      ? `The profile store could not be read and was set aside${loaded.error.backup ? ` as ${loaded.error.backup}` : ''}: ${loaded.error.message}`
      : `The profile store could not be read: ${loaded.error.message}`;
  const staged = new Map<string, { ref: MaterialRef; base64: string }>();
  const listeners = new Set<(profiles: Profile[], groups: Group[]) => void>();
  let queue: Promise<unknown> = Promise.resolve();

  /** Runs one change at a time on a copy; the copy replaces `data` only once it is stored. */
  const mutate = <T>(change: (draft: StoreData) => Result<T, ApiError>): Promise<Result<T, ApiError>> => {
    const run = async (): Promise<Result<T, ApiError>> => {
      const draft = structuredClone(data);
      const outcome = change(draft);
      if (!outcome.ok) return outcome;
      const saved = await store.save(draft);
      if (!saved.ok) return err({ code: 'store-error', message: `The profile store could not be written: ${saved.error.message}` });
      data = draft;
      const profiles = structuredClone(data.profiles);
      const groups = structuredClone(data.groups);
      for (const l of [...listeners]) l(profiles, groups);
      return outcome;
    };
    const next = queue.then(run, run);
    queue = next.catch(() => undefined);
    return next;
  };

  const flagsOf = (s: StoredSecrets | undefined): SecretFlags => ({
    hasPassphrase: s?.passphrase !== undefined,
    hasPassword: s?.password !== undefined,
    hasPfxPassword: s?.pfxPassword !== undefined,
  });

  const refsOf = (m: MaterialSet): MaterialRef[] => [...m.ca, m.cert, m.key, m.pfx].filter((r): r is MaterialRef => r !== null);

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
      const mine = known.get(ref.id) ?? staged.get(ref.id)?.ref;
      if (!mine) return err({ code: 'not-found', message: `File ${ref.fileName} is no longer available; import it again.` });
      if (mine.slot !== slot) return err({ code: 'invalid-request', message: `File ${mine.fileName} was imported as ${mine.slot}, not ${slot}.` });
      const pending = staged.get(ref.id);
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
    for (const r of refsOf(current)) if (!used.has(r.id)) delete d.vault.files[r.id];
    return ok({ ca, cert: cert.value, key: key.value, pfx: pfx.value });
  };

  const groupExists = (d: StoreData, groupId: string | null) => groupId === null || d.groups.some((g) => g.id === groupId);

  const reorder = <T extends { id: string }>(items: T[], ids: string[]): T[] => {
    const rank = new Map(ids.map((id, i) => [id, i]));
    const listed = items.filter((i) => rank.has(i.id)).sort((a, b) => rank.get(a.id)! - rank.get(b.id)!);
    return [...listed, ...items.filter((i) => !rank.has(i.id))];
  };

  const uniqueName = (d: StoreData, base: string) => {
    const taken = new Set(d.profiles.map((p) => p.name));
    if (!taken.has(`${base} (copy)`)) return `${base} (copy)`;
    for (let n = 2; ; n++) if (!taken.has(`${base} (copy ${n})`)) return `${base} (copy ${n})`;
  };

  return {
    problem,
    location: store.location,
    listProfiles: () => structuredClone(data.profiles),
    getProfile(id) {
      const p = data.profiles.find((x) => x.id === id);
      return p ? ok(structuredClone(p)) : notFound('profile', id);
    },
    async saveProfile(draft) {
      const result = await mutate((d) => {
        if (!groupExists(d, draft.groupId)) return notFound('group', draft.groupId ?? '');
        const index = draft.id === undefined ? -1 : d.profiles.findIndex((p) => p.id === draft.id);
        if (draft.id !== undefined && index < 0) return notFound('profile', draft.id);
        const current = index >= 0 ? d.profiles[index]! : null;
        const material = bindMaterial(d, draft.material, current?.material ?? EMPTY_MATERIAL);
        if (!material.ok) return material;
        const at = now();
        const id = current?.id ?? newId();
        const profile: Profile = {
          id,
          name: draft.name,
          groupId: draft.groupId,
          settings: draft.settings,
          material: material.value,
          secrets: flagsOf(d.vault.secrets[id]),
          ...(draft.expect ? { expect: draft.expect } : {}),
          ...(draft.notes !== undefined ? { notes: draft.notes } : {}),
          createdAt: current?.createdAt ?? at,
          updatedAt: at,
        };
        if (index >= 0) d.profiles[index] = profile;
        else d.profiles.push(profile);
        return ok(profile);
      });
      if (result.ok) for (const r of refsOf(result.value.material)) staged.delete(r.id);
      return result;
    },
    deleteProfile(id) {
      return mutate((d) => {
        const p = d.profiles.find((x) => x.id === id);
        if (!p) return notFound('profile', id);
        for (const r of refsOf(p.material)) delete d.vault.files[r.id];
        delete d.vault.secrets[id];
        d.profiles = d.profiles.filter((x) => x.id !== id);
        return ok({ id });
      });
    },
    duplicateProfile(id, name) {
      return mutate((d) => {
        const index = d.profiles.findIndex((x) => x.id === id);
        const source = d.profiles[index];
        if (!source) return notFound('profile', id);
        const copyId = newId();
        // Each file gets its own id in the copy, so deleting one profile never strips the other.
        const copyRef = (r: MaterialRef): MaterialRef => {
          const fresh = { ...r, id: newId() };
          const bytes = d.vault.files[r.id];
          if (bytes !== undefined) d.vault.files[fresh.id] = bytes;
          return fresh;
        };
        const m = source.material;
        const at = now();
        const copy: Profile = {
          ...structuredClone(source),
          id: copyId,
          name: name ?? uniqueName(d, source.name),
          material: { ca: m.ca.map(copyRef), cert: m.cert && copyRef(m.cert), key: m.key && copyRef(m.key), pfx: m.pfx && copyRef(m.pfx) },
          createdAt: at,
          updatedAt: at,
        };
        const secrets = d.vault.secrets[id];
        if (secrets) d.vault.secrets[copyId] = { ...secrets };
        d.profiles.splice(index + 1, 0, copy);
        return ok(copy);
      });
    },
    reorderProfiles(ids) {
      return mutate((d) => {
        d.profiles = reorder(d.profiles, ids);
        return ok(d.profiles);
      });
    },
    listGroups: () => structuredClone(data.groups),
    saveGroup(draft) {
      return mutate((d) => {
        if (draft.id !== undefined) {
          const g = d.groups.find((x) => x.id === draft.id);
          if (!g) return notFound('group', draft.id);
          g.name = draft.name;
          if (draft.collapsed !== undefined) g.collapsed = draft.collapsed;
          return ok({ ...g });
        }
        const g: Group = { id: newId(), name: draft.name, collapsed: draft.collapsed ?? false };
        d.groups.push(g);
        return ok({ ...g });
      });
    },
    deleteGroup(id) {
      return mutate((d) => {
        if (!d.groups.some((g) => g.id === id)) return notFound('group', id);
        d.groups = d.groups.filter((g) => g.id !== id);
        for (const p of d.profiles) if (p.groupId === id) p.groupId = null;
        return ok({ id });
      });
    },
    reorderGroups(ids) {
      return mutate((d) => {
        d.groups = reorder(d.groups, ids);
        return ok(d.groups);
      });
    },
    setSecrets(profileId, changes) {
      return mutate((d) => {
        const p = d.profiles.find((x) => x.id === profileId);
        if (!p) return notFound('profile', profileId);
        const next: StoredSecrets = { ...d.vault.secrets[profileId] };
        for (const key of ['passphrase', 'password', 'pfxPassword'] as const) {
          const v = changes[key];
          if (v === null) delete next[key];
          else if (v !== undefined) next[key] = v;
        }
        if (Object.keys(next).length) d.vault.secrets[profileId] = next;
        else delete d.vault.secrets[profileId];
        p.secrets = flagsOf(next);
        p.updatedAt = now();
        return ok({ ...p.secrets });
      });
    },
    reinspect(profileId, inspect) {
      return mutate((d) => {
        const p = d.profiles.find((x) => x.id === profileId);
        if (!p) return notFound('profile', profileId);
        const secrets = { ...d.vault.secrets[profileId] };
        const again = (r: MaterialRef): MaterialRef => {
          const next = inspect(r, Buffer.from(d.vault.files[r.id] ?? '', 'base64'), secrets);
          // The host's identity of the file stays; only what is known about it changes.
          return next ? { ...next, id: r.id, slot: r.slot, fileName: r.fileName, importedAt: r.importedAt } : r;
        };
        const m = p.material;
        p.material = { ca: m.ca.map(again), cert: m.cert && again(m.cert), key: m.key && again(m.key), pfx: m.pfx && again(m.pfx) };
        return ok(structuredClone(p));
      });
    },
    stageFile(ref, bytes) {
      staged.set(ref.id, { ref, base64: bytes.toString('base64') });
      while (staged.size > MAX_STAGED) staged.delete(staged.keys().next().value!);
    },
    resolve(profileId) {
      const p = data.profiles.find((x) => x.id === profileId);
      if (!p) return notFound('profile', profileId);
      const file = (r: MaterialRef): ResolvedFile => ({ fileName: r.fileName, bytes: Buffer.from(data.vault.files[r.id] ?? '', 'base64') });
      const m = p.material;
      return ok({
        profile: structuredClone(p),
        settings: structuredClone(p.settings),
        files: { ca: m.ca.map(file), cert: m.cert && file(m.cert), key: m.key && file(m.key), pfx: m.pfx && file(m.pfx) },
        secrets: { ...data.vault.secrets[profileId] },
      });
    },
    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
