import { Box } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { MatrixRowView } from '../../../shared/matrix/matrix-view';
import { MatrixRowLine } from './matrix-row-line';

/** A matrix's rows, virtualised: a batch folder of thousands of devices stays as quick as ten rows. */
export function MatrixRowList({
  rows,
  selected,
  onToggle,
}: {
  rows: readonly MatrixRowView[];
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
}) {
  const parentRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => 50,
    overscan: 10,
    getItemKey: (i) => rows[i]?.id ?? i,
  });
  return (
    <Box ref={parentRef} data-testid="matrix-rows" style={{ flex: 1, minHeight: 0, overflowY: 'auto' }}>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index] as MatrixRowView;
          return (
            <div
              key={item.key}
              data-index={item.index}
              ref={virtualizer.measureElement}
              style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${item.start}px)` }}
            >
              <MatrixRowLine row={row} selected={selected.has(row.id)} onToggle={onToggle} />
            </div>
          );
        })}
      </div>
    </Box>
  );
}
