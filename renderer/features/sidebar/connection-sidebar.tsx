import { Anchor, Button, ScrollArea, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { useMemo, useState, type ReactNode } from 'react';
import { Trans } from 'react-i18next';
import { useT } from '../../i18n/use-t';
import type { Group as ProfileGroup, Profile } from '../../../shared/profile/profile';
import { selectCurrentProfileId, selectGroups, selectProfiles, selectProfilesStatus, selectSearch } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { DeleteProfileModal } from './delete-profile-modal';
import { GroupHeader } from './group-header';
import { GroupNameModal } from './group-name-modal';
import { ProfileListItem } from './profile-list-item';
import { SidebarHeader } from './sidebar-header';
import { dragId } from './sidebar-dnd';
import { SidebarDndContext } from './sidebar-dnd-context';
import { SortableGroup } from './sortable-group';
import { SortableProfile } from './sortable-profile';

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

/** The connection list on the left: search, groups, new / duplicate / delete / reorder; `collapse` hides it. */
export function ConnectionSidebar({ collapse }: { collapse?: ReactNode }) {
  const profiles = useAppStore(selectProfiles);
  const groups = useAppStore(selectGroups);
  const status = useAppStore(selectProfilesStatus);
  const search = useAppStore(selectSearch);
  const current = useAppStore(selectCurrentProfileId);
  const { setSearch, navigate, openDialog } = useActions();
  const { t } = useT('sidebar');
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
      <SortableProfile key={p.id} profileId={p.id}>
        <ProfileListItem profile={p} selected={p.id === current} onDelete={setDeleting} first={i === 0} last={i === items.length - 1} />
      </SortableProfile>
    ));
  const top = byGroup.get(null) ?? [];

  return (
    <Stack gap="xs" h="100%" p="sm" component="nav" aria-label={t('nav')}>
      <SidebarHeader collapse={collapse} onNewGroup={() => setNaming(null)} />
      <Stack gap={6}>
        <Button
          fullWidth
          onClick={() => navigate({ kind: 'new', groupId: null })}
          aria-label={t('newConnection')}
          data-testid="new-connection"
        >
          {t('newConnectionButton')}
        </Button>
        <Tooltip label={t('fromConfigTip')} multiline w={260}>
          <Button
            fullWidth
            size="xs"
            variant="default"
            onClick={() => openDialog({ kind: 'from-config' })}
            aria-label={t('fromConfig')}
            data-testid="new-from-config"
            // A narrow sidebar ends the label in an ellipsis instead of cutting it off. Clipped
            // sideways only: CJK glyphs reach above and below the line box, and a vertical clip cut them.
            styles={{
              inner: { minWidth: 0 },
              label: {
                // A flex item is as wide as its text unless told otherwise: centred, it was cut at both ends.
                minWidth: 0,
                display: 'block',
                height: 'auto',
                lineHeight: 1.6,
                overflowX: 'clip',
                overflowY: 'visible',
                textOverflow: 'ellipsis',
              },
            }}
          >
            {t('fromConfigButton')}
          </Button>
        </Tooltip>
      </Stack>
      <TextInput
        placeholder={t('searchPlaceholder')}
        aria-label={t('searchLabel')}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        size="xs"
      />
      <ScrollArea style={{ flex: 1 }} type="auto" offsetScrollbars>
        <Stack gap={2} data-testid="profile-list">
          {status === 'loading' && (
            <Text fz="sm" c="dimmed">
              {t('loading')}
            </Text>
          )}
          {status === 'error' && (
            <Text fz="sm" c="red">
              {t('loadFailed')}
            </Text>
          )}
          {status === 'ready' && profiles.length === 0 && (
            <Text fz="sm" c="dimmed" p="xs">
              <Trans
                t={t}
                i18nKey="none"
                components={[
                  <Anchor key="import" component="button" type="button" fz="sm" onClick={() => openDialog({ kind: 'import' })} />,
                ]}
              />
            </Text>
          )}
          {status === 'ready' && profiles.length > 0 && visible.length === 0 && (
            <Text fz="sm" c="dimmed" p="xs">
              {t('noMatch', { search })}
            </Text>
          )}
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
                        onRename={() => setNaming(g)}
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
        </Stack>
      </ScrollArea>
      <DeleteProfileModal profile={deleting} onClose={() => setDeleting(null)} />
      <GroupNameModal group={naming} onClose={() => setNaming(undefined)} />
    </Stack>
  );
}
