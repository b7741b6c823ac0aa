import { ActionIcon, Anchor, Button, Group, Menu, ScrollArea, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { Group as ProfileGroup, Profile } from '../../../shared/profile/profile';
import { selectCurrentProfileId, selectGroups, selectProfiles, selectProfilesStatus, selectSearch } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { ColorSchemeToggle } from '../../ui/color-scheme-toggle';
import { DeleteProfileModal } from './delete-profile-modal';
import { GroupHeader } from './group-header';
import { GroupNameModal } from './group-name-modal';
import { ProfileListItem } from './profile-list-item';

function matches(p: Profile, q: string): boolean {
  if (!q) return true;
  const s = p.settings;
  const hay = [
    p.name,
    s.host,
    `${s.host}:${s.port}`,
    s.clientId,
    s.username ?? '',
    p.material.cert?.summary?.commonName ?? '',
    p.material.pfx?.summary?.commonName ?? '',
  ]
    .join('\n')
    .toLowerCase();
  return hay.includes(q.toLowerCase());
}

/** The connection list on the left: search, groups, new / duplicate / delete / reorder. */
export function ConnectionSidebar() {
  const profiles = useAppStore(selectProfiles);
  const groups = useAppStore(selectGroups);
  const status = useAppStore(selectProfilesStatus);
  const search = useAppStore(selectSearch);
  const current = useAppStore(selectCurrentProfileId);
  const { setSearch, navigate, openDialog } = useActions();
  const [deleting, setDeleting] = useState<Profile | null>(null);
  const [naming, setNaming] = useState<ProfileGroup | null | undefined>(undefined);

  const visible = useMemo(() => profiles.filter((p) => matches(p, search.trim())), [profiles, search]);
  const byGroup = useMemo(() => {
    const m = new Map<string | null, Profile[]>();
    for (const p of visible) {
      const key = p.groupId && groups.some((g) => g.id === p.groupId) ? p.groupId : null;
      m.set(key, [...(m.get(key) ?? []), p]);
    }
    return m;
  }, [visible, groups]);

  const list = (items: readonly Profile[]) =>
    items.map((p, i) => (
      <ProfileListItem
        key={p.id}
        profile={p}
        selected={p.id === current}
        onDelete={setDeleting}
        first={i === 0}
        last={i === items.length - 1}
      />
    ));

  return (
    <Stack gap="xs" h="100%" p="sm" component="nav" aria-label="Connections">
      <Group justify="space-between" wrap="nowrap">
        <Title order={1} fz="lg">
          Keyhole
        </Title>
        <Group gap={4} wrap="nowrap">
          <ColorSchemeToggle />
          <Tooltip label="New group">
            <ActionIcon variant="subtle" color="gray" onClick={() => setNaming(null)} aria-label="New group">
              ▤
            </ActionIcon>
          </Tooltip>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" aria-label="More: import, export, settings">
                ⋮
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={() => openDialog({ kind: 'import' })}>Import profiles…</Menu.Item>
              <Menu.Item disabled={profiles.length === 0} onClick={() => openDialog({ kind: 'export', profileIds: null })}>
                Export profiles…
              </Menu.Item>
              <Menu.Divider />
              <Menu.Item onClick={() => openDialog({ kind: 'settings' })}>Settings…</Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
      <Stack gap={6}>
        <Button fullWidth onClick={() => navigate({ kind: 'new', groupId: null })} aria-label="New connection" data-testid="new-connection">
          + New connection
        </Button>
        <Tooltip
          label="A bridge configuration (NanoMQ, mosquitto, EMQX) or a mosquitto_sub, mqttx, openssl s_client or keyhole connect line"
          multiline
          w={260}
        >
          <Button
            fullWidth
            size="xs"
            variant="default"
            onClick={() => openDialog({ kind: 'from-config' })}
            aria-label="New from config or command line"
            data-testid="new-from-config"
          >
            From config or command line…
          </Button>
        </Tooltip>
      </Stack>
      <TextInput
        placeholder="Search name, host, CN…"
        aria-label="Search connections"
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        size="xs"
      />
      <ScrollArea style={{ flex: 1 }} type="auto" offsetScrollbars>
        <Stack gap={2} data-testid="profile-list">
          {status === 'loading' && (
            <Text fz="sm" c="dimmed">
              Loading…
            </Text>
          )}
          {status === 'error' && (
            <Text fz="sm" c="red">
              The profiles could not be loaded.
            </Text>
          )}
          {status === 'ready' && profiles.length === 0 && (
            <Text fz="sm" c="dimmed" p="xs">
              No connections yet. Create one to test a broker and an identity, or{' '}
              <Anchor component="button" type="button" fz="sm" onClick={() => openDialog({ kind: 'import' })}>
                import profiles
              </Anchor>
              .
            </Text>
          )}
          {status === 'ready' && profiles.length > 0 && visible.length === 0 && (
            <Text fz="sm" c="dimmed" p="xs">
              Nothing matches “{search}”.
            </Text>
          )}
          {list(byGroup.get(null) ?? [])}
          {groups.map((g) => {
            const items = byGroup.get(g.id) ?? [];
            if (search && items.length === 0) return null;
            return (
              <Stack key={g.id} gap={2}>
                <GroupHeader group={g} count={items.length} onRename={() => setNaming(g)} />
                {!g.collapsed && list(items)}
              </Stack>
            );
          })}
        </Stack>
      </ScrollArea>
      <DeleteProfileModal profile={deleting} onClose={() => setDeleting(null)} />
      <GroupNameModal group={naming} onClose={() => setNaming(undefined)} />
    </Stack>
  );
}
