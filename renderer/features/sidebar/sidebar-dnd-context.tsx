import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type DroppableContainer,
  type UniqueIdentifier,
  type KeyboardCoordinateGetter,
} from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from '@dnd-kit/sortable';
import type { ReactNode } from 'react';
import { selectGroups, selectProfiles } from '../../store/selectors';
import { useT } from '../../i18n/use-t';
import { useActions, useAppStore } from '../../store/store-context';
import { dragId, groupOrderAfterDrop, parseDragId, profilePlaceAfterDrop, type DragKind } from './sidebar-dnd';

/** Only targets of the dragged item's kind count for a group; a profile lands on a profile, or on a group to join it. */
const accepts = (active: DragKind, target: DragKind) => active === 'profile' || target === 'group';
const kindOf = (id: string | number): DragKind | null => parseDragId(id)?.kind ?? null;

const collision: CollisionDetection = (args) => {
  const active = kindOf(args.active.id);
  const candidates = args.droppableContainers.filter((c) => {
    const k = kindOf(c.id);
    return active !== null && k !== null && accepts(active, k);
  });
  if (active === 'profile') {
    // A profile under the pointer wins over the group around it; else the group the pointer is in.
    const within = pointerWithin({ ...args, droppableContainers: candidates });
    const profile = within.find((c) => kindOf(c.id) === 'profile');
    if (profile) return [profile];
    if (within.length > 0) return within;
  }
  return closestCenter({ ...args, droppableContainers: candidates });
};

/** The arrow keys move a dragged group among the groups only. */
const keyboardCoordinates: KeyboardCoordinateGetter = (event, args) => {
  const active = args.active === null ? null : kindOf(args.active);
  const all = args.context.droppableContainers;
  // A map of the same class holding only the targets of the dragged kind (it is a Map subclass, so a copy, not a wrapper).
  const Same = all.constructor as new (entries: Iterable<[UniqueIdentifier, DroppableContainer]>) => typeof all;
  const mine = new Same([...all.entries()].filter(([id]) => active !== null && kindOf(id) === active));
  return sortableKeyboardCoordinates(event, { ...args, context: { ...args.context, droppableContainers: mine } });
};

/** Drag and drop for the sidebar: groups reorder by their handle (pointer or keyboard); profiles move by pointer. */
export function SidebarDndContext({ children }: { children: ReactNode }) {
  const profiles = useAppStore(selectProfiles);
  const groups = useAppStore(selectGroups);
  const { placeProfile, reorderGroups, notify } = useActions();
  const { t } = useT('sidebar');
  const sensors = useSensors(
    // A few pixels of movement before a drag starts, so a click still opens the profile.
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: keyboardCoordinates }),
  );
  const nameOf = (raw: string | number | undefined) => {
    const parsed = raw === undefined ? null : parseDragId(raw);
    if (!parsed) return t('dnd.nothing');
    const name = parsed.kind === 'group' ? groups.find((g) => g.id === parsed.id)?.name : profiles.find((p) => p.id === parsed.id)?.name;
    return t(parsed.kind === 'group' ? 'dnd.group' : 'dnd.profile', { name: name ?? parsed.id });
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => t('dnd.pickedUp', { what: nameOf(active.id) }),
    onDragOver: ({ active, over }) =>
      over ? t('dnd.over', { what: nameOf(active.id), place: nameOf(over.id) }) : t('dnd.overNothing', { what: nameOf(active.id) }),
    onDragEnd: ({ active, over }) =>
      over ? t('dnd.dropped', { what: nameOf(active.id), place: nameOf(over.id) }) : t('dnd.putBack', { what: nameOf(active.id) }),
    onDragCancel: ({ active }) => t('dnd.cancelled', { what: nameOf(active.id) }),
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const from = parseDragId(active.id);
    const to = over ? parseDragId(over.id) : null;
    if (!from || !to) return;
    const done = (r: { ok: boolean; error?: { message: string } }) => {
      if (!r.ok) notify('red', r.error?.message ?? t('dnd.saveFailed'));
    };
    if (from.kind === 'group' && to.kind === 'group') {
      const ids = groupOrderAfterDrop(groups, from.id, to.id);
      if (ids) void reorderGroups(ids).then(done);
    } else if (from.kind === 'profile') {
      const place = profilePlaceAfterDrop(profiles, from.id, to);
      if (place) void placeProfile(from.id, place.groupId, place.beforeId).then(done);
    }
  };

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collision}
      onDragEnd={onDragEnd}
      accessibility={{
        announcements,
        screenReaderInstructions: {
          draggable: t('dnd.instructions'),
        },
      }}
    >
      <SortableContext items={groups.map((g) => dragId('group', g.id))} strategy={verticalListSortingStrategy}>
        {children}
      </SortableContext>
    </DndContext>
  );
}
