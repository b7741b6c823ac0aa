import { Badge, Code, Group, List, Stack, Text } from '@mantine/core';
import type { FindingLevel } from '../../shared/certs/findings';
import { useT } from '../i18n/use-t';

/** Colour per level, as the connection report uses them: red stops it, yellow makes it doubtful, blue informs. */
export const LEVEL_COLOR: Record<FindingLevel, string> = { error: 'red', warning: 'yellow', note: 'blue' };

export interface ShownFinding {
  code: string;
  level: FindingLevel;
  message: string;
}

function Finding({ f, compact }: { f: ShownFinding; compact: boolean }) {
  const { t } = useT('ui');
  return (
    <List.Item data-testid="finding" data-code={f.code} data-level={f.level}>
      <Group gap={6} wrap="nowrap" align="flex-start">
        <Badge size="xs" color={LEVEL_COLOR[f.level]} variant={f.level === 'note' ? 'light' : 'filled'} mt={2}>
          {t(`findings.levels.${f.level}`)}
        </Badge>
        <Text fz={compact ? 'xs' : 'sm'} style={{ wordBreak: 'break-word' }}>
          <Code fz="xs">{f.code}</Code> {f.message}
        </Text>
      </Group>
    </List.Item>
  );
}

/**
 * Findings with the report's split: errors and warnings first (they change a verdict), notes
 * apart below (facts that change nothing). `empty` is said when there are none.
 */
export function FindingsList({
  findings,
  empty,
  compact = false,
}: {
  findings: readonly ShownFinding[];
  empty?: string;
  compact?: boolean;
}) {
  const { t } = useT('ui');
  const serious = findings.filter((f) => f.level !== 'note').sort((a, b) => (a.level === b.level ? 0 : a.level === 'error' ? -1 : 1));
  const notes = findings.filter((f) => f.level === 'note');
  if (findings.length === 0)
    return empty ? (
      <Text fz={compact ? 'xs' : 'sm'} c="teal" data-testid="findings-none">
        {empty}
      </Text>
    ) : null;
  return (
    <Stack gap={4} data-testid="findings">
      {serious.length > 0 && (
        <List spacing={4} listStyleType="none" data-testid="findings-serious">
          {serious.map((f, i) => (
            <Finding key={`${f.code}-${i}`} f={f} compact={compact} />
          ))}
        </List>
      )}
      {notes.length > 0 && (
        <>
          <Text fz="xs" fw={600} c="dimmed" mt={serious.length ? 4 : 0}>
            {t('findings.notes')}
          </Text>
          <List spacing={4} listStyleType="none" data-testid="findings-notes">
            {notes.map((f, i) => (
              <Finding key={`${f.code}-${i}`} f={f} compact={compact} />
            ))}
          </List>
        </>
      )}
    </Stack>
  );
}
