import { Badge, Group, Paper, Stack, Text, Timeline, Title } from '@mantine/core';
import { describeLabEvent, type LabEvent } from '../../../shared/lab/lab-event';
import { TONE_COLORS, titleOf, toneOf } from './lab-event-text';
import { useT } from '../../i18n/use-t';

/** Milliseconds from the attempt's first event, as `+12 ms`. */
function offset(first: LabEvent, e: LabEvent): string {
  const ms = Date.parse(e.at) - Date.parse(first.at);
  return ms < 1000 ? `+${ms} ms` : `+${(ms / 1000).toFixed(2)} s`;
}

/**
 * The lab broker's side of one attempt, beside the client's report: what it saw (the TLS hello,
 * the certificate) and what it decided (its verdict on the certificate, the auth source's answer,
 * the CONNACK, each ACL decision), in order.
 */
export function BrokerSidePanel({ events, isLabProfile }: { events: readonly LabEvent[] | undefined; isLabProfile: boolean }) {
  const { t } = useT('lab');
  const first = events?.[0];
  const attempt = first?.attempt;
  return (
    <Paper withBorder p="sm" radius="md" data-testid="broker-side" aria-label={t('side.title')}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Title order={4} fz="sm">
          {t('side.title')}
        </Title>
        <Badge variant="light" color="grape" size="sm">
          {t('side.badge')}
        </Badge>
      </Group>
      {events === undefined && (
        <Text fz="sm" c="dimmed">
          {t('side.asking')}
        </Text>
      )}
      {events !== undefined && events.length === 0 && (
        <Text fz="sm" c="dimmed" data-testid="broker-side-empty">
          {isLabProfile ? t('side.notRunning') : t('side.nothing')}
        </Text>
      )}
      {first && (
        <Stack gap="xs">
          {attempt && (
            <Text fz="xs" c="dimmed">
              {t('side.attempt', {
                id: attempt.id,
                address: attempt.address.includes(':') ? `[${attempt.address}]` : attempt.address,
                port: attempt.port,
              })}
            </Text>
          )}
          <Timeline bulletSize={14} lineWidth={2} active={-1}>
            {events!.map((e) => {
              const tone = toneOf(e);
              return (
                <Timeline.Item
                  key={e.seq}
                  color={TONE_COLORS[tone]}
                  bullet={
                    <span
                      style={{ width: 8, height: 8, borderRadius: 4, background: `var(--mantine-color-${TONE_COLORS[tone]}-filled)` }}
                    />
                  }
                  title={
                    <Group gap={6} wrap="nowrap" justify="space-between">
                      <Text fz="sm" fw={600} c={tone === 'bad' ? 'red' : undefined}>
                        {titleOf(e)}
                      </Text>
                      <Text fz="xs" c="dimmed" ff="monospace" style={{ flex: 'none' }}>
                        {offset(first, e)}
                      </Text>
                    </Group>
                  }
                  data-testid="broker-event"
                  data-kind={e.kind}
                  data-tone={tone}
                >
                  <Text fz="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                    {describeLabEvent(e)}
                  </Text>
                </Timeline.Item>
              );
            })}
          </Timeline>
        </Stack>
      )}
    </Paper>
  );
}
