import { Box, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { MqttMessage } from '../../../shared/ipc/contract';
import type { PayloadFormat } from '../../store/ui-slice';
import { MessageRow } from './message-row';
import { colorFor } from './topic-match';

/**
 * The message history, virtualised: only the rows on screen exist in the DOM, so a 10,000
 * message buffer scrolls as smoothly as ten. It follows new messages while scrolled to the end.
 */
export function MessageList({
  messages,
  format,
  colors,
}: {
  messages: readonly MqttMessage[];
  format: PayloadFormat;
  colors: Readonly<Record<string, string>>;
}) {
  const parentRef = useRef<HTMLDivElement>(null);
  const atEnd = useRef(true);
  const virtualizer = useVirtualizer({
    count: messages.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => 64,
    overscan: 8,
    getItemKey: (i) => messages[i]?.seq ?? i,
  });

  useEffect(() => {
    if (atEnd.current && messages.length > 0) virtualizer.scrollToIndex(messages.length - 1, { align: 'end' });
  }, [messages.length, virtualizer]);

  if (messages.length === 0) {
    return (
      <Box p="lg" data-testid="message-list" style={{ flex: 1 }}>
        <Text fz="sm" c="dimmed" ta="center">
          No messages yet. Subscribe to a topic, or publish one.
        </Text>
      </Box>
    );
  }

  return (
    <Box
      ref={parentRef}
      data-testid="message-list"
      role="log"
      aria-label="Messages"
      style={{ flex: 1, minHeight: 0, overflowY: 'auto' }}
      onScroll={(e) => {
        const el = e.currentTarget;
        atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
      }}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const m = messages[item.index] as MqttMessage;
          return (
            <div
              key={item.key}
              data-index={item.index}
              ref={virtualizer.measureElement}
              style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${item.start}px)`, padding: '3px 8px' }}
            >
              <MessageRow message={m} format={format} color={m.direction === 'in' ? colorFor(colors, m.topic) : undefined} />
            </div>
          );
        })}
      </div>
    </Box>
  );
}
