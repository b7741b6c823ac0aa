import { Box, Button, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useLayoutEffect, useRef } from 'react';
import type { MqttMessage, PayloadView } from '../../../shared/ipc/contract';
import { MessageRow, ROW_HEIGHT, RowTypeSample } from './message-row';
import { colorFor } from './topic-match';
import { useFollow } from './use-follow';
import { useT } from '../../i18n/use-t';
import { formatNumber } from '../../i18n/format';

/**
 * The message history, virtualised: only the rows on screen exist in the DOM. It follows as chat
 * apps do: at the end, new messages keep it at the end (also while rows are measured and grow);
 * scrolled up by the user, it stays on the messages being read and offers "Jump to latest
 * (N new)"; the button, the End key or scrolling back to the end resumes following.
 */
export const MessageList = memo(function MessageList({
  messages,
  added,
  paused,
  colors,
  formatFor,
  onFormat,
  onSave,
  expanded,
  onExpand,
}: {
  messages: readonly MqttMessage[];
  /** The view's running count of matching messages appended, to tell how many are new. */
  added: number;
  paused: boolean;
  colors: Readonly<Record<string, string>>;
  formatFor: (m: MqttMessage) => PayloadView;
  onFormat: (seq: number, view: PayloadView) => void;
  onSave: (m: MqttMessage, view: PayloadView) => void;
  /** Rows shown in full (measured); the others have a fixed height. */
  expanded: ReadonlySet<number>;
  onExpand: (seq: number, expanded: boolean) => void;
}) {
  const { t } = useT('messages');
  const parentRef = useRef<HTMLDivElement>(null);
  const innerRef = useRef<HTMLDivElement>(null);
  const empty = messages.length === 0;
  const { following, fresh, jump, handlers } = useFollow(parentRef, innerRef, { added, changed: messages, mounted: !empty });
  // The virtualizer recomputes every row's place when these functions change: kept the same
  // across renders (reading the latest props through a ref), a scroll costs it only the rows shown.
  const latest = useRef({ messages, expanded });
  latest.current = { messages, expanded };
  const estimateSize = useCallback((i: number) => {
    const { messages: all, expanded: open } = latest.current;
    return open.has(all[i]?.seq ?? -1) ? 240 : ROW_HEIGHT;
  }, []);
  const getItemKey = useCallback((i: number) => latest.current.messages[i]?.seq ?? i, []);
  const virtualizer = useVirtualizer({
    count: messages.length,
    getScrollElement: () => parentRef.current,
    // Collapsed rows have a fixed height, so a flood mounts rows without measuring them.
    estimateSize,
    overscan: 6,
    getItemKey,
    // While the user reads older messages, the row at the top stays put as rows come and go.
    anchorTo: following ? 'start' : 'end',
  });
  // A row opened or closed changes its height: every row's place is worked out again, the open
  // ones measured anew (a closed row must not keep the height it had open).
  useLayoutEffect(() => virtualizer.measure(), [expanded, virtualizer]);

  // Rows are recycled: the k rows on screen are keyed by index modulo k, so k consecutive rows
  // always hold the same k keys and, as a flood scrolls the list, the same elements take the next
  // messages instead of being removed and made anew (DOM and style work that made the longest
  // tasks). Their order in the page stays the order on screen. An expanded row keeps its own
  // element, for its measured height.
  const items = virtualizer.getVirtualItems();
  const slots = items.length;

  if (empty) {
    return (
      <Box p="lg" data-testid="message-list" style={{ flex: 1, position: 'relative', overflow: 'hidden' }}>
        <Text fz="sm" c="dimmed" ta="center">
          {t('list.empty')}
        </Text>
        <RowTypeSample />
      </Box>
    );
  }

  return (
    <Box style={{ flex: 1, minHeight: 0, position: 'relative', display: 'flex', flexDirection: 'column' }}>
      <Box
        ref={parentRef}
        data-testid="message-list"
        data-following={following && !paused ? 'true' : 'false'}
        role="log"
        aria-live="off"
        aria-label={t('list.label')}
        tabIndex={0}
        style={{ flex: 1, minHeight: 0, overflowY: 'auto', overflowAnchor: 'none' }}
        {...handlers}
      >
        <div ref={innerRef} style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
          {items.map((item) => {
            const m = messages[item.index] as MqttMessage;
            const open = expanded.has(m.seq);
            return (
              <div
                key={open ? `seq-${m.seq}` : `slot-${item.index % slots}`}
                data-index={item.index}
                ref={open ? virtualizer.measureElement : undefined}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  width: '100%',
                  transform: `translateY(${item.start}px)`,
                  padding: '3px 8px',
                }}
              >
                <MessageRow
                  message={m}
                  format={formatFor(m)}
                  color={m.direction === 'in' ? colorFor(colors, m.topic) : undefined}
                  expanded={open}
                  onFormat={onFormat}
                  onSave={onSave}
                  onExpand={onExpand}
                />
              </div>
            );
          })}
        </div>
      </Box>
      {!following && !paused && (
        <Button
          size="xs"
          radius="xl"
          onClick={jump}
          data-testid="jump-to-latest"
          style={{ position: 'absolute', bottom: 12, left: '50%', transform: 'translateX(-50%)', boxShadow: 'var(--mantine-shadow-md)' }}
        >
          {fresh > 0 ? t('list.jumpNew', { n: formatNumber(fresh) }) : t('list.jump')}
        </Button>
      )}
    </Box>
  );
});
