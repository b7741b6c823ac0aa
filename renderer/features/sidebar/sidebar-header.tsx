import { ActionIcon, Group, Menu, Title, Tooltip } from '@mantine/core';
import type { ReactNode } from 'react';
import { useT } from '../../i18n/use-t';
import { selectProfiles } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { ColorSchemeToggle } from '../../ui/color-scheme-toggle';

/** The sidebar's title row: the theme toggle, a new group, the import / export / settings menu, and `collapse`. */
export function SidebarHeader({ collapse, onNewGroup }: { collapse?: ReactNode; onNewGroup: () => void }) {
  const { t } = useT('sidebar');
  const { openDialog } = useActions();
  const count = useAppStore(selectProfiles).length;
  return (
    <Group justify="space-between" wrap="nowrap" gap={4}>
      <Title order={1} fz="lg" lineClamp={1}>
        Keyhole
      </Title>
      <Group gap={4} wrap="nowrap">
        <ColorSchemeToggle />
        <Tooltip label={t('newGroup')}>
          <ActionIcon variant="subtle" color="gray" onClick={onNewGroup} aria-label={t('newGroup')}>
            ▤
          </ActionIcon>
        </Tooltip>
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon variant="subtle" color="gray" aria-label={t('more')}>
              ⋮
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item onClick={() => openDialog({ kind: 'import' })}>{t('importProfiles')}</Menu.Item>
            <Menu.Item disabled={count === 0} onClick={() => openDialog({ kind: 'export', profileIds: null })}>
              {t('exportProfiles')}
            </Menu.Item>
            <Menu.Divider />
            <Menu.Item onClick={() => openDialog({ kind: 'settings' })}>{t('settings')}</Menu.Item>
          </Menu.Dropdown>
        </Menu>
        {collapse}
      </Group>
    </Group>
  );
}
