/** Drag-and-drop placing of profiles and the order of groups, as actions of the profiles slice. */
import type { KeyholeApi } from '../../shared/ipc/contract';
import type { Profile, ProfileDraft } from '../../shared/profile/profile';
import type { AppState } from './app-store';
import type { ProfilesSlice } from './profiles-slice';

type Set = (partial: Partial<AppState>) => void;

/** The profile list with `me` moved into `groupId`, before `beforeId`, or after the last of that group when null. */
function placed(all: readonly Profile[], me: Profile, groupId: string | null, beforeId: string | null): Profile[] {
  const rest = all.filter((p) => p.id !== me.id);
  const before = beforeId === null ? -1 : rest.findIndex((p) => p.id === beforeId);
  const lastOfGroup = rest.findLastIndex((p) => p.groupId === groupId);
  const at = before >= 0 ? before : lastOfGroup >= 0 ? lastOfGroup + 1 : rest.length;
  return [...rest.slice(0, at), { ...me, groupId }, ...rest.slice(at)];
}

/** A saved profile as a draft that changes only its group. */
function draftIn(p: Profile, groupId: string | null): ProfileDraft {
  const { id, name, settings, material, missingFiles, expect, notes } = p;
  return {
    id,
    name,
    groupId,
    settings,
    material,
    ...(missingFiles ? { missingFiles } : {}),
    ...(expect ? { expect } : {}),
    ...(notes !== undefined ? { notes } : {}),
  };
}

/** Moves sent to the host and not yet answered, of profiles and of groups. */
export interface PendingMoves {
  profiles: number;
  groups: number;
}

/**
 * The host's latest list in the order the screen shows (a move not yet answered), with each
 * profile still in the group it was moved to; what the screen does not show yet goes last.
 */
export function inShownOrder<T extends { id: string; groupId?: string | null }>(shown: readonly T[], incoming: readonly T[]): T[] {
  const place = new Map(shown.map((x, i) => [x.id, i]));
  const mine = new Map(shown.map((x) => [x.id, x]));
  return incoming
    .map((x, i) => {
      const local = mine.get(x.id);
      const kept = local && 'groupId' in local ? { ...x, groupId: local.groupId } : x;
      return { x: kept, at: place.get(x.id) ?? shown.length + i };
    })
    .sort((a, b) => a.at - b.at)
    .map((e) => e.x);
}

/** Counts a move as pending while `work` runs. */
async function pendingWhile<T>(pending: PendingMoves, kind: keyof PendingMoves, work: () => Promise<T>): Promise<T> {
  pending[kind] += 1;
  try {
    return await work();
  } finally {
    pending[kind] -= 1;
  }
}

/** `placeProfile`, `reorderGroups` and `moveGroup` over the host's `profiles:save`, `profiles:reorder` and `groups:reorder`. */
export function orderActions(
  api: KeyholeApi,
  set: Set,
  get: () => AppState,
  pending: PendingMoves,
): Pick<ProfilesSlice, 'placeProfile' | 'reorderGroups' | 'moveGroup'> {
  // A move made while an earlier one still waits for the host wins: the earlier answer must not put the list back.
  let profileMoves = 0;
  let groupMoves = 0;
  return {
    placeProfile: (id, groupId, beforeId) =>
      pendingWhile(pending, 'profiles', async () => {
        const all = get().profiles;
        const me = all.find((p) => p.id === id);
        if (!me) return { ok: false, error: { code: 'not-found', message: `no profile ${id}` } };
        const next = placed(all, me, groupId, beforeId);
        const mine = ++profileMoves;
        // Show the move at once; the host's answers (or the old order on error) settle it.
        set({ profiles: next });
        if (me.groupId !== groupId) {
          const saved = await api.profiles.save(draftIn(me, groupId));
          if (!saved.ok) {
            if (mine === profileMoves) set({ profiles: all });
            return saved;
          }
        }
        const r = await api.profiles.reorder({ ids: next.map((p) => p.id) });
        if (mine === profileMoves) set({ profiles: r.ok ? r.value : all });
        return r;
      }),

    reorderGroups: (ids) =>
      pendingWhile(pending, 'groups', async () => {
        const all = get().groups;
        const rank = new Map(ids.map((x, i) => [x, i]));
        const mine = ++groupMoves;
        set({ groups: [...all].sort((a, b) => (rank.get(a.id) ?? ids.length) - (rank.get(b.id) ?? ids.length)) });
        const r = await api.groups.reorder({ ids });
        if (mine === groupMoves) set({ groups: r.ok ? r.value : all });
        return r;
      }),

    async moveGroup(id, delta) {
      const ids = get().groups.map((g) => g.id);
      const a = ids.indexOf(id);
      const b = a + delta;
      if (a < 0 || b < 0 || b >= ids.length) return { ok: true, value: get().groups };
      [ids[a], ids[b]] = [ids[b] as string, ids[a] as string];
      return get().reorderGroups(ids);
    },
  };
}
