import { Box, Group, Text, Tooltip } from '@mantine/core';
import type { TimelineEntry } from '../../../shared/connect/report';
import { phaseLabel } from './cause-text';
import { formatMs } from './report-format';

/** Per-phase bars on one time axis, like a browser's network waterfall. */
export function TimelineWaterfall({ timeline, totalMs }: { timeline: readonly TimelineEntry[]; totalMs: number }) {
  const span = Math.max(totalMs, ...timeline.map((t) => t.endMs), 0.001);
  return (
    <Box role="list" aria-label="Timeline" data-testid="timeline">
      {timeline.map((t, i) => {
        const left = (t.startMs / span) * 100;
        // A sub-millisecond phase still gets a visible sliver.
        const width = Math.max(((t.endMs - t.startMs) / span) * 100, 0.6);
        return (
          <Group key={`${t.phase}-${i}`} role="listitem" gap="sm" wrap="nowrap" py={3} data-phase={t.phase} data-ok={t.ok}>
            <Text fz="sm" w={90} fw={500} style={{ flexShrink: 0 }}>
              {phaseLabel(t.phase)}
            </Text>
            <Box
              style={{
                flex: 1,
                minWidth: 60,
                position: 'relative',
                height: 14,
                background: 'var(--mantine-color-default-border)',
                borderRadius: 3,
              }}
            >
              <Tooltip label={t.detail || phaseLabel(t.phase)} withinPortal>
                <Box
                  style={{
                    position: 'absolute',
                    left: `${Math.min(left, 99.4)}%`,
                    width: `${Math.min(width, 100 - Math.min(left, 99.4))}%`,
                    top: 0,
                    bottom: 0,
                    borderRadius: 3,
                    background: t.ok ? 'var(--mantine-color-teal-filled)' : 'var(--mantine-color-red-filled)',
                  }}
                />
              </Tooltip>
            </Box>
            <Text fz="xs" w={70} ta="right" c="dimmed" style={{ flexShrink: 0 }}>
              {formatMs(t.endMs - t.startMs)}
            </Text>
            {/* The detail gives way first in a narrow pane (it is truncated, with the whole text as its title). */}
            <Text fz="xs" c={t.ok ? 'dimmed' : 'red'} truncate="end" title={t.detail} style={{ flex: '0 1 260px', minWidth: 0 }}>
              {t.detail}
            </Text>
          </Group>
        );
      })}
    </Box>
  );
}
