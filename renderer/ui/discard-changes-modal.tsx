import { Button, Group, Modal, Text } from '@mantine/core';
import { selectPendingView } from '../store/selectors';
import { useActions, useAppStore } from '../store/store-context';

/** The unsaved-changes guard: shown when leaving the editor with edits. */
export function DiscardChangesModal() {
  const pending = useAppStore(selectPendingView);
  const { confirmDiscard, cancelDiscard } = useActions();
  return (
    <Modal opened={pending !== null} onClose={cancelDiscard} title="Discard unsaved changes?" centered>
      <Text fz="sm">This connection has changes that are not saved. Leave and lose them?</Text>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={cancelDiscard}>
          Keep editing
        </Button>
        <Button color="red" onClick={confirmDiscard}>
          Discard changes
        </Button>
      </Group>
    </Modal>
  );
}
