import { Badge, Code, Table, Text } from '@mantine/core';
import type { ConnectReport } from '../../../shared/connect/report';
import { useActions } from '../../store/store-context';
import { causeTitle, verdictStyle } from '../report/cause-text';
import { formatMs } from '../report/report-format';

/** A profile's recent attempts, newest first, to compare runs; a row opens that report. */
export function AttemptHistory({ profileId, reports, shownId }: { profileId: string; reports: readonly ConnectReport[]; shownId: string | null }) {
  const { viewReport } = useActions();
  if (reports.length === 0) return <Text fz="sm" c="dimmed" p="md">No attempts yet.</Text>;
  return (
    <Table highlightOnHover aria-label="Recent attempts" data-testid="attempt-history" verticalSpacing={8} horizontalSpacing="lg" maw={1200}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Time</Table.Th>
          <Table.Th>Verdict</Table.Th>
          <Table.Th>Cause</Table.Th>
          <Table.Th>TLS</Table.Th>
          <Table.Th>Client certificate</Table.Th>
          <Table.Th ta="right">Duration</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {reports.map((r, i) => {
          const v = verdictStyle(r.verdict);
          return (
            <Table.Tr
              key={r.id}
              onClick={() => viewReport(profileId, i === 0 ? null : r.id)}
              style={{ cursor: 'pointer' }}
              bg={r.id === shownId ? 'var(--mantine-color-default-hover)' : undefined}
              data-testid="attempt-row"
              data-verdict={r.verdict}
              aria-selected={r.id === shownId}
            >
              <Table.Td fz="xs" style={{ whiteSpace: 'nowrap' }}>{new Date(r.startedAt).toLocaleString()}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}><Badge size="sm" color={v.color} variant="light">{v.label}</Badge></Table.Td>
              <Table.Td fz="xs">
                {causeTitle(r.cause)} <Code fz={10}>{r.cause}</Code>
              </Table.Td>
              <Table.Td fz="xs">{r.tls?.protocol ?? '–'}</Table.Td>
              <Table.Td fz="xs">{r.tls?.clientCertificate?.commonName ?? '–'}</Table.Td>
              <Table.Td fz="xs" ta="right">{formatMs(r.durationMs)}</Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
