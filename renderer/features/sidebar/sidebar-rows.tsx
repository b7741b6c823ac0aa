/**
 * The rows of the connection list below the search: every row in the page for a short list, only
 * the rows in view (and a few around them) from VIRTUAL_FROM profiles on. Both sit in the same
 * drag and drop; the arrow keys move between rows, Home and End go to the first and the last.
 */
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, type KeyboardEvent, type RefObject } from 'react';
import type { Group as ProfileGroup, Profile } from '../../../shared/profile/profile';
import { GroupHeader } from './group-header';
import { ProfileListItem } from './profile-list-item';
import { dragId } from './sidebar-dnd';
import { SidebarDndContext } from './sidebar-dnd-context';
import { SortableGroup } from './sortable-group';
import { SortableProfile } from './sortable-profile';

/** From this many saved profiles on, only the rows in view are in the page. */
export const VIRTUAL_FROM = 100;

export interface SidebarRowsProps {
  /** Profiles outside any group, in order (after the search). */
  top: readonly Profile[];
  groups: readonly ProfileGroup[];
  /** Each group's profiles, in order (after the search). */
  byGroup: ReadonlyMap<string | null, readonly Profile[]>;
  search: string;
  current: string | null;
  onDelete: (profile: Profile) => void;
  onRename: (group: ProfileGroup) => void;
}

type Row =
  | { kind: 'profile'; profile: Profile; first: boolean; last: boolean }
  | { kind: 'group'; group: ProfileGroup; count: number; first: boolean; last: boolean };

/** The list as the rows it shows, top to bottom: a group's header, then its profiles unless collapsed. */
function rowsOf({ top, groups, byGroup, search }: Pick<SidebarRowsProps, 'top' | 'groups' | 'byGroup' | 'search'>): Row[] {
  const profileRows = (items: readonly Profile[]): Row[] =>
    items.map((profile, i) => ({ kind: 'profile', profile, first: i === 0, last: i === items.length - 1 }));
  const rows = profileRows(top);
  groups.forEach((group, i) => {
    const items = byGroup.get(group.id) ?? [];
    if (search && items.length === 0) return;
    rows.push({ kind: 'group', group, count: items.length, first: i === 0, last: i === groups.length - 1 });
    if (!group.collapsed) rows.push(...profileRows(items));
  });
  return rows;
}

/** The element that takes the keyboard in a row: a profile's open button, a group's toggle. */
const focusTarget = (row: Element | null | undefined) => row?.querySelector<HTMLElement>('[data-row-focus]') ?? null;

/** The row index the arrow keys, Home and End go to from `from` among `count` rows; null for other keys. */
function nextIndex(key: string, from: number, count: number): number | null {
  const to = key === 'ArrowDown' ? from + 1 : key === 'ArrowUp' ? from - 1 : key === 'Home' ? 0 : key === 'End' ? count - 1 : null;
  return to === null ? null : Math.max(0, Math.min(count - 1, to));
}

/** The index of the row holding the focused element when that element is the row's own target; else -1. */
function focusedRowIndex(event: KeyboardEvent, rows: readonly Element[]): number {
  if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return -1;
  const target = event.target as HTMLElement;
  if (!target.hasAttribute('data-row-focus')) return -1;
  return rows.findIndex((row) => row.contains(target));
}

/** A group's header on its own (its profiles are rows of their own), sortable among the groups. */
function GroupRow({ row, onRename }: { row: Extract<Row, { kind: 'group' }>; onRename: () => void }) {
  return (
    <SortableGroup group={row.group} profileIds={[]}>
      {(handle) => (
        <GroupHeader group={row.group} count={row.count} onRename={onRename} handle={handle} first={row.first} last={row.last} />
      )}
    </SortableGroup>
  );
}

