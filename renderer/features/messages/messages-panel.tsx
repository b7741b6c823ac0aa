import { Badge, Button, Divider, Group, Paper, ScrollArea, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMemo } from 'react';
import {
  selectConnection,
  selectMessageFilter,
  selectMessageLog,
  selectPayloadFormat,
  selectSubscriptionColors,
  visibleMessages,
} from '../../store/selectors';
import type { PayloadFormat } from '../../store/ui-slice';
import { useActions, useAppStore } from '../../store/store-context';
import { MessageList } from './message-list';
import { PublishForm } from './publish-form';
import { SubscribeForm } from './subscribe-form';
import { SubscriptionList } from './subscription-list';
import { topicFilterAccepts } from './topic-match';

/** Subscriptions on the left, the message list in the middle, publishing at the bottom. */
export function MessagesPanel({ profileId, mqttVersion }: { profileId: string; mqttVersion: '3.1.1' | '5' }) {
  const conn = useAppStore(selectConnection(profileId));
  const log = useAppStore(selectMessageLog(profileId));
  const filter = useAppStore(selectMessageFilter(profileId));
  const format = useAppStore(selectPayloadFormat);
  const colors = useAppStore(selectSubscriptionColors(profileId));
  const { setMessageFilter, setPayloadFormat, setPaused, clearMessages } = useActions();
  const open = conn.state.status === 'open';
  const version = log?.version ?? 0;
  // The buffer mutates in place; its version says when to copy it again.
  const all = useMemo(() => visibleMessages(log), [log, version]);
  const shown = useMemo(() => (filter ? all.filter((m) => topicFilterAccepts(filter, m.topic)) : all), [all, filter]);
  const paused = log?.frozen != null;
  const arrived = log && log.frozen ? log.buffer.totalPushed - log.frozenPushed : 0;

  return (
    <Group gap={0} align="stretch" wrap="nowrap" h="100%" data-testid="messages-panel">
      <Paper w={260} p="sm" style={{ borderRight: '1px solid var(--mantine-color-default-border)', flexShrink: 0 }} radius={0}>
        <ScrollArea h="100%" type="auto">
          <Stack gap="sm">
            <Title order={3} fz="sm">
              Subscriptions
            </Title>
            {open ? (
              <SubscribeForm profileId={profileId} used={conn.subscriptions.length} />
            ) : (
              <Text fz="xs" c="dimmed">
                Connect to subscribe.
              </Text>
            )}
            <Divider />
            <SubscriptionList profileId={profileId} subscriptions={conn.subscriptions} colors={colors} />
          </Stack>
        </ScrollArea>
      </Paper>
      <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
        <Group gap="xs" p="xs" wrap="nowrap" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
          <TextInput
            size="xs"
            placeholder="Filter topics (text or a/+/#)"
            aria-label="Filter messages by topic"
            value={filter}
            onChange={(e) => setMessageFilter(profileId, e.currentTarget.value)}
            style={{ flex: 1 }}
          />
          <SegmentedControl
            size="xs"
            aria-label="Payload notation"
            data-testid="payload-notation"
            data={[
              { value: 'text', label: 'Text' },
              { value: 'json', label: 'JSON' },
              { value: 'hex', label: 'Hex' },
            ]}
            value={format}
            onChange={(x) => setPayloadFormat(x as PayloadFormat)}
          />
          <Button
            size="xs"
            variant={paused ? 'filled' : 'default'}
            color={paused ? 'yellow' : undefined}
            onClick={() => setPaused(profileId, !paused)}
            aria-pressed={paused}
          >
            {paused ? `Resume (${arrived} new)` : 'Pause'}
          </Button>
          <Button size="xs" variant="default" onClick={() => void clearMessages(profileId)}>
            Clear
          </Button>
          <Badge variant="light" color="gray" data-testid="message-count">
            {shown.length}
            {shown.length !== all.length ? ` / ${all.length}` : ''}
          </Badge>
          {(log?.droppedByHost ?? 0) > 0 && (
            <Badge color="orange" variant="light">
              {log?.droppedByHost} dropped
            </Badge>
          )}
        </Group>
        <MessageList messages={shown} format={format} colors={colors} />
        <Paper p="sm" radius={0} style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
          {open ? (
            <PublishForm profileId={profileId} mqttVersion={mqttVersion} />
          ) : (
            <Text fz="xs" c="dimmed">
              Connect to publish.
            </Text>
          )}
        </Paper>
      </Stack>
    </Group>
  );
}
