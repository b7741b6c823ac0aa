import { Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';

export interface KeyValueRow {
  label: string;
  value: ReactNode;
}

/** Two-column facts table used by the report panels and certificate details. */
export function KeyValueTable({ rows, label }: { rows: readonly KeyValueRow[]; label: string }) {
  return (
    <Table aria-label={label} withRowBorders={false} verticalSpacing={4} horizontalSpacing="sm" layout="fixed">
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.label}>
            <Table.Th w={200} fw={500} c="dimmed" fz="sm" style={{ verticalAlign: 'top' }}>
              {r.label}
            </Table.Th>
            <Table.Td fz="sm" style={{ wordBreak: 'break-word' }}>
              {r.value === null || r.value === undefined || r.value === '' ? (
                <Text span c="dimmed" fz="sm">
                  –
                </Text>
              ) : (
                r.value
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
