import { ActionIcon, Badge, Box, Group, Stack, Text, Tooltip } from '@mantine/core';
import type { Subscription } from '../../../shared/ipc/contract';
import { useActions } from '../../store/store-context';

/** The open connection's subscriptions with the broker's answer and an unsubscribe button. */
export function SubscriptionList({
  profileId,
  subscriptions,
  colors,
}: {
  profileId: string;
  subscriptions: readonly Subscription[];
  colors: Readonly<Record<string, string>>;
}) {
  const { unsubscribe, notify, setMessageFilter } = useActions();
  if (subscriptions.length === 0)
    return (
      <Text fz="xs" c="dimmed">
        No subscriptions yet.
      </Text>
    );
  return (
    <Stack gap={4} role="list" aria-label="Subscriptions" data-testid="subscriptions">
      {subscriptions.map((s) => (
        <Group
          key={s.topic}
          role="listitem"
          gap={6}
          wrap="nowrap"
          p={4}
          style={{ borderRadius: 4, borderLeft: `4px solid ${colors[s.topic] ?? 'var(--mantine-color-gray-5)'}` }}
        >
          <Box style={{ flex: 1, minWidth: 0 }}>
            <Tooltip label="Show only this topic's messages">
              <Text
                fz="sm"
                fw={500}
                truncate="end"
                style={{ cursor: 'pointer' }}
                onClick={() => setMessageFilter(profileId, s.topic)}
                data-testid="subscription-topic"
              >
                {s.topic}
              </Text>
            </Tooltip>
            <Group gap={4}>
              <Badge size="xs" variant="light" color="gray">
                QoS {s.qos}
              </Badge>
              <Badge
                size="xs"
                variant="light"
                color={s.granted ? 'teal' : 'red'}
                title={`SUBACK 0x${s.code.toString(16).padStart(2, '0')}`}
              >
                {s.granted ? `granted ${s.code}` : s.codeName}
              </Badge>
            </Group>
          </Box>
          <ActionIcon
            size="sm"
            variant="subtle"
            color="gray"
            aria-label={`Unsubscribe from ${s.topic}`}
            onClick={() =>
              void unsubscribe(profileId, s.topic).then((r) => !r.ok && notify('red', `Unsubscribe failed: ${r.error.message}`))
            }
          >
            ✕
          </ActionIcon>
        </Group>
      ))}
    </Stack>
  );
}
