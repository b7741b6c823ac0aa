import { Box, Button, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { LabEvent } from '../../../shared/lab/lab-event';
import { LabLogRow } from './lab-log-row';
import { useT } from '../../i18n/use-t';

/**
 * The lab's log, virtualised (only the rows on screen exist in the DOM). It follows new events
 * while scrolled to the end; scrolled up, it stays put and offers to jump to the newest.
 */
export function LabLogList({ events, names }: { events: readonly LabEvent[]; names: ReadonlyMap<string, string> }) {
  const { t } = useT('lab');
  const parentRef = useRef<HTMLDivElement>(null);
  const [following, setFollowing] = useState(true);
  const [seen, setSeen] = useState(0);
  const virtualizer = useVirtualizer({
    count: events.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => 26,
    overscan: 12,
    getItemKey: (i) => events[i]?.seq ?? i,
  });

  useEffect(() => {
    if (following && events.length > 0) virtualizer.scrollToIndex(events.length - 1, { align: 'end' });
  }, [events.length, following, virtualizer]);

  if (events.length === 0)
    return (
      <Box p="lg" data-testid="lab-log" style={{ flex: 1 }}>
        <Text fz="sm" c="dimmed" ta="center">
          {t('log.empty')}
        </Text>
      </Box>
    );

  const newer = following ? 0 : Math.max(0, events.length - seen);
  return (
    <Box style={{ flex: 1, minHeight: 0, position: 'relative', display: 'flex' }}>
      <Box
        ref={parentRef}
        data-testid="lab-log"
        data-following={following}
        role="log"
        aria-label={t('log.label')}
        style={{ flex: 1, minHeight: 0, overflowY: 'auto' }}
        onScroll={(e) => {
          const el = e.currentTarget;
          const atEnd = el.scrollHeight - el.scrollTop - el.clientHeight < 30;
          if (atEnd !== following) {
            setFollowing(atEnd);
            setSeen(events.length);
          }
        }}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const e = events[item.index] as LabEvent;
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  width: '100%',
                  transform: `translateY(${item.start}px)`,
                  padding: '2px 12px',
                }}
              >
                <LabLogRow event={e} cn={e.attempt ? names.get(e.attempt.id) : undefined} />
              </div>
            );
          })}
        </div>
      </Box>
      {!following && (
        <Button
          size="xs"
          radius="xl"
          style={{ position: 'absolute', bottom: 12, right: 24 }}
          onClick={() => setFollowing(true)}
          data-testid="lab-log-follow"
        >
          {newer > 0 ? t('log.newer', { count: newer }) : t('log.follow')}
        </Button>
      )}
    </Box>
  );
}
