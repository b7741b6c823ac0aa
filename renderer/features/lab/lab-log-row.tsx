import { Badge, Group, Text } from '@mantine/core';
import { describeLabEvent, type LabEvent } from '../../../shared/lab/lab-event';
import { TONE_COLORS, clockTime, kindLabel, toneOf } from './lab-event-text';
import { useT } from '../../i18n/use-t';

/** One line of the lab's log: time, attempt, client address, kind, and what happened. */
export function LabLogRow({ event, cn }: { event: LabEvent; cn: string | undefined }) {
  // Re-rendered when the language changes.
  useT('lab');
  const tone = toneOf(event);
  const a = event.attempt;
  return (
    <Group gap={8} wrap="nowrap" align="flex-start" data-testid="lab-log-row" data-kind={event.kind} data-tone={tone} data-cn={cn ?? ''}>
      <Text fz="xs" ff="monospace" c="dimmed" style={{ flex: 'none' }}>
        {clockTime(event.at)}
      </Text>
      <Text fz="xs" ff="monospace" c="dimmed" w={44} style={{ flex: 'none' }}>
        {a?.id ?? ''}
      </Text>
      <Badge size="xs" variant="light" color={TONE_COLORS[tone]} w={84} style={{ flex: 'none' }}>
        {kindLabel(event.kind)}
      </Badge>
      <Text fz="xs" ff="monospace" style={{ minWidth: 0, overflowWrap: 'anywhere' }} c={tone === 'bad' ? 'red' : undefined}>
        {a && (
          <Text span c="dimmed" fz="xs" ff="monospace">
            {cn ? `${cn} · ` : ''}
            {a.address.includes(':') ? `[${a.address}]` : a.address}:{a.port}{' '}
          </Text>
        )}
        {describeLabEvent(event)}
      </Text>
    </Group>
  );
}
