import { Badge, Checkbox, Group, Text } from '@mantine/core';
import type { MatrixRowView, RowSourceView } from '../../../shared/matrix/matrix-view';
import { i18n } from '../../i18n/i18n';
import { useT } from '../../i18n/use-t';

/** Where a row's identity comes from, in a few words (never a secret: only whether there is one). */
export function sourceText(s: RowSourceView): string {
  if (s.kind === 'lab') return i18n.t('matrix:rows.labIdentity', { name: s.identity });
  if (s.kind === 'profile')
    return s.profileName === null ? i18n.t('matrix:rows.profileDeleted') : i18n.t('matrix:rows.profile', { name: s.profileName });
  const files = [s.certFileName, s.keyFileName, s.pfxFileName].filter(Boolean).join(', ');
  const extras = [s.username ? i18n.t('matrix:rows.user', { name: s.username }) : '', s.hasPassword ? i18n.t('matrix:rows.password') : '']
    .filter(Boolean)
    .join(', ');
  return [files || i18n.t('matrix:rows.noFiles'), extras].filter(Boolean).join(' · ');
}

/** One row of a matrix: selectable, its identity, source and expectation. */
export function MatrixRowLine({ row, selected, onToggle }: { row: MatrixRowView; selected: boolean; onToggle: (id: string) => void }) {
  const { t } = useT('matrix');
  return (
    <Group
      gap="sm"
      wrap="nowrap"
      px="sm"
      py={6}
      data-testid="matrix-row"
      data-name={row.name}
      style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
    >
      <Checkbox size="xs" checked={selected} onChange={() => onToggle(row.id)} aria-label={t('rows.select', { name: row.name })} />
      <div style={{ flex: 1, minWidth: 0 }}>
        <Text fz="sm" fw={600} truncate="end">
          {row.name}
        </Text>
        <Text fz="xs" c={row.source.kind === 'profile' && row.source.profileName === null ? 'red' : 'dimmed'} truncate="end">
          {row.commonName ? t('rows.cn', { cn: row.commonName }) : ''}
          {sourceText(row.source)}
        </Text>
      </div>
      <Badge
        variant="light"
        color={row.expect === 'accepted' || row.expect === 'ok' ? 'green' : 'blue'}
        tt="none"
        data-testid="matrix-row-expect"
        style={{ flexShrink: 0 }}
      >
        {row.expect}
      </Badge>
    </Group>
  );
}
