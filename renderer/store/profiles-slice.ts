import type { ApiError, ApiResult, EventPayload, FileSource } from '../../shared/ipc/contract';
import type { Group, GroupDraft, MaterialRef, MaterialSlot, Profile, ProfileDraft, SecretFlags } from '../../shared/profile/profile';
import { MAX_FILE_BYTES } from '../../shared/ipc/contract';
import { fileToBase64, type PageFile } from '../api/file-bytes';
import type { SliceFactory } from './app-store';
import { inShownOrder, orderActions, type PendingMoves } from './profile-order';

/** A change to one secret: a new value, or null to forget it; absent keys keep the stored value. */
export interface SecretsPatch {
  passphrase?: string | null;
  password?: string | null;
  pfxPassword?: string | null;
}

export interface ProfilesSlice {
  profiles: Profile[];
  groups: Group[];
  profilesStatus: 'loading' | 'ready' | 'error';
  profilesError: ApiError | null;

  loadProfiles(): Promise<void>;
  /** Saves the profile, then its secrets if any changed; the result carries the stored profile. */
  saveProfile(draft: ProfileDraft, secrets?: SecretsPatch): Promise<ApiResult<Profile>>;
  /** Seals secrets into a saved profile (e.g. one that just worked for a single attempt); the result is the profile as stored. */
  saveSecrets(profileId: string, secrets: SecretsPatch): Promise<ApiResult<Profile>>;
  deleteProfile(id: string): Promise<ApiResult<{ id: string }>>;
  duplicateProfile(id: string): Promise<ApiResult<Profile>>;
  /** Moves a profile one place up or down among the profiles of its group. */
  moveProfile(id: string, delta: -1 | 1): Promise<ApiResult<Profile[]>>;
  /**
   * Puts a profile into `groupId` (null: the top level), before the profile `beforeId`, or
   * after the last one of that group when null (drag and drop in the sidebar).
   */
  placeProfile(id: string, groupId: string | null, beforeId: string | null): Promise<ApiResult<Profile[]>>;
  saveGroup(draft: GroupDraft): Promise<ApiResult<Group>>;
  /** Stores a new group order (groups not listed keep their order, after those listed). */
  reorderGroups(ids: string[]): Promise<ApiResult<Group[]>>;
  /** Moves a group one place up or down. */
  moveGroup(id: string, delta: -1 | 1): Promise<ApiResult<Group[]>>;
  deleteGroup(id: string): Promise<ApiResult<{ id: string }>>;
  toggleGroup(id: string): Promise<void>;
  /** Sends a file's bytes to the host once; the answer is its summary, never the bytes. */
  importFile(slot: MaterialSlot, file: FileSource): Promise<ApiResult<MaterialRef>>;
  /** Imports a file the user dropped or chose in the page: by path where the host can read it, else by bytes. */
  importPageFile(slot: MaterialSlot, file: PageFile): Promise<ApiResult<MaterialRef>>;
  /** Lets the host show its native open dialog (desktop app only). */
  pickFile(slot: MaterialSlot): Promise<ApiResult<MaterialRef>>;
  /** Lets the host show a save dialog for a TLS key log file (desktop app only); the path chosen. */
  pickKeyLogFile(suggestedName: string): Promise<ApiResult<{ path: string }>>;
  /** Event from the host: the full lists changed. */
  applyProfilesChanged(payload: EventPayload<'profiles:changed'>): void;
}

const hasSecretChange = (s: SecretsPatch | undefined): s is SecretsPatch =>
  !!s && (s.passphrase !== undefined || s.password !== undefined || s.pfxPassword !== undefined);

