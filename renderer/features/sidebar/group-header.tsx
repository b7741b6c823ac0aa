import { ActionIcon, Group, Menu, Text, Tooltip, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useRef, type KeyboardEvent } from 'react';
import type { Group as ProfileGroup } from '../../../shared/profile/profile';
import { selectGroupMemberIds } from '../../store/selectors';
import { useActions, useAppStoreShallow } from '../../store/store-context';
import { useT } from '../../i18n/use-t';
import type { DragHandle } from './sortable-group';

export interface GroupHeaderProps {
  group: ProfileGroup;
  count: number;
  onRename: () => void;
  /** The drag handle (drag and drop, or Space and the arrow keys on it). */
  handle?: DragHandle;
  first: boolean;
  last: boolean;
}

/** A group's title row: drag handle, collapse toggle, count, and a menu to add, rename, move or delete. */
export function GroupHeader({ group, count, onRename, handle, first, last }: GroupHeaderProps) {
  const { toggleGroup, deleteGroup, moveGroup, navigate, notify, openDialog } = useActions();
  const memberIds = useAppStoreShallow(selectGroupMemberIds(group.id));
  const { t } = useT('sidebar');
  const toggle = useRef<HTMLButtonElement>(null);
  const move = async (delta: -1 | 1) => {
    const r = await moveGroup(group.id, delta);
    if (!r.ok) notify('red', r.error.message);
    // The row moved in the list; the keyboard stays on it.
    toggle.current?.focus();
  };
  // Alt+Up / Alt+Down move the focused group one place, as in VS Code's lists.
  const onKeyDown = (e: KeyboardEvent) => {
    if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
    e.preventDefault();
    if (e.key === 'ArrowUp' ? !first : !last) void move(e.key === 'ArrowUp' ? -1 : 1);
  };
  return (
    <Group gap={4} wrap="nowrap" px={6} mt="xs" data-testid="group-header" data-group-name={group.name}>
      {handle && (
        <Tooltip label={t('group.dragTip')} openDelay={500} disabled={handle.dragging} withinPortal>
          <ActionIcon
            ref={handle.ref}
            {...handle.attributes}
            {...handle.listeners}
            variant="subtle"
            color="gray"
            size="sm"
            aria-label={t('group.reorder', { name: group.name })}
            data-testid="group-drag-handle"
            style={{ cursor: handle.dragging ? 'grabbing' : 'grab', touchAction: 'none' }}
          >
            ⠿
          </ActionIcon>
        </Tooltip>
      )}
      <UnstyledButton
        ref={toggle}
        onKeyDown={onKeyDown}
        data-row-focus
        aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown"
        onClick={() => void toggleGroup(group.id)}
        aria-expanded={!group.collapsed}
        style={{ flex: 1, minWidth: 0 }}
        py={4}
        title={group.name}
      >
        {/* The name comes from the text shown (WCAG 2.5.3), with the action for screen readers. */}
        <Group gap={6} wrap="nowrap">
          <Text fz="xs" c="dimmed" w={10} aria-hidden>
            {group.collapsed ? '▸' : '▾'}
          </Text>
          <Text fz="xs" fw={700} tt="uppercase" c="dimmed" truncate="end">
            <VisuallyHidden>{group.collapsed ? t('group.expand') : t('group.collapse')}</VisuallyHidden>
            {group.name}
          </Text>
          <Text fz="xs" c="dimmed">
            {count}
          </Text>
          <VisuallyHidden>{t('group.connections', { count })}</VisuallyHidden>
        </Group>
      </UnstyledButton>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('group.actions', { name: group.name })}>
            ⋮
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => navigate({ kind: 'new', groupId: group.id })}>{t('group.newHere')}</Menu.Item>
          <Menu.Item onClick={onRename}>{t('group.rename')}</Menu.Item>
          <Menu.Item disabled={first} onClick={() => void move(-1)}>
            {t('group.moveUp')}
          </Menu.Item>
          <Menu.Item disabled={last} onClick={() => void move(1)}>
            {t('group.moveDown')}
          </Menu.Item>
          <Menu.Item disabled={memberIds.length === 0} onClick={() => openDialog({ kind: 'export', profileIds: memberIds })}>
            {t('group.export')}
          </Menu.Item>
          <Menu.Item
            color="red"
            onClick={() =>
              void deleteGroup(group.id).then((r) =>
                notify(r.ok ? 'blue' : 'red', r.ok ? t('group.deleted', { name: group.name }) : r.error.message),
              )
            }
          >
            {t('group.delete')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}
