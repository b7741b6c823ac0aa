import { Badge, Box, Code, Group, Text } from '@mantine/core';
import { memo } from 'react';
import type { MqttMessage } from '../../../shared/ipc/contract';
import type { PayloadFormat } from '../../store/ui-slice';
import { displayPayload } from './payload';

const time = (at: number) => {
  const d = new Date(at);
  return `${d.toLocaleTimeString(undefined, { hour12: false })}.${String(d.getMilliseconds()).padStart(3, '0')}`;
};

/** One message: direction, topic, QoS, retain, time, size and the payload in the chosen notation. */
export const MessageRow = memo(function MessageRow({
  message: m,
  format,
  color,
}: {
  message: MqttMessage;
  format: PayloadFormat;
  color: string | undefined;
}) {
  const shown = displayPayload(m, format);
  const out = m.direction === 'out';
  return (
    <Box
      data-testid="message-row"
      data-direction={m.direction}
      data-topic={m.topic}
      px="sm"
      py={6}
      style={{
        borderLeft: `4px solid ${out ? 'var(--mantine-color-gray-5)' : (color ?? 'var(--mantine-primary-color-filled)')}`,
        background: out ? 'var(--mantine-color-default-hover)' : undefined,
        marginLeft: out ? 48 : 0,
        marginRight: out ? 0 : 48,
        borderRadius: 4,
      }}
    >
      <Group gap={6} wrap="nowrap" justify="space-between">
        <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
          <Badge size="xs" variant="light" color={out ? 'gray' : 'blue'}>
            {out ? 'sent' : 'received'}
          </Badge>
          <Text fz="sm" fw={600} truncate="end" data-testid="message-topic">
            {m.topic}
          </Text>
          <Badge size="xs" variant="outline" color="gray">
            QoS {m.qos}
          </Badge>
          {m.retain && (
            <Badge size="xs" variant="light" color="orange">
              retained
            </Badge>
          )}
          {m.dup && (
            <Badge size="xs" variant="light" color="red">
              dup
            </Badge>
          )}
        </Group>
        <Text fz="xs" c="dimmed" style={{ flexShrink: 0 }}>
          {m.size} B · {time(m.at)}
        </Text>
      </Group>
      <Code
        block
        mt={4}
        fz="xs"
        data-testid="message-payload"
        style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', maxHeight: 240, overflow: 'auto' }}
      >
        {shown.text || ' '}
      </Code>
      {(shown.note || m.truncated) && (
        <Text fz={10} c="dimmed">
          {[shown.note, m.truncated ? `showing the beginning of ${m.size} bytes` : null].filter(Boolean).join(' · ')}
        </Text>
      )}
    </Box>
  );
});
