/**
 * What a drop in the sidebar means: the ids dnd-kit sees (a group or a profile, each prefixed so
 * the two never meet), which targets a dragged item may land on, and where a dropped item goes.
 */
import type { Group, Profile } from '../../../shared/profile/profile';

export type DragKind = 'group' | 'profile';

export const dragId = (kind: DragKind, id: string) => `${kind}:${id}`;

/** The kind and id of a dnd-kit id made by `dragId`; null for anything else. */
export function parseDragId(raw: string | number): { kind: DragKind; id: string } | null {
  const text = String(raw);
  const colon = text.indexOf(':');
  const kind = text.slice(0, colon);
  if (colon < 0 || (kind !== 'group' && kind !== 'profile')) return null;
  return { kind, id: text.slice(colon + 1) };
}

/** The group order after dropping group `activeId` on group `overId` (sortable list semantics). */
export function groupOrderAfterDrop(groups: readonly Group[], activeId: string, overId: string): string[] | null {
  const ids = groups.map((g) => g.id);
  const from = ids.indexOf(activeId);
  const to = ids.indexOf(overId);
  if (from < 0 || to < 0 || from === to) return null;
  ids.splice(from, 1);
  ids.splice(to, 0, activeId);
  return ids;
}

/**
 * Where profile `activeId` goes when dropped on `over`: on a profile, into that profile's group,
 * in its place (after it when moving down the same group, as a sortable list does); on a group,
 * at the end of that group. Null when nothing changes.
 */
export function profilePlaceAfterDrop(
  profiles: readonly Profile[],
  activeId: string,
  over: { kind: DragKind; id: string },
): { groupId: string | null; beforeId: string | null } | null {
  const me = profiles.find((p) => p.id === activeId);
  if (!me) return null;
  if (over.kind === 'group') return me.groupId === over.id ? null : { groupId: over.id, beforeId: null };
  const target = profiles.find((p) => p.id === over.id);
  if (!target || target.id === me.id) return null;
  const from = profiles.indexOf(me);
  const to = profiles.indexOf(target);
  if (target.groupId === me.groupId && from < to) {
    // Moving down its own group: it lands after the target.
    return { groupId: target.groupId, beforeId: profiles[to + 1]?.id ?? null };
  }
  return { groupId: target.groupId, beforeId: target.id };
}