/** Every row in the page, each group a block around its profiles. */
export function AllRows(props: SidebarRowsProps) {
  const { top, groups, byGroup, search, current, onDelete, onRename } = props;
  const list = (items: readonly Profile[]) =>
    items.map((p, i) => (
      <SortableProfile key={p.id} profileId={p.id}>
        <ProfileListItem profile={p} selected={p.id === current} onDelete={onDelete} first={i === 0} last={i === items.length - 1} />
      </SortableProfile>
    ));
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const targets = [...event.currentTarget.querySelectorAll<HTMLElement>('[data-row-focus]')];
    const from = focusedRowIndex(event, targets);
    const to = from < 0 ? null : nextIndex(event.key, from, targets.length);
    if (to === null) return;
    event.preventDefault();
    targets[to]?.focus();
  };
  return (
    <div onKeyDown={onKeyDown} style={{ display: 'contents' }}>
      <SidebarDndContext>
        <SortableContext items={top.map((p) => dragId('profile', p.id))} strategy={verticalListSortingStrategy}>
          {list(top)}
        </SortableContext>
        {groups.map((g, i) => {
          const items = byGroup.get(g.id) ?? [];
          if (search && items.length === 0) return null;
          return (
            <SortableGroup key={g.id} group={g} profileIds={g.collapsed ? [] : items.map((p) => p.id)}>
              {(handle) => (
                <>
                  <GroupHeader
                    group={g}
                    count={items.length}
                    onRename={() => onRename(g)}
                    handle={handle}
                    first={i === 0}
                    last={i === groups.length - 1}
                  />
                  {!g.collapsed && list(items)}
                </>
              )}
            </SortableGroup>
          );
        })}
      </SidebarDndContext>
    </div>
  );
}

/** Only the rows in view are in the page; a row scrolled to by the keyboard is put there first. */
export function VirtualRows(props: SidebarRowsProps & { viewport: RefObject<HTMLDivElement | null> }) {
  const { current, onDelete, onRename, viewport } = props;
  const { top, groups, byGroup, search } = props;
  const rows = useMemo(() => rowsOf({ top, groups, byGroup, search }), [top, groups, byGroup, search]);
  // One sortable list of every profile shown, in the order shown; the groups sort among themselves.
  const profileIds = useMemo(() => rows.flatMap((r) => (r.kind === 'profile' ? [dragId('profile', r.profile.id)] : [])), [rows]);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => viewport.current,
    estimateSize: (i) => (rows[i]?.kind === 'group' ? 40 : 58),
    getItemKey: (i) => {
      const row = rows[i]!;
      return row.kind === 'group' ? dragId('group', row.group.id) : dragId('profile', row.profile.id);
    },
    overscan: 8,
  });
  const container = viewport.current;
  const rowAt = (index: number) => container?.querySelector(`[data-row-index="${index}"]`);
  const focusRow = (index: number, tries = 10) => {
    const target = focusTarget(rowAt(index));
    if (target) target.focus();
    else if (tries > 0) requestAnimationFrame(() => focusRow(index, tries - 1));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const shown = [...event.currentTarget.querySelectorAll('[data-row-index]')];
    const at = focusedRowIndex(event, shown);
    const to = at < 0 ? null : nextIndex(event.key, Number(shown[at]!.getAttribute('data-row-index')), rows.length);
    if (to === null) return;
    event.preventDefault();
    virtual.scrollToIndex(to, { align: 'auto' });
    focusRow(to);
  };
  return (
    <SidebarDndContext>
      <div onKeyDown={onKeyDown} data-virtual style={{ height: virtual.getTotalSize(), position: 'relative' }}>
        {virtual.getVirtualItems().map((item) => {
          const row = rows[item.index]!;
          return (
            <div
              key={item.key}
              ref={virtual.measureElement}
              data-index={item.index}
              data-row-index={item.index}
              // flow-root: a row's own margin stays inside the box that is measured.
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                width: '100%',
                display: 'flow-root',
                paddingBottom: 2,
                transform: `translateY(${item.start}px)`,
              }}
            >
              {row.kind === 'group' ? (
                <GroupRow row={row} onRename={() => onRename(row.group)} />
              ) : (
                <SortableContext items={profileIds} strategy={verticalListSortingStrategy}>
                  <SortableProfile profileId={row.profile.id}>
                    <ProfileListItem
                      profile={row.profile}
                      selected={row.profile.id === current}
                      onDelete={onDelete}
                      first={row.first}
                      last={row.last}
                    />
                  </SortableProfile>
                </SortableContext>
              )}
            </div>
          );
        })}
      </div>
    </SidebarDndContext>
  );
}
