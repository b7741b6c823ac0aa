import { Button, Group, Modal, MultiSelect, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { selectProfiles } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { useT } from '../../i18n/use-t';

/** Adds saved profiles as rows; each keeps its profile's stored expectation (else accepted). */
export function ProfileRowsModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useT(['matrix', 'common']);
  const profiles = useAppStore(selectProfiles);
  const { addMatrixRows } = useActions();
  const [ids, setIds] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const add = async () => {
    setBusy(true);
    const r = await addMatrixRows({ kind: 'profiles', profileIds: ids });
    setBusy(false);
    if (!r.ok) return setProblem(r.error.message);
    setIds([]);
    setProblem(null);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('fromProfiles.title')}>
      <Stack gap="sm">
        <MultiSelect
          label={t('fromProfiles.profiles')}
          searchable
          data={profiles.map((p) => ({ value: p.id, label: p.name }))}
          value={ids}
          onChange={setIds}
          nothingFoundMessage={t('fromProfiles.noMatch')}
          data-testid="matrix-profile-picker"
        />
        {problem && (
          <Text c="red" fz="sm">
            {problem}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common:cancel')}
          </Button>
          <Button onClick={() => void add()} disabled={ids.length === 0} loading={busy}>
            {ids.length ? t('fromProfiles.add', { count: ids.length }) : t('fromProfiles.addNone')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
