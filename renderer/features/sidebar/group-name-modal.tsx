import { Button, Group, Modal, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Group as ProfileGroup } from '../../../shared/profile/profile';
import { useActions } from '../../store/store-context';
import { useT } from '../../i18n/use-t';

/** Names a new group, or renames one. `group` undefined: closed; null: new group. */
export function GroupNameModal({ group, onClose }: { group: ProfileGroup | null | undefined; onClose: () => void }) {
  const { saveGroup, notify } = useActions();
  const { t } = useT(['sidebar', 'common']);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setName(group?.name ?? '');
    setError(null);
  }, [group]);
  const submit = async () => {
    if (!name.trim()) return setError(t('groupModal.nameRequired'));
    const r = await saveGroup(group ? { id: group.id, name: name.trim(), collapsed: group.collapsed } : { name: name.trim() });
    if (!r.ok) return setError(r.error.message);
    notify('green', group ? t('groupModal.renamed') : t('groupModal.created', { name: r.value.name }));
    onClose();
  };
  return (
    <Modal opened={group !== undefined} onClose={onClose} title={group ? t('groupModal.renameTitle') : t('groupModal.newTitle')} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <TextInput
          label={t('groupModal.name')}
          data-autofocus
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={error}
        />
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={onClose}>
            {t('common:cancel')}
          </Button>
          <Button type="submit">{group ? t('groupModal.rename') : t('groupModal.create')}</Button>
        </Group>
      </form>
    </Modal>
  );
}
