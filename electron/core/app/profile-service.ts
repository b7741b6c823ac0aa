/**
 * Profiles, groups, imported files and secrets, for every front (desktop app, web host). It
 * keeps the renderer's view (`Profile`: names, summaries, flags) apart from the vault (file
 * bytes, secret values), which only `resolve` hands out, to the connection manager.
 */
import { randomUUID } from 'node:crypto';
import { generateClientId, isGeneratedClientId } from '../../../shared/profile/client-id';
import type { ConnectReport } from '../../../shared/connect/report';
import type { ApiError } from '../../../shared/ipc/contract';
import type { AppSettings, AppSettingsPatch } from '../../../shared/profile/app-settings';
import {
  EMPTY_MATERIAL,
  type Expectation,
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
import type { StoreStatus } from '../../../shared/profile/store-status';
import type { ImportChoice, ImportResult } from '../../../shared/profile/transfer';
import { err, ok, type Result } from '../../../shared/result';
import { CURRENT_SCHEMA_VERSION } from '../store/document';
import type { ProfileStore, SecretField, StoreData, StoredSecrets } from './profile-store';
import { emptyStore, SECRET_FIELDS } from './profile-store';

/** A file of a profile with its bytes: only for the process that connects (or exports). */
export interface ResolvedFile {
  id: string;
  slot: MaterialSlot;
  fileName: string;
  bytes: Buffer;
}

/** Everything an attempt needs, secrets included. Never leaves the host. */
export interface ResolvedProfile {
  profile: Profile;
  settings: ConnectSettings;
  files: { ca: ResolvedFile[]; cert: ResolvedFile | null; key: ResolvedFile | null; pfx: ResolvedFile | null };
  secrets: StoredSecrets;
  /** Stored values that could not be decrypted (only with `allowLocked`; they are absent above). */
  locked: {
    files: { id: string; slot: MaterialSlot; fileName: string; reason: string }[];
    secrets: { field: SecretField; reason: string }[];
  };
}

/** One profile to add or put in place of another, as an import prepared it. */
export interface ImportEntry {
  key: string;
  choice: ImportChoice;
  /** The existing profile `replace` overwrites (re-checked when applied). */
  replaceId: string | null;
  name: string;
  groupName: string | null;
  settings: ConnectSettings;
  /** Files with fresh ids, already inspected, with their content. */
  files: { ref: MaterialRef; base64: string }[];
  secrets: StoredSecrets;
  expect?: Expectation;
  notes?: string;
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
  reinspect(
    profileId: string,
    inspect: (ref: MaterialRef, bytes: Buffer, secrets: StoredSecrets) => MaterialRef | null,
  ): Promise<Result<Profile, ApiError>>;
  /**
   * A profile with its file bytes and secrets, for a connection attempt or an export. A
   * profile with values that cannot be decrypted is refused, unless `allowLocked` (export).
   */
  resolve(profileId: string, options?: { allowLocked?: boolean }): Result<ResolvedProfile, ApiError>;
  /** Called after every change of profiles or groups, with the full lists. */
  onChange(listener: (profiles: Profile[], groups: Group[]) => void): () => void;

  getSettings(): AppSettings;
  saveSettings(patch: AppSettingsPatch): Promise<Result<AppSettings, ApiError>>;
  onSettingsChange(listener: (settings: AppSettings) => void): () => void;
  /** Keeps an attempt's report with its profile (newest first, bounded by the settings); unknown profiles are ignored. */
  addReport(profileId: string, report: ConnectReport): Promise<Result<void, ApiError>>;
  /** A profile's stored reports, newest first. */
  reports(profileId: string, limit?: number): Result<ConnectReport[], ApiError>;
  /** Resolves once every change asked for so far has been stored (or has failed). */
  flush(): Promise<void>;

  /** The state of the store for the UI: recovery at start, read-only, secret protection, locked secrets. */
  status(): StoreStatus;
  onStatusChange(listener: (status: StoreStatus) => void): () => void;
  /** Forgets the values that cannot be decrypted (the user will enter them again); returns how many. */
  discardLockedSecrets(): Promise<Result<{ count: number }, ApiError>>;
  /** Adds or replaces imported profiles in one change: all of them are stored, or none. */
  applyImport(entries: ImportEntry[]): Promise<Result<ImportResult, ApiError>>;
}

/** How many imported-but-unsaved files are kept; the oldest go first. */
const MAX_STAGED = 64;

const notFound = (what: string, id: string): Result<never, ApiError> => err({ code: 'not-found', message: `No ${what} with id ${id}.` });

const refsOf = (m: MaterialSet): MaterialRef[] => [...m.ca, m.cert, m.key, m.pfx].filter((r): r is MaterialRef => r !== null);

const lockedCount = (d: StoreData) =>
  Object.keys(d.locked.files).length + Object.values(d.locked.secrets).reduce((n, s) => n + Object.keys(s).length, 0);

/** Opens the service on a store; a store that cannot be read leaves an empty service with `problem` set. */
export async function openProfileService(options: {
  store: ProfileStore;
  now?: () => Date;
  newId?: () => string;
}): Promise<ProfileService> {
  const { store } = options;
  const now = () => (options.now ?? (() => new Date()))().toISOString();
  const newId = options.newId ?? randomUUID;
  const loaded = await store.load();
  let data: StoreData = loaded.ok ? loaded.value : emptyStore();
  const stateOf = () =>
    store.state?.() ?? { schemaVersion: CURRENT_SCHEMA_VERSION, secretBackend: { kind: 'memory' as const, secure: true } };
  const problem = ((): string | null => {
    if (!loaded.ok) {
      return loaded.error.kind === 'corrupt'
        ? `The profile store could not be read and was set aside${loaded.error.backup ? ` as ${loaded.error.backup}` : ''}: ${loaded.error.message}`
        : `The profile store could not be read: ${loaded.error.message}`;
    }
    const r = stateOf().recoveredFrom;
    if (!r) return null;
    if (r.kind === 'newer-version')
      return `The profile store ${store.location} cannot be changed by this version of Keyhole. ${r.reason} Nothing is saved, so that the newer version's data stays intact.`;
    const lost = r.dropped.profiles + r.dropped.groups + r.dropped.other;
    return [
      `The profile store ${store.location} could not be used as it was. ${r.reason}`,
      r.path ? `The untouched file was copied to ${r.path}.` : 'It could not be copied aside, so nothing will be saved over it.',
      `Recovered: ${r.kept.profiles} profile(s) and ${r.kept.groups} group(s)${lost ? `; left behind in the copy: ${r.dropped.profiles} profile(s), ${r.dropped.groups} group(s) and ${r.dropped.other} other item(s)` : ''}.`,
    ].join(' ');
  })();
  const staged = new Map<string, { ref: MaterialRef; base64: string }>();
  const listeners = new Set<(profiles: Profile[], groups: Group[]) => void>();
  const settingsListeners = new Set<(settings: AppSettings) => void>();
  const statusListeners = new Set<(status: StoreStatus) => void>();
  let queue: Promise<unknown> = Promise.resolve();

  const status = (): StoreStatus => {
    const st = stateOf();
    const count = lockedCount(data);
    const lockedProfiles = data.profiles.filter(
      (p) => data.locked.secrets[p.id] !== undefined || refsOf(p.material).some((r) => data.locked.files[r.id] !== undefined),
    );
    const reasons = [...Object.values(data.locked.files), ...Object.values(data.locked.secrets).flatMap((s) => Object.values(s))].map(
      (l) => l!.reason,
    );
    return {
      location: store.location,
      schemaVersion: st.schemaVersion,
      ...(st.recoveredFrom ? { recoveredFrom: st.recoveredFrom } : {}),
      ...(st.readOnly
        ? { readOnly: st.readOnly }
        : loaded.ok
          ? {}
          : { readOnly: { reason: problem ?? 'The profile store could not be read.' } }),
      secretBackend: st.secretBackend,
      ...(count
        ? {
            lockedSecrets: {
              count,
              profiles: lockedProfiles.map((p) => ({ id: p.id, name: p.name })),
              reason: [...new Set(reasons)].join(' '),
            },
          }
        : {}),
    };
  };

  type Notify = 'profiles' | 'settings' | 'none';
  /** Runs one change at a time on a copy; the copy replaces `data` only once it is stored. */
  const mutate = <T>(change: (draft: StoreData) => Result<T, ApiError>, notify: Notify = 'profiles'): Promise<Result<T, ApiError>> => {
    const run = async (): Promise<Result<T, ApiError>> => {
      const draft = structuredClone(data);
      const outcome = change(draft);
      if (!outcome.ok) return outcome;
      const saved = await store.save(draft);
      if (!saved.ok) return err({ code: 'store-error', message: `The profile store could not be written: ${saved.error.message}` });
      const lockedBefore = lockedCount(data);
      data = draft;
      if (notify === 'profiles') {
        const profiles = structuredClone(data.profiles);
        const groups = structuredClone(data.groups);
        for (const l of [...listeners]) l(profiles, groups);
      } else if (notify === 'settings') {
        for (const l of [...settingsListeners]) l(structuredClone(data.settings));
      }
      if (lockedCount(data) !== lockedBefore) {
        const current = status();
        for (const l of [...statusListeners]) l(current);
      }
      return outcome;
    };
    const next = queue.then(run, run);
    queue = next.catch(() => undefined);
    return next;
  };

  const flagsOf = (d: StoreData, profileId: string): SecretFlags => {
    const has = (field: SecretField) =>
      d.vault.secrets[profileId]?.[field] !== undefined || d.locked.secrets[profileId]?.[field] !== undefined;
    return { hasPassphrase: has('passphrase'), hasPassword: has('password'), hasPfxPassword: has('pfxPassword') };
  };

  const dropFile = (d: StoreData, id: string) => {
    delete d.vault.files[id];
    delete d.locked.files[id];
  };

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
      if (mine.slot !== slot)
        return err({ code: 'invalid-request', message: `File ${mine.fileName} was imported as ${mine.slot}, not ${slot}.` });
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
    for (const r of refsOf(current)) if (!used.has(r.id)) dropFile(d, r.id);
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

  /** Removes a profile's files, secrets and locked values from the vault (not the profile itself). */
  const clearVault = (d: StoreData, p: Profile) => {
    for (const r of refsOf(p.material)) dropFile(d, r.id);
    delete d.vault.secrets[p.id];
    delete d.locked.secrets[p.id];
  };

  const service: ProfileService = {
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
          secrets: flagsOf(d, id),
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
        clearVault(d, p);
        delete d.reports[id];
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
      });
    },
    reinspect(profileId, inspect) {
      return mutate((d) => {
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
      });
    },
    stageFile(ref, bytes) {
      staged.set(ref.id, { ref, base64: bytes.toString('base64') });
      while (staged.size > MAX_STAGED) staged.delete(staged.keys().next().value!);
    },
    resolve(profileId, resolveOptions) {
      const p = data.profiles.find((x) => x.id === profileId);
      if (!p) return notFound('profile', profileId);
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
        locked: { files: lockedFiles, secrets: lockedSecrets },
      };
      const locked = resolveOptions?.allowLocked ? null : lockedError(resolved);
      return locked ? err(locked) : ok(resolved);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    getSettings: () => structuredClone(data.settings),
    saveSettings(patch) {
      return mutate((d) => {
        if (patch.reportsPerProfile !== undefined) {
          d.settings.reportsPerProfile = patch.reportsPerProfile;
          for (const list of Object.values(d.reports)) if (list.length > patch.reportsPerProfile) list.length = patch.reportsPerProfile;
        }
        if (patch.certExpiryWarningDays !== undefined) d.settings.certExpiryWarningDays = patch.certExpiryWarningDays;
        if (patch.ui) {
          const ui = { ...d.settings.ui };
          for (const [k, v] of Object.entries(patch.ui)) {
            if (v === null) delete ui[k];
            else ui[k] = v;
          }
          if (Object.keys(ui).length > 100) return err({ code: 'invalid-request', message: 'At most 100 UI preferences can be kept.' });
          d.settings.ui = ui;
        }
        return ok(structuredClone(d.settings));
      }, 'settings');
    },
    onSettingsChange(listener) {
      settingsListeners.add(listener);
      return () => {
        settingsListeners.delete(listener);
      };
    },
    async addReport(profileId, report) {
      const added = await mutate((d) => {
        if (!d.profiles.some((p) => p.id === profileId)) return ok(undefined);
        const list = [report, ...(d.reports[profileId] ?? []).filter((r) => r.id !== report.id)];
        list.length = Math.min(list.length, d.settings.reportsPerProfile);
        d.reports[profileId] = list;
        return ok(undefined);
      }, 'none');
      return added;
    },
    reports(profileId, limit) {
      if (!data.profiles.some((p) => p.id === profileId)) return notFound('profile', profileId);
      const list = data.reports[profileId] ?? [];
      return ok(structuredClone(list.slice(0, limit ?? list.length)));
    },

    flush: () => queue.then(() => undefined),

    status,
    onStatusChange(listener) {
      statusListeners.add(listener);
      return () => {
        statusListeners.delete(listener);
      };
    },
    async discardLockedSecrets() {
      const result = await mutate((d) => {
        const count = lockedCount(d);
        // Files whose content is lost leave their profiles too: a ref without bytes would fail every attempt.
        const lost = new Set(Object.keys(d.locked.files));
        for (const p of d.profiles) {
          const m = p.material;
          const keep = (r: MaterialRef | null) => (r && !lost.has(r.id) ? r : null);
          p.material = { ca: m.ca.filter((r) => !lost.has(r.id)), cert: keep(m.cert), key: keep(m.key), pfx: keep(m.pfx) };
        }
        d.locked = { files: {}, secrets: {} };
        for (const p of d.profiles) p.secrets = flagsOf(d, p.id);
        return ok({ count });
      });
      if (result.ok) store.allowNewKey?.();
      return result;
    },
    applyImport(entries) {
      return mutate((d) => {
        const result: ImportResult = { added: [], replaced: [], skipped: [] };
        const at = now();
        const groupFor = (name: string | null): string | null => {
          if (name === null) return null;
          const existing = d.groups.find((g) => g.name === name);
          if (existing) return existing.id;
          const g: Group = { id: newId(), name, collapsed: false };
          d.groups.push(g);
          return g.id;
        };
        for (const entry of entries) {
          if (entry.choice === 'skip') {
            result.skipped.push({ key: entry.key, name: entry.name });
            continue;
          }
          const targetIndex =
            entry.choice === 'replace' && entry.replaceId !== null ? d.profiles.findIndex((p) => p.id === entry.replaceId) : -1;
          const target = targetIndex >= 0 ? d.profiles[targetIndex]! : null;
          if (target) clearVault(d, target);
          const id = target?.id ?? newId();
          // Never two profiles with one name: a replaced profile's own name is free, every other one is taken.
          const name = importName(
            d.profiles.filter((p) => p.id !== id).map((p) => p.name),
            entry.name,
          );
          const material: MaterialSet = { ca: [], cert: null, key: null, pfx: null };
          for (const { ref, base64 } of entry.files) {
            if (ref.slot === 'ca') {
              if (material.ca.length >= 32) continue;
              material.ca.push(ref);
            } else if (material[ref.slot] === null) {
              material[ref.slot] = ref;
            } else {
              continue;
            }
            d.vault.files[ref.id] = base64;
          }
          const secrets = Object.fromEntries(Object.entries(entry.secrets).filter(([, v]) => v !== undefined)) as StoredSecrets;
          if (Object.keys(secrets).length) d.vault.secrets[id] = secrets;
          const profile: Profile = {
            id,
            name,
            groupId: groupFor(entry.groupName),
            settings: entry.settings,
            material,
            secrets: flagsOf(d, id),
            ...(entry.expect ? { expect: entry.expect } : {}),
            ...(entry.notes !== undefined ? { notes: entry.notes } : {}),
            createdAt: target?.createdAt ?? at,
            updatedAt: at,
          };
          if (target) {
            d.profiles[targetIndex] = profile;
            result.replaced.push({ key: entry.key, profileId: id, name });
          } else {
            d.profiles.push(profile);
            result.added.push({ key: entry.key, profileId: id, name });
          }
        }
        return ok(result);
      });
    },
  };
  return service;
}

/** How the UI names each secret field. */
export const SECRET_LABELS: Record<SecretField, string> = {
  passphrase: 'key passphrase',
  password: 'MQTT password',
  pfxPassword: 'PKCS#12 password',
};

/** `base`, or `base (2)`, `base (3)` … : the first name not in `taken` (within the 200 characters a name may have). */
export function importName(taken: Iterable<string>, base: string): string {
  const names = new Set(taken);
  if (!names.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const name = `${base.slice(0, 200 - suffix.length)}${suffix}`;
    if (!names.has(name)) return name;
  }
}

/**
 * Why an attempt cannot use this profile as resolved (with `allowLocked`): a file that cannot
 * be decrypted, or a secret that cannot be and was not given for this attempt. Null when it can.
 */
export function lockedError(resolved: ResolvedProfile, given: Partial<Record<SecretField, string>> = {}): ApiError | null {
  const secrets = resolved.locked.secrets.filter((s) => given[s.field] === undefined);
  const files = resolved.locked.files;
  if (!files.length && !secrets.length) return null;
  const what = [...files.map((f) => f.fileName), ...secrets.map((s) => SECRET_LABELS[s.field])].join(', ');
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
