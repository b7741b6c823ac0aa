import { Badge, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { Fragment } from 'react';
import type { ConnectReport } from '../../../shared/connect/report';
import { verdictStyle } from '../report/cause-text';
import { compareReports, inTimeOrder } from './report-compare';
import { useT } from '../../i18n/use-t';

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
  const { t } = useT('connection');
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
          {t('compare.openThis')}
        </Button>
      </Stack>
    );
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('compare.title')} size="80rem" centered>
      <Stack gap="sm" data-testid="attempt-compare">
        <Text fz="sm" c="dimmed">
          {differ === 0 ? t('compare.same') : t('compare.differ', { count: differ })}
        </Text>
        <Table withTableBorder withColumnBorders verticalSpacing={6} layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={230} />
              <Table.Th>{head(earlier, t('compare.earlier'))}</Table.Th>
              <Table.Th>{head(later, t('compare.later'))}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row, i) => (
              <Fragment key={`${row.section}-${row.label}`}>
                {(i === 0 || rows[i - 1]?.section !== row.section) && (
                  <Table.Tr>
                    <Table.Td colSpan={3} bg="var(--mantine-color-default-hover)">
                      <Text fz="xs" fw={700} tt="uppercase" c="dimmed">
                        {t(`compare.sections.${row.section}`)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )}
                <Table.Tr data-testid="compare-row" data-label={row.label} data-same={row.same}>
                  <Table.Td fz="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>
                    {row.label}
                    {!row.same && (
                      <Badge ml={6} size="xs" color="orange" variant="light">
                        {t('compare.differs')}
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
