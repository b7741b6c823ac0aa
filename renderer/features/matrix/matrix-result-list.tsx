import { Box, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { MatrixRowResult } from '../../../shared/matrix/matrix-run';
import { MatrixResultRow } from './matrix-result-row';
import { useT } from '../../i18n/use-t';

/** A run's results, virtualised: only the rows on screen exist in the DOM, so 100,000 rows scroll as well as ten. */
export function MatrixResultList({
  rows,
  empty,
  onOpen,
}: {
  rows: readonly MatrixRowResult[];
  empty: string;
  onOpen: (row: MatrixRowResult) => void;
}) {
  const { t } = useT('matrix');
  const parentRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => 52,
    overscan: 10,
    getItemKey: (i) => rows[i]?.id ?? i,
  });
  if (rows.length === 0)
    return (
      <Text fz="sm" c="dimmed" ta="center" p="lg" data-testid="matrix-results-empty">
        {empty}
      </Text>
    );
  return (
    <Box
      ref={parentRef}
      data-testid="matrix-results"
      role="list"
      aria-label={t('results.list')}
      style={{ flex: 1, minHeight: 0, overflowY: 'auto' }}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
        {virtualizer.getVirtualItems().map((item) => (
          <div
            key={item.key}
            role="listitem"
            data-index={item.index}
            ref={virtualizer.measureElement}
            style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${item.start}px)` }}
          >
            <MatrixResultRow row={rows[item.index] as MatrixRowResult} onOpen={onOpen} />
          </div>
        ))}
      </div>
    </Box>
  );
}
