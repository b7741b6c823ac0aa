import { Badge, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { Fragment } from 'react';
import type { ConnectReport } from '../../../shared/connect/report';
import { verdictStyle } from '../report/cause-text';
import { compareReports, inTimeOrder, type CompareRow } from './report-compare';

const SECTIONS: Record<CompareRow['section'], string> = {
  outcome: 'Outcome',
  connection: 'What was sent and answered',
  timeline: 'Timeline',
};

/** Two attempts side by side, earlier on the left; the lines that differ are marked. */
export function AttemptCompare({
  opened,
  a,
  b,
  onClose,
  onOpen,
}: {
  opened: boolean;
  a: ConnectReport;
  b: ConnectReport;
  onClose: () => void;
  onOpen: (r: ConnectReport) => void;
}) {
  const [earlier, later] = inTimeOrder(a, b);
  const rows = compareReports(a, b);
  const differ = rows.filter((r) => !r.same).length;
  const head = (r: ConnectReport, label: string) => {
    const v = verdictStyle(r.verdict);
    return (
      <Stack gap={2}>
        <Group gap="xs">
          <Text fw={600} fz="sm">
            {label}
          </Text>
          <Badge size="sm" variant="light" color={v.color}>
            {v.label}
          </Badge>
        </Group>
        <Button
          size="compact-xs"
          variant="subtle"
          onClick={() => {
            onOpen(r);
            onClose();
          }}
          style={{ alignSelf: 'flex-start' }}
        >
          Open this report
        </Button>
      </Stack>
    );
  };
  return (
    <Modal opened={opened} onClose={onClose} title="Compare attempts" size="80rem" centered>
      <Stack gap="sm" data-testid="attempt-compare">
        <Text fz="sm" c="dimmed">
          {differ === 0 ? 'The two attempts went the same way.' : `${differ} line${differ === 1 ? '' : 's'} differ (marked).`}
        </Text>
        <Table withTableBorder withColumnBorders verticalSpacing={6} layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={230} />
              <Table.Th>{head(earlier, 'Earlier')}</Table.Th>
              <Table.Th>{head(later, 'Later')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row, i) => (
              <Fragment key={`${row.section}-${row.label}`}>
                {(i === 0 || rows[i - 1]?.section !== row.section) && (
                  <Table.Tr>
                    <Table.Td colSpan={3} bg="var(--mantine-color-default-hover)">
                      <Text fz="xs" fw={700} tt="uppercase" c="dimmed">
                        {SECTIONS[row.section]}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )}
                <Table.Tr data-testid="compare-row" data-label={row.label} data-same={row.same}>
                  <Table.Td fz="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>
                    {row.label}
                    {!row.same && (
                      <Badge ml={6} size="xs" color="orange" variant="light">
                        differs
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td fz="sm" style={{ overflowWrap: 'anywhere' }}>
                    {row.earlier}
                  </Table.Td>
                  <Table.Td fz="sm" fw={row.same ? undefined : 600} style={{ overflowWrap: 'anywhere' }}>
                    {row.later}
                  </Table.Td>
                </Table.Tr>
              </Fragment>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Modal>
  );
}
