import { Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { selectLab, selectProfiles } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { useT } from '../../i18n/use-t';

/** A new matrix: its name and its broker (the lab's, or a saved profile's). */
export function NewMatrixModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useT(['matrix', 'common']);
  const lab = useAppStore(selectLab);
  const profiles = useAppStore(selectProfiles);
  const { createMatrix } = useActions();
  const [name, setName] = useState('');
  const [target, setTarget] = useState<string>('lab');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const labPort = lab?.port ?? lab?.settings.port ?? lab?.defaultPort ?? 8883;
  const create = async () => {
    setBusy(true);
    const r = await createMatrix({
      name: name.trim(),
      target: target === 'lab' ? { kind: 'lab', port: labPort } : { kind: 'profile', profileId: target },
    });
    setBusy(false);
    if (!r.ok) return setProblem(r.error.message);
    setName('');
    setProblem(null);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('create.title')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) void create();
        }}
      >
        <Stack gap="sm">
          <TextInput
            label={t('create.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            data-autofocus
            data-testid="matrix-new-name"
          />
          <Select
            label={t('create.broker')}
            description={t('create.brokerHint')}
            allowDeselect={false}
            searchable
            data={[
              { value: 'lab', label: t('create.lab', { port: labPort }) },
              ...profiles.map((p) => ({ value: p.id, label: `${p.name} (${p.settings.host}:${p.settings.port})` })),
            ]}
            value={target}
            onChange={(v) => v && setTarget(v)}
            data-testid="matrix-new-target"
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
            <Button type="submit" disabled={!name.trim()} loading={busy} data-testid="matrix-new-create">
              {t('create.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
