import { Badge, Button, Checkbox, Code, Group, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import type { ConnectReport } from '../../../shared/connect/report';
import { causeTitle, phaseLabel, verdictStyle } from '../report/cause-text';
import { formatMs } from '../report/report-format';
import { AttemptCompare } from './attempt-compare';
import { formatDate, formatTime } from '../../i18n/format';
import { useT } from '../../i18n/use-t';

export interface AttemptHistoryProps {
  reports: readonly ConnectReport[];
  shownId: string | null;
  /** Shows a report in the report view. */
  onOpen: (report: ConnectReport) => void;
}

/**
 * A profile's attempts, newest first, as the host keeps them (they outlive restarts): open any
 * of them in the report view, or tick two to compare them side by side.
 */
export function AttemptHistory({ reports, shownId, onOpen }: AttemptHistoryProps) {
  const { t } = useT('connection');
  const [picked, setPicked] = useState<string[]>([]);
  const [comparing, setComparing] = useState(false);
  if (reports.length === 0)
    return (
      <Text fz="sm" c="dimmed" p="md" data-testid="attempt-history-empty">
        {t('history.none')}
      </Text>
    );

  const present = picked.filter((id) => reports.some((r) => r.id === id));
  const pair = present.length === 2 ? present.map((id) => reports.find((r) => r.id === id) as ConnectReport) : null;
  const toggle = (id: string, on: boolean) =>
    // Ticking a third drops the oldest pick, so two are always at hand.
    setPicked((p) => (on ? [...p.filter((x) => x !== id), id].slice(-2) : p.filter((x) => x !== id)));

  return (
    <Stack gap="xs" p="md" maw={1280}>
      <Group justify="space-between">
        <Text fz="sm" c="dimmed">
          {t('history.intro', { count: reports.length })}
        </Text>
        <Button size="xs" variant="light" disabled={!pair} onClick={() => setComparing(true)} data-testid="compare-attempts">
          {t('history.compare', { n: present.length })}
        </Button>
      </Group>
      <Table highlightOnHover aria-label={t('history.table')} data-testid="attempt-history" verticalSpacing={8} horizontalSpacing="md">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={36}>
              <Text span fz="xs" c="dimmed">
                {t('history.pick')}
              </Text>
            </Table.Th>
            <Table.Th>{t('history.time')}</Table.Th>
            <Table.Th>{t('history.verdict')}</Table.Th>
            <Table.Th>{t('history.cause')}</Table.Th>
            <Table.Th>{t('history.phase')}</Table.Th>
            <Table.Th>{t('history.tls')}</Table.Th>
            <Table.Th>{t('history.clientCertificate')}</Table.Th>
            <Table.Th ta="right">{t('history.duration')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {reports.map((r) => {
            const v = verdictStyle(r.verdict);
            const when = `${formatDate(r.startedAt)} ${formatTime(r.startedAt)}`;
            return (
              <Table.Tr
                key={r.id}
                bg={r.id === shownId ? 'var(--mantine-color-default-hover)' : undefined}
                data-testid="attempt-row"
                data-verdict={r.verdict}
                data-report-id={r.id}
                aria-selected={r.id === shownId}
              >
                <Table.Td>
                  <Checkbox
                    size="xs"
                    checked={present.includes(r.id)}
                    onChange={(e) => toggle(r.id, e.currentTarget.checked)}
                    aria-label={t('history.compareThis', { when })}
                  />
                </Table.Td>
                <Table.Td fz="xs" style={{ whiteSpace: 'nowrap' }}>
                  {when}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Badge size="sm" color={v.color} variant="light">
                    {v.label}
                  </Badge>
                </Table.Td>
                <Table.Td fz="xs">
                  {causeTitle(r.cause)}{' '}
                  <Code fz={10} style={{ whiteSpace: 'nowrap' }}>
                    {r.cause}
                  </Code>
                </Table.Td>
                <Table.Td fz="xs" style={{ whiteSpace: 'nowrap' }}>
                  {phaseLabel(r.phase)}
                </Table.Td>
                <Table.Td fz="xs">{r.tls?.protocol ?? '–'}</Table.Td>
                <Table.Td fz="xs">{r.tls?.clientCertificate?.commonName ?? '–'}</Table.Td>
                <Table.Td fz="xs" ta="right">
                  {formatMs(r.durationMs)}
                </Table.Td>
                <Table.Td ta="right">
                  <Button size="compact-xs" variant="subtle" onClick={() => onOpen(r)} aria-label={t('history.openThis', { when })}>
                    {t('history.open')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {pair && (
        <AttemptCompare
          opened={comparing}
          a={pair[0] as ConnectReport}
          b={pair[1] as ConnectReport}
          onClose={() => setComparing(false)}
          onOpen={onOpen}
        />
      )}
    </Stack>
  );
}
