import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { StoreStatus } from '../../../shared/profile/store-status';
import { useActions } from '../../store/store-context';
import { useT } from '../../i18n/use-t';
import { quotedList } from '../../i18n/format';

/** Asks before the secrets that cannot be decrypted are removed from the store for good. */
export function DiscardLockedModal({
  opened,
  locked,
  onClose,
}: {
  opened: boolean;
  locked: NonNullable<StoreStatus['lockedSecrets']>;
  onClose: () => void;
}) {
  const { t } = useT('storeStatus');
  const { discardLockedSecrets, notify } = useActions();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const n = locked.count;
  const confirm = async () => {
    setBusy(true);
    setFailure(null);
    const r = await discardLockedSecrets();
    setBusy(false);
    if (!r.ok) return setFailure(r.error.message);
    notify('blue', t('discard.done', { count: r.value.count }));
    onClose();
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('discard.title')} centered>
      <Stack gap="sm">
        <Text fz="sm">{t('discard.body', { count: n, profiles: quotedList(locked.profiles.map((p) => p.name)) })}</Text>
        <Text fz="sm" c="dimmed">
          {t('discard.restoreInstead')}
        </Text>
        {failure && (
          <Alert color="red" variant="light" title={t('discard.failed')}>
            {failure}
          </Alert>
        )}
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t('discard.keep')}
          </Button>
          <Button color="red" loading={busy} onClick={() => void confirm()}>
            {t('discard.confirm', { count: n })}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
