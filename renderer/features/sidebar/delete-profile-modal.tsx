import { Button, Group, Modal, Text } from '@mantine/core';
import { useState } from 'react';
import type { Profile } from '../../../shared/profile/profile';
import { useActions } from '../../store/store-context';

/** Asks before a profile, its files, secrets and reports are deleted for good. */
export function DeleteProfileModal({ profile, onClose }: { profile: Profile | null; onClose: () => void }) {
  const { deleteProfile, navigate, notify } = useActions();
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    if (!profile) return;
    setBusy(true);
    const r = await deleteProfile(profile.id);
    setBusy(false);
    if (!r.ok) return notify('red', r.error.message);
    navigate({ kind: 'empty' });
    notify('blue', `Deleted “${profile.name}”`);
    onClose();
  };
  return (
    <Modal opened={profile !== null} onClose={onClose} title="Delete connection?" centered>
      <Text fz="sm">
        “{profile?.name}” will be deleted with its imported files, stored secrets and report history. This cannot be undone.
      </Text>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={onClose}>
          Keep it
        </Button>
        <Button color="red" loading={busy} onClick={() => void confirm()}>
          Delete
        </Button>
      </Group>
    </Modal>
  );
}
