import { ActionIcon, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import type { Group as ProfileGroup } from '../../../shared/profile/profile';
import { selectGroupMemberIds } from '../../store/selectors';
import { useActions, useAppStoreShallow } from '../../store/store-context';

/** A group's title row: collapse toggle, count, and a menu to add, rename or delete. */
export function GroupHeader({ group, count, onRename }: { group: ProfileGroup; count: number; onRename: () => void }) {
  const { toggleGroup, deleteGroup, navigate, notify, openDialog } = useActions();
  const memberIds = useAppStoreShallow(selectGroupMemberIds(group.id));
  return (
    <Group gap={4} wrap="nowrap" px={6} mt="xs" data-testid="group-header" data-group-name={group.name}>
      <UnstyledButton
        onClick={() => void toggleGroup(group.id)}
        aria-expanded={!group.collapsed}
        aria-label={`${group.collapsed ? 'Expand' : 'Collapse'} group ${group.name}`}
        style={{ flex: 1, minWidth: 0 }}
        py={4}
      >
        <Group gap={6} wrap="nowrap">
          <Text fz="xs" c="dimmed" w={10}>
            {group.collapsed ? '▸' : '▾'}
          </Text>
          <Text fz="xs" fw={700} tt="uppercase" c="dimmed" truncate="end">
            {group.name}
          </Text>
          <Text fz="xs" c="dimmed">
            {count}
          </Text>
        </Group>
      </UnstyledButton>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" size="sm" aria-label={`Actions for group ${group.name}`}>
            ⋮
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => navigate({ kind: 'new', groupId: group.id })}>New connection here</Menu.Item>
          <Menu.Item onClick={onRename}>Rename…</Menu.Item>
          <Menu.Item disabled={memberIds.length === 0} onClick={() => openDialog({ kind: 'export', profileIds: memberIds })}>
            Export group…
          </Menu.Item>
          <Menu.Item
            color="red"
            onClick={() =>
              void deleteGroup(group.id).then((r) =>
                notify(
                  r.ok ? 'blue' : 'red',
                  r.ok ? `Group “${group.name}” removed; its connections moved to the top level` : r.error.message,
                ),
              )
            }
          >
            Delete group
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}
