import { Badge, Checkbox, Group, Text } from '@mantine/core';
import type { MatrixRowView, RowSourceView } from '../../../shared/matrix/matrix-view';

/** Where a row's identity comes from, in a few words (never a secret: only whether there is one). */
export function sourceText(s: RowSourceView): string {
  if (s.kind === 'lab') return `lab identity ${s.identity}`;
  if (s.kind === 'profile') return s.profileName === null ? 'profile deleted: cannot run' : `profile ${s.profileName}`;
  const files = [s.certFileName, s.keyFileName, s.pfxFileName].filter(Boolean).join(', ');
  const extras = [s.username ? `user ${s.username}` : '', s.hasPassword ? 'password' : ''].filter(Boolean).join(', ');
  return [files || 'no files', extras].filter(Boolean).join(' · ');
}

/** One row of a matrix: selectable, its identity, source and expectation. */
export function MatrixRowLine({ row, selected, onToggle }: { row: MatrixRowView; selected: boolean; onToggle: (id: string) => void }) {
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
      <Checkbox size="xs" checked={selected} onChange={() => onToggle(row.id)} aria-label={`Select ${row.name}`} />
      <div style={{ flex: 1, minWidth: 0 }}>
        <Text fz="sm" fw={600} truncate="end">
          {row.name}
        </Text>
        <Text fz="xs" c={row.source.kind === 'profile' && row.source.profileName === null ? 'red' : 'dimmed'} truncate="end">
          {row.commonName ? `CN ${row.commonName} · ` : ''}
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
