import { Table, Text } from '@mantine/core';
import type { IgnoredField, MappedField } from '../../../shared/profile/config-import';

/** What each option of the source became (mapped), or why it was left out (ignored), with its line. */
export function ConfigMappingTable({ rows, kind }: { rows: readonly (MappedField | IgnoredField)[]; kind: 'mapped' | 'ignored' }) {
  if (!rows.length)
    return (
      <Text fz="sm" c="dimmed">
        {kind === 'mapped' ? 'Nothing was mapped.' : 'Nothing was left out.'}
      </Text>
    );
  return (
    <Table
      aria-label={kind === 'mapped' ? 'Options mapped' : 'Options left out'}
      data-testid={`config-${kind}`}
      verticalSpacing={3}
      horizontalSpacing="xs"
      fz="sm"
      layout="fixed"
    >
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={64}>Line</Table.Th>
          <Table.Th w="34%">Option</Table.Th>
          <Table.Th>{kind === 'mapped' ? 'Became' : 'Why it is left out'}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r, i) => (
          <Table.Tr key={i}>
            <Table.Td c="dimmed">{r.line ?? ''}</Table.Td>
            <Table.Td ff="monospace" fz="xs" style={{ overflowWrap: 'anywhere' }}>
              {r.source}
            </Table.Td>
            <Table.Td style={{ overflowWrap: 'anywhere' }}>{'target' in r ? r.target : r.reason}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
