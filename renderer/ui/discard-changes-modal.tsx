import { Button, Group, Modal, Text } from '@mantine/core';
import { selectPendingView } from '../store/selectors';
import { useActions, useAppStore } from '../store/store-context';
import { useT } from '../i18n/use-t';

/** The unsaved-changes guard: shown when leaving the editor with edits. */
export function DiscardChangesModal() {
  const { t } = useT('ui');
  const pending = useAppStore(selectPendingView);
  const { confirmDiscard, cancelDiscard } = useActions();
  return (
    <Modal opened={pending !== null} onClose={cancelDiscard} title={t('discard.title')} centered>
      <Text fz="sm">{t('discard.body')}</Text>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={cancelDiscard}>
          {t('discard.keep')}
        </Button>
        <Button color="red" onClick={confirmDiscard}>
          {t('discard.confirm')}
        </Button>
      </Group>
    </Modal>
  );
}
