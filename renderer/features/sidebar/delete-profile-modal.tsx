import { Button, Group, Modal, Text } from '@mantine/core';
import { useState } from 'react';
import type { Profile } from '../../../shared/profile/profile';
import { useActions } from '../../store/store-context';
import { useT } from '../../i18n/use-t';

/** Asks before a profile, its files, secrets and reports are deleted for good. */
export function DeleteProfileModal({ profile, onClose }: { profile: Profile | null; onClose: () => void }) {
  const { deleteProfile, navigate, notify } = useActions();
  const [busy, setBusy] = useState(false);
  const { t } = useT(['sidebar', 'common']);
  const confirm = async () => {
    if (!profile) return;
    setBusy(true);
    const r = await deleteProfile(profile.id);
    setBusy(false);
    if (!r.ok) return notify('red', r.error.message);
    navigate({ kind: 'empty' });
    notify('blue', t('deleteModal.deleted', { name: profile.name }));
    onClose();
  };
  return (
    <Modal opened={profile !== null} onClose={onClose} title={t('deleteModal.title')} centered>
      <Text fz="sm">{t('deleteModal.body', { name: profile?.name ?? '' })}</Text>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={onClose}>
          {t('deleteModal.keep')}
        </Button>
        <Button color="red" loading={busy} onClick={() => void confirm()}>
          {t('common:delete')}
        </Button>
      </Group>
    </Modal>
  );
}
