import { ActionIcon, Badge, Box, Group, Menu, Stack, Text, Tooltip, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useElementSize, useMergedRef } from '@mantine/hooks';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Profile } from '../../../shared/profile/profile';
import { selectConnection, selectGroups } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { useT } from '../../i18n/use-t';
import { dotLook, StatusDot } from '../../ui/status-dot';
import { i18n } from '../../i18n/i18n';

// Called while rendering a component that follows the language (useT), so the instance's `t` is current.
const t = i18n.getFixedT(null, ['sidebar', 'common']);

export interface ProfileListItemProps {
  profile: Profile;
  selected: boolean;
  onDelete: (profile: Profile) => void;
  first: boolean;
  last: boolean;
}

/** Who the profile connects as: its client certificate's CN, else its username. */
export function identityOf(profile: Profile): string | null {
  const cn = profile.material.cert?.summary?.commonName ?? profile.material.pfx?.summary?.commonName;
  if (cn) return t('sidebar:item.cn', { cn });
  return profile.settings.username ? t('sidebar:item.user', { name: profile.settings.username }) : null;
}

/** One profile in the sidebar: status dot, name, identity and host; a menu for the rest. */
export function ProfileListItem({ profile, selected, onDelete, first, last }: ProfileListItemProps) {
  const conn = useAppStore(selectConnection(profile.id));
  const groups = useAppStore(selectGroups);
  const { navigate, duplicateProfile, moveProfile, saveProfile, notify, openDialog } = useActions();
  const s = profile.settings;
  const { t: tUi } = useT('ui');
  const { t } = useT(['sidebar', 'common']);
  const identity = identityOf(profile);
  const missing = profile.missingFiles ?? [];
  const where = `${identity ? `${identity} · ` : ''}${s.protocol}://${s.host}:${s.port}`;
  const [cut, setCut] = useState(false);
  const lines = useRef<HTMLDivElement>(null);
  const { ref: sized, width } = useElementSize<HTMLDivElement>();
  const linesRef = useMergedRef(lines, sized);
  // The full name and host as a tooltip only where the row cuts them off.
  useEffect(() => {
    const texts = lines.current?.querySelectorAll('[data-truncate]') ?? [];
    setCut([...texts].some((l) => l.scrollWidth > l.clientWidth));
  }, [width, where, profile.name]);

  const open = useRef<HTMLButtonElement>(null);
  // Alt+Up / Alt+Down move the focused profile one place in its group; the keyboard stays on it.
  const onKeyDown = (e: KeyboardEvent) => {
    if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
    e.preventDefault();
    const delta = e.key === 'ArrowUp' ? -1 : 1;
    if (delta < 0 ? first : last) return;
    void moveProfile(profile.id, delta).then(() => open.current?.focus());
  };

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
      <Tooltip
        label={
          <>
            {profile.name}
            <br />
            {where}
          </>
        }
        disabled={!cut}
        openDelay={400}
        multiline
        maw={420}
        position="right"
        withinPortal
      >
        <UnstyledButton
          ref={open}
          onKeyDown={onKeyDown}
          aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown"
          onClick={() => navigate({ kind: 'connection', profileId: profile.id })}
          aria-current={selected ? 'page' : undefined}
          data-testid="profile-open"
          data-row-focus
          data-cut={cut || undefined}
          style={{ flex: 1, minWidth: 0 }}
          py={6}
        >
          {/* The name comes from the text shown (WCAG 2.5.3), with "Open" and the state for screen readers. */}
          <Group gap="sm" wrap="nowrap">
            <Box aria-hidden style={{ display: 'flex' }}>
              <StatusDot state={conn.state} />
            </Box>
            <Stack gap={0} style={{ minWidth: 0 }} ref={linesRef}>
              {/* Positioned, so the hidden words sit inside the clipped line, not past the sidebar's edge. */}
              <Text fz="sm" fw={500} truncate="end" data-testid="profile-name" pos="relative">
                <VisuallyHidden>{t('item.open')}</VisuallyHidden>
                {profile.name}
              </Text>
              <Text fz="xs" c="dimmed" truncate="end" data-testid="profile-where" pos="relative">
                {where}
                <VisuallyHidden>, {dotLook(conn.state).label(tUi)}</VisuallyHidden>
              </Text>
            </Stack>
            {missing.length > 0 && (
              <Badge
                size="xs"
                color="orange"
                variant="light"
                data-testid="profile-incomplete"
                title={t('item.missing', { files: missing.map((f) => f.fileName).join(t('common:listSeparator')) })}
                style={{ flexShrink: 0 }}
              >
                {t('item.incomplete')}
              </Badge>
            )}
          </Group>
        </UnstyledButton>
      </Tooltip>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('item.actions', { name: profile.name })}>
            ⋮
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => navigate({ kind: 'edit', profileId: profile.id })}>{t('item.edit')}</Menu.Item>
          <Menu.Item
            onClick={() =>
              void duplicateProfile(profile.id).then((r) =>
                r.ok ? navigate({ kind: 'connection', profileId: r.value.id }) : notify('red', r.error.message),
              )
            }
          >
            {t('item.duplicate')}
          </Menu.Item>
          <Menu.Item onClick={() => openDialog({ kind: 'export', profileIds: [profile.id] })}>{t('item.export')}</Menu.Item>
          <Menu.Item disabled={first} onClick={() => void moveProfile(profile.id, -1)}>
            {t('item.moveUp')}
          </Menu.Item>
          <Menu.Item disabled={last} onClick={() => void moveProfile(profile.id, 1)}>
            {t('item.moveDown')}
          </Menu.Item>
          {(groups.length > 0 || profile.groupId) && <Menu.Label>{t('item.moveToGroup')}</Menu.Label>}
          {profile.groupId && <Menu.Item onClick={() => void moveToGroup(null)}>{t('item.noGroup')}</Menu.Item>}
          {groups
            .filter((g) => g.id !== profile.groupId)
            .map((g) => (
              <Menu.Item key={g.id} onClick={() => void moveToGroup(g.id)}>
                {g.name}
              </Menu.Item>
            ))}
          <Menu.Divider />
          <Menu.Item color="red" onClick={() => onDelete(profile)}>
            {t('item.delete')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}
