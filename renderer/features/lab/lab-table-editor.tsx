import { Button, Group, Menu, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { LabStatus } from '../../../shared/lab/lab-api';
import { useActions } from '../../store/store-context';
import { LabEntryModal, type EntryEdit } from './lab-entry-modal';

const HASH_WORDS = {
  plain: 'plain',
  'sha256-salt-prefix': 'salted SHA-256',
  'sha256-salt-suffix': 'SHA-256, salt after',
  bcrypt: 'bcrypt',
} as const;

/** The built-in table: CN → password (hashed) + topic rights; add, change password or rights, remove. */
export function LabTableEditor({ lab }: { lab: LabStatus }) {
  const { removeLabEntry } = useActions();
  const [edit, setEdit] = useState<EntryEdit | null>(null);
  const [error, setError] = useState<string | null>(null);
  const list = (items: string[]) => (items.length ? items.join(', ') : 'nothing');
  return (
    <Paper withBorder radius="md" p="sm">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3} fz="md">
            Built-in table
          </Title>
          <Button size="xs" variant="light" onClick={() => setEdit({ mode: 'add' })} data-testid="lab-entry-add">
            Add a CN…
          </Button>
        </Group>
        <Text fz="sm" c="dimmed">
          Changes apply to the running lab at once, from the next CONNECT; a CN not listed is not allowed.
        </Text>
        {error && (
          <Text fz="sm" c="red">
            {error}
          </Text>
        )}
        <Table.ScrollContainer minWidth={640}>
          <Table fz="sm" striped verticalSpacing={4} aria-label="Built-in table" data-testid="lab-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>CN</Table.Th>
                <Table.Th>Password</Table.Th>
                <Table.Th>May publish to</Table.Th>
                <Table.Th>May subscribe to</Table.Th>
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
                    {HASH_WORDS[row.hash]}
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
                        <Button size="compact-xs" variant="subtle" aria-label={`Edit ${row.commonName}`}>
                          Edit ▾
                        </Button>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item onClick={() => setEdit({ mode: 'password', row })}>Change password…</Menu.Item>
                        <Menu.Item onClick={() => setEdit({ mode: 'rights', row })}>Topic rights…</Menu.Item>
                        <Menu.Divider />
                        <Menu.Item
                          color="red"
                          onClick={() => void removeLabEntry(row.commonName).then((r) => setError(r.ok ? null : r.error.message))}
                        >
                          Remove (CN no longer allowed)
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
            {lab.issuedAt ? 'The table is empty: no CN is allowed.' : 'The table is made with the lab, on its first start.'}
          </Text>
        )}
      </Stack>
      <LabEntryModal lab={lab} edit={edit} onClose={() => setEdit(null)} />
    </Paper>
  );
}
