import { ActionIcon, Group, Menu, Stack, Text, UnstyledButton } from '@mantine/core';
import type { Profile } from '../../../shared/profile/profile';
import { selectConnection, selectGroups } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { StatusDot } from '../../ui/status-dot';

export interface ProfileListItemProps {
  profile: Profile;
  selected: boolean;
  onDelete: (profile: Profile) => void;
  first: boolean;
  last: boolean;
}

/** One profile in the sidebar: status dot, name, host; a menu for the rest. */
export function ProfileListItem({ profile, selected, onDelete, first, last }: ProfileListItemProps) {
  const conn = useAppStore(selectConnection(profile.id));
  const groups = useAppStore(selectGroups);
  const { navigate, duplicateProfile, moveProfile, saveProfile, notify, openDialog } = useActions();
  const s = profile.settings;

  const moveToGroup = async (groupId: string | null) => {
    const { id, name, settings, material, expect, notes } = profile;
    const r = await saveProfile({ id, name, groupId, settings, material, ...(expect ? { expect } : {}), ...(notes ? { notes } : {}) });
    if (!r.ok) notify('red', r.error.message);
  };

  return (
    <Group
      gap={4}
      wrap="nowrap"
      px={6}
      py={2}
      data-testid="profile-item"
      data-profile-name={profile.name}
      data-selected={selected || undefined}
      style={{
        borderRadius: 'var(--mantine-radius-sm)',
        background: selected ? 'var(--mantine-color-default-hover)' : undefined,
        borderLeft: selected ? '3px solid var(--mantine-primary-color-filled)' : '3px solid transparent',
      }}
    >
      <UnstyledButton
        onClick={() => navigate({ kind: 'connection', profileId: profile.id })}
        aria-label={`Open ${profile.name}`}
        aria-current={selected ? 'page' : undefined}
        style={{ flex: 1, minWidth: 0 }}
        py={6}
      >
        <Group gap="sm" wrap="nowrap">
          <StatusDot state={conn.state} />
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text fz="sm" fw={500} truncate="end">
              {profile.name}
            </Text>
            <Text fz="xs" c="dimmed" truncate="end">
              {s.protocol}://{s.host}:{s.port}
            </Text>
          </Stack>
        </Group>
      </UnstyledButton>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" size="sm" aria-label={`Actions for ${profile.name}`}>
            ⋮
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => navigate({ kind: 'edit', profileId: profile.id })}>Edit</Menu.Item>
          <Menu.Item
            onClick={() =>
              void duplicateProfile(profile.id).then((r) =>
                r.ok ? navigate({ kind: 'connection', profileId: r.value.id }) : notify('red', r.error.message),
              )
            }
          >
            Duplicate
          </Menu.Item>
          <Menu.Item onClick={() => openDialog({ kind: 'export', profileIds: [profile.id] })}>Export…</Menu.Item>
          <Menu.Item disabled={first} onClick={() => void moveProfile(profile.id, -1)}>
            Move up
          </Menu.Item>
          <Menu.Item disabled={last} onClick={() => void moveProfile(profile.id, 1)}>
            Move down
          </Menu.Item>
          {(groups.length > 0 || profile.groupId) && <Menu.Label>Move to group</Menu.Label>}
          {profile.groupId && <Menu.Item onClick={() => void moveToGroup(null)}>No group</Menu.Item>}
          {groups
            .filter((g) => g.id !== profile.groupId)
            .map((g) => (
              <Menu.Item key={g.id} onClick={() => void moveToGroup(g.id)}>
                {g.name}
              </Menu.Item>
            ))}
          <Menu.Divider />
          <Menu.Item color="red" onClick={() => onDelete(profile)}>
            Delete…
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}
