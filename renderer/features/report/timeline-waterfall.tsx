import { Box, Group, Text, Tooltip } from '@mantine/core';
import type { TimelineEntry } from '../../../shared/connect/report';
import { phaseLabel } from './cause-text';
import { formatMs } from './report-format';
import { useT } from '../../i18n/use-t';

/** Per-phase bars on one time axis, like a browser's network waterfall. */
export function TimelineWaterfall({ timeline, totalMs }: { timeline: readonly TimelineEntry[]; totalMs: number }) {
  const { t } = useT('report');
  const span = Math.max(totalMs, ...timeline.map((e) => e.endMs), 0.001);
  return (
    <Box role="list" aria-label={t('timeline')} data-testid="timeline">
      {timeline.map((e, i) => {
        const left = (e.startMs / span) * 100;
        // A sub-millisecond phase still gets a visible sliver.
        const width = Math.max(((e.endMs - e.startMs) / span) * 100, 0.6);
        return (
          <Group key={`${e.phase}-${i}`} role="listitem" gap="sm" wrap="nowrap" py={3} data-phase={e.phase} data-ok={e.ok}>
            <Text fz="sm" w={90} fw={500} style={{ flexShrink: 0 }}>
              {phaseLabel(e.phase)}
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
              <Tooltip label={e.detail || phaseLabel(e.phase)} withinPortal>
                <Box
                  style={{
                    position: 'absolute',
                    left: `${Math.min(left, 99.4)}%`,
                    width: `${Math.min(width, 100 - Math.min(left, 99.4))}%`,
                    top: 0,
                    bottom: 0,
                    borderRadius: 3,
                    background: e.ok ? 'var(--mantine-color-teal-filled)' : 'var(--mantine-color-red-filled)',
                  }}
                />
              </Tooltip>
            </Box>
            <Text fz="xs" w={70} ta="right" c="dimmed" style={{ flexShrink: 0 }}>
              {formatMs(e.endMs - e.startMs)}
            </Text>
            {/* The detail gives way first in a narrow pane (it is truncated, with the whole text as its title). */}
            <Text fz="xs" c={e.ok ? 'dimmed' : 'red'} truncate="end" title={e.detail} style={{ flex: '0 1 260px', minWidth: 0 }}>
              {e.detail}
            </Text>
          </Group>
        );
      })}
    </Box>
  );
}
