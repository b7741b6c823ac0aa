import type { DraggableAttributes, DraggableSyntheticListeners } from '@dnd-kit/core';
import { SortableContext, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Group as ProfileGroup } from '../../../shared/profile/profile';
import { dragId } from './sidebar-dnd';

/** What a group's drag handle needs: its element, and dnd-kit's attributes and listeners (pointer and keyboard). */
export interface DragHandle {
  ref: (element: HTMLElement | null) => void;
  attributes: DraggableAttributes;
  listeners: DraggableSyntheticListeners;
  dragging: boolean;
}

/** A group and its profiles as one sortable block; the header gets the handle, the profiles sort among themselves. */
export function SortableGroup(props: { group: ProfileGroup; profileIds: string[]; children: (handle: DragHandle) => ReactNode }) {
  const { setNodeRef, setActivatorNodeRef, attributes, listeners, transform, transition, isDragging } = useSortable({
    id: dragId('group', props.group.id),
  });
  return (
    <Stack
      ref={setNodeRef}
      gap={2}
      data-testid="group-block"
      data-group-name={props.group.name}
      style={{
        transform: CSS.Translate.toString(transform),
        transition,
        position: 'relative',
        zIndex: isDragging ? 2 : undefined,
        opacity: isDragging ? 0.85 : undefined,
        background: isDragging ? 'var(--mantine-color-body)' : undefined,
      }}
    >
      <SortableContext items={props.profileIds.map((id) => dragId('profile', id))} strategy={verticalListSortingStrategy}>
        {props.children({ ref: setActivatorNodeRef, attributes, listeners, dragging: isDragging })}
      </SortableContext>
    </Stack>
  );
}
