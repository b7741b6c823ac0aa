import { Button, Group, Menu, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { LabStatus } from '../../../shared/lab/lab-api';
import { useActions } from '../../store/store-context';
import { LabEntryModal, type EntryEdit } from './lab-entry-modal';
import { useT } from '../../i18n/use-t';

const BCRYPT = 'bcrypt';

/** The built-in table: CN → password (hashed) + topic rights; add, change password or rights, remove. */
export function LabTableEditor({ lab }: { lab: LabStatus }) {
  const { t } = useT('lab');
  const { removeLabEntry } = useActions();
  const [edit, setEdit] = useState<EntryEdit | null>(null);
  const [error, setError] = useState<string | null>(null);
  const list = (items: string[]) => (items.length ? items.join(', ') : t('table.nothing'));
  return (
    <Paper withBorder radius="md" p="sm">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3} fz="md">
            {t('table.title')}
          </Title>
          <Button size="xs" variant="light" onClick={() => setEdit({ mode: 'add' })} data-testid="lab-entry-add">
            {t('table.add')}
          </Button>
        </Group>
        <Text fz="sm" c="dimmed">
          {t('table.intro')}
        </Text>
        {error && (
          <Text fz="sm" c="red">
            {error}
          </Text>
        )}
        <Table.ScrollContainer minWidth={640}>
          <Table fz="sm" striped verticalSpacing={4} aria-label={t('table.title')} data-testid="lab-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>CN</Table.Th>
                <Table.Th>{t('table.password')}</Table.Th>
                <Table.Th>{t('table.publish')}</Table.Th>
                <Table.Th>{t('table.subscribe')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lab.table.map((row) => (
                <Table.Tr key={row.commonName} data-testid="lab-table-row" data-cn={row.commonName}>
                  <Table.Td ff="monospace" fz="xs" fw={600} style={{ overflowWrap: 'anywhere' }}>
                    {row.commonName}
                  </Table.Td>
                  <Table.Td fz="xs" c="dimmed">
                    {row.hash === 'bcrypt' ? BCRYPT : t(`table.hashes.${row.hash}`)}
                  </Table.Td>
                  <Table.Td fz="xs" ff="monospace">
                    {list(row.rights.publish)}
                  </Table.Td>
                  <Table.Td fz="xs" ff="monospace">
                    {list(row.rights.subscribe)}
                  </Table.Td>
                  <Table.Td>
                    <Menu position="bottom-end" withinPortal>
                      <Menu.Target>
                        <Button size="compact-xs" variant="subtle" aria-label={t('table.editLabel', { cn: row.commonName })}>
                          {t('table.edit')}
                        </Button>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item onClick={() => setEdit({ mode: 'password', row })}>{t('table.changePassword')}</Menu.Item>
                        <Menu.Item onClick={() => setEdit({ mode: 'rights', row })}>{t('table.rights')}</Menu.Item>
                        <Menu.Divider />
                        <Menu.Item
                          color="red"
                          onClick={() => void removeLabEntry(row.commonName).then((r) => setError(r.ok ? null : r.error.message))}
                        >
                          {t('table.remove')}
                        </Menu.Item>
                      </Menu.Dropdown>
                    </Menu>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {lab.table.length === 0 && (
          <Text fz="sm" c="dimmed">
            {lab.issuedAt ? t('table.empty') : t('table.notYet')}
          </Text>
        )}
      </Stack>
      <LabEntryModal lab={lab} edit={edit} onClose={() => setEdit(null)} />
    </Paper>
  );
}
