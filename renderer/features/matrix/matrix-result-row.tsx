import { Group, Text, UnstyledButton } from '@mantine/core';
import type { MatrixRowResult } from '../../../shared/matrix/matrix-run';
import { formatMs } from '../report/report-format';
import { MatrixStatusBadge } from './matrix-status-badge';
import { useT } from '../../i18n/use-t';

/** One result: status, identity, expected, what came, and why; a click opens its report. */
export function MatrixResultRow({ row, onOpen }: { row: MatrixRowResult; onOpen: (row: MatrixRowResult) => void }) {
  const { t } = useT('matrix');
  return (
    <UnstyledButton
      onClick={() => onOpen(row)}
      data-testid="matrix-result"
      data-status={row.status}
      data-name={row.name}
      aria-label={t('results.rowLabel', { name: row.name, status: t(`results.rowStatuses.${row.status}`), why: row.why })}
      className="matrix-result-row"
      style={{ display: 'block', width: '100%', padding: '6px 12px', borderBottom: '1px solid var(--mantine-color-default-border)' }}
    >
      <Group gap="sm" wrap="nowrap" align="center">
        <MatrixStatusBadge status={row.status} />
        <div style={{ flex: '0 0 28%', minWidth: 0 }}>
          <Text fz="sm" fw={600} truncate="end">
            {row.name}
          </Text>
          <Text fz="xs" c="dimmed" truncate="end">
            {row.commonName ? `CN ${row.commonName}` : t('results.noCertificate')}
          </Text>
        </div>
        <div style={{ flex: 1, minWidth: 0 }}>
          <Text fz="sm" truncate="end">
            {t('results.at', { verdict: row.verdict, cause: row.cause, phase: row.phase })}
          </Text>
          <Text fz="xs" c="dimmed" lineClamp={2}>
            {row.why}
            {row.attempts > 1 ? t('results.attempts', { count: row.attempts }) : ''}
          </Text>
        </div>
        <Text fz="xs" c="dimmed" style={{ flexShrink: 0 }}>
          {formatMs(row.durationMs)}
        </Text>
      </Group>
    </UnstyledButton>
  );
}