export const createProfilesSlice: SliceFactory<ProfilesSlice> = (api) => (set, get) => {
  const pending: PendingMoves = { profiles: 0, groups: 0 };
  const upsert = (p: Profile) =>
    set((s) => {
      const i = s.profiles.findIndex((x) => x.id === p.id);
      if (i < 0) return { profiles: [...s.profiles, p] };
      const profiles = s.profiles.slice();
      profiles[i] = p;
      return { profiles };
    });

  const moveProfileNow = async (id: string, delta: -1 | 1): Promise<ApiResult<Profile[]>> => {
    const all = get().profiles;
    const me = all.find((p) => p.id === id);
    if (!me) return { ok: false, error: { code: 'not-found', message: `no profile ${id}` } };
    const siblings = all.filter((p) => p.groupId === me.groupId);
    const j = siblings.findIndex((p) => p.id === id) + delta;
    const other = siblings[j];
    if (!other) return { ok: true, value: all };
    const ids = all.map((p) => p.id);
    const a = ids.indexOf(id);
    const b = ids.indexOf(other.id);
    [ids[a], ids[b]] = [ids[b] as string, ids[a] as string];
    // Show the move at once; the host's answer (or the old order on error) settles it.
    set({ profiles: ids.map((x) => all.find((p) => p.id === x) as Profile) });
    const r = await api.profiles.reorder({ ids });
    set({ profiles: r.ok ? r.value : all });
    return r;
  };

  return {
    profiles: [],
    groups: [],
    profilesStatus: 'loading',
    profilesError: null,

    async loadProfiles() {
      const [profiles, groups] = await Promise.all([api.profiles.list(), api.groups.list()]);
      if (!profiles.ok) return set({ profilesStatus: 'error', profilesError: profiles.error });
      if (!groups.ok) return set({ profilesStatus: 'error', profilesError: groups.error });
      set({ profiles: profiles.value, groups: groups.value, profilesStatus: 'ready', profilesError: null });
    },

    async saveProfile(draft, secrets) {
      const saved = await api.profiles.save(draft);
      if (!saved.ok) return saved;
      let profile = saved.value;
      if (hasSecretChange(secrets)) {
        const flags = await api.secrets.set({ profileId: profile.id, ...secrets });
        if (!flags.ok) {
          upsert(profile);
          return flags;
        }
        profile = { ...profile, secrets: flags.value satisfies SecretFlags };
        // A new key passphrase or PKCS#12 password lets the host open the key or bundle again:
        // its card then shows the certificate (CN, issuer, validity) or that the secret is wrong.
        if (secrets?.passphrase !== undefined || secrets?.pfxPassword !== undefined) {
          const reread = await api.profiles.get({ id: profile.id });
          if (reread.ok) profile = reread.value;
        }
      }
      upsert(profile);
      return { ok: true, value: profile };
    },

    async saveSecrets(profileId, secrets) {
      const flags = await api.secrets.set({ profileId, ...secrets });
      if (!flags.ok) return flags;
      // Read back: a key or bundle the new secret opens now shows its certificate.
      const reread = await api.profiles.get({ id: profileId });
      if (reread.ok) upsert(reread.value);
      return reread;
    },

    async deleteProfile(id) {
      const r = await api.profiles.delete({ id });
      if (r.ok) {
        set((s) => ({ profiles: s.profiles.filter((p) => p.id !== id) }));
        get().forgetReports([id]);
        get().forgetConnection(id);
      }
      return r;
    },

    async duplicateProfile(id) {
      const r = await api.profiles.duplicate({ id });
      if (r.ok) {
        // The copy goes right after its original, where the user is looking.
        const ids = get()
          .profiles.map((p) => p.id)
          .filter((x) => x !== r.value.id);
        ids.splice(ids.indexOf(id) + 1, 0, r.value.id);
        upsert(r.value);
        const reordered = await api.profiles.reorder({ ids });
        if (reordered.ok) set({ profiles: reordered.value });
      }
      return r;
    },

    ...orderActions(api, set, get, pending),

    moveProfile: (id, delta) => {
      pending.profiles += 1;
      return moveProfileNow(id, delta).finally(() => {
        pending.profiles -= 1;
      });
    },

    async saveGroup(draft) {
      const r = await api.groups.save(draft);
      if (r.ok) {
        set((s) => {
          const i = s.groups.findIndex((g) => g.id === r.value.id);
          if (i < 0) return { groups: [...s.groups, r.value] };
          const groups = s.groups.slice();
          groups[i] = r.value;
          return { groups };
        });
      }
      return r;
    },

    async deleteGroup(id) {
      const r = await api.groups.delete({ id });
      if (r.ok) {
        set((s) => ({
          groups: s.groups.filter((g) => g.id !== id),
          profiles: s.profiles.map((p) => (p.groupId === id ? { ...p, groupId: null } : p)),
        }));
      }
      return r;
    },

    async toggleGroup(id) {
      const g = get().groups.find((x) => x.id === id);
      if (g) await get().saveGroup({ id, name: g.name, collapsed: !g.collapsed });
    },

    importFile(slot, file) {
      return api.files.import({ slot, file });
    },

    async importPageFile(slot, file) {
      const path = api.pathForFile(file);
      if (path) return api.files.import({ slot, file: { source: 'path', path } });
      if (file.size > MAX_FILE_BYTES) {
        return { ok: false, error: { code: 'file-too-large', message: `${file.name} is larger than ${MAX_FILE_BYTES / 1024} KiB` } };
      }
      return api.files.import({ slot, file: { source: 'bytes', fileName: file.name, base64: await fileToBase64(file) } });
    },

    pickFile(slot) {
      return api.files.pick({ slot });
    },

    pickKeyLogFile(suggestedName) {
      return api.files.pickKeyLog({ suggestedName });
    },

    applyProfilesChanged({ profiles, groups }) {
      // The host tells every change before it answers the request that made it: with a move still
      // on its way, an earlier change's list must not put the screen back (the move's answer settles it).
      set((s) => ({
        profiles: pending.profiles ? inShownOrder(s.profiles, profiles) : profiles,
        groups: pending.groups ? inShownOrder(s.groups, groups) : groups,
        profilesStatus: 'ready',
        profilesError: null,
      }));
    },
  };
};
