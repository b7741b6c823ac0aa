import { Anchor, Button, ScrollArea, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { useMemo, useRef, useState, type ComponentPropsWithoutRef, type ReactNode } from 'react';
import { Trans } from 'react-i18next';
import { useT } from '../../i18n/use-t';
import type { Group as ProfileGroup, Profile } from '../../../shared/profile/profile';
import { selectCurrentProfileId, selectGroups, selectProfiles, selectProfilesStatus, selectSearch } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { DeleteProfileModal } from './delete-profile-modal';
import { GroupNameModal } from './group-name-modal';
import { SidebarHeader } from './sidebar-header';
import { AllRows, VIRTUAL_FROM, VirtualRows } from './sidebar-rows';

/** The list's scrolling box, named for tests (a data attribute the div props do not list). */
const SCROLL_PROPS = { 'data-testid': 'profile-scroll' } as ComponentPropsWithoutRef<'div'>;

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
    const known = new Set(groups.map((g) => g.id));
    const m = new Map<string | null, Profile[]>();
    for (const p of visible) {
      const key = p.groupId && known.has(p.groupId) ? p.groupId : null;
      const members = m.get(key);
      if (members) members.push(p);
      else m.set(key, [p]);
    }
    return m;
  }, [visible, groups]);
  const viewport = useRef<HTMLDivElement>(null);
  const top = useMemo(() => byGroup.get(null) ?? [], [byGroup]);
  const rowsProps = {
    top,
    groups,
    byGroup,
    search,
    current,
    onDelete: setDeleting,
    onRename: setNaming,
  };

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
      <ScrollArea style={{ flex: 1 }} type="auto" offsetScrollbars viewportRef={viewport} viewportProps={SCROLL_PROPS}>
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
          {profiles.length >= VIRTUAL_FROM ? <VirtualRows {...rowsProps} viewport={viewport} /> : <AllRows {...rowsProps} />}
        </Stack>
      </ScrollArea>
      <DeleteProfileModal profile={deleting} onClose={() => setDeleting(null)} />
      <GroupNameModal group={naming} onClose={() => setNaming(undefined)} />
    </Stack>
  );
}
