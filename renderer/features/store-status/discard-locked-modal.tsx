import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { StoreStatus } from '../../../shared/profile/store-status';
import { useActions } from '../../store/store-context';

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
    notify('blue', `Discarded ${r.value.count} secret${r.value.count === 1 ? '' : 's'}; enter them again in the profile editor.`);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={onClose} title="Discard the secrets that cannot be decrypted?" centered>
      <Stack gap="sm">
        <Text fz="sm">
          {n === 1 ? 'One stored secret' : `${n} stored secrets`} of {locked.profiles.map((p) => `“${p.name}”`).join(', ')} will be removed
          for good. The profiles keep their settings and certificates; you enter their keys, passphrases and passwords again in the profile
          editor.
        </Text>
        <Text fz="sm" c="dimmed">
          If you can restore the key they were sealed with (for example the data folder’s secret.key from a backup), do that instead and
          restart Keyhole.
        </Text>
        {failure && (
          <Alert color="red" variant="light" title="Nothing was discarded">
            {failure}
          </Alert>
        )}
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            Keep them
          </Button>
          <Button color="red" loading={busy} onClick={() => void confirm()}>{`Discard ${n === 1 ? 'it' : `${n} secrets`}`}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
