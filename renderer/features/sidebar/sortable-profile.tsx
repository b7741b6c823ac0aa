import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { Box } from '@mantine/core';
import type { PointerEvent, ReactNode } from 'react';
import { dragId } from './sidebar-dnd';

/**
 * A profile row that can be dragged by the pointer to another place or group. Its keyboard way is
 * Alt+Up / Alt+Down and the row's menu, so the row gets no drag role or extra tab stop of its own.
 */
export function SortableProfile({ profileId, children }: { profileId: string; children: ReactNode }) {
  const { setNodeRef, listeners, transform, transition, isDragging } = useSortable({ id: dragId('profile', profileId) });
  return (
    <Box
      ref={setNodeRef}
      onPointerDown={listeners?.onPointerDown as ((event: PointerEvent<HTMLDivElement>) => void) | undefined}
      data-dragging={isDragging || undefined}
      style={{
        transform: CSS.Translate.toString(transform),
        transition,
        position: 'relative',
        zIndex: isDragging ? 3 : undefined,
        background: isDragging ? 'var(--mantine-color-body)' : undefined,
        boxShadow: isDragging ? 'var(--mantine-shadow-sm)' : undefined,
      }}
    >
      {children}
    </Box>
  );
}
