import { Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { selectLab, selectProfiles } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';

/** A new matrix: its name and its broker (the lab's, or a saved profile's). */
export function NewMatrixModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
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
    <Modal opened={opened} onClose={onClose} title="New matrix">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) void create();
        }}
      >
        <Stack gap="sm">
          <TextInput
            label="Name"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            data-autofocus
            data-testid="matrix-new-name"
          />
          <Select
            label="Broker"
            description="The host, port, trust and MQTT options every row connects with"
            allowDeselect={false}
            searchable
            data={[
              { value: 'lab', label: `The lab (port ${labPort})` },
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
              Cancel
            </Button>
            <Button type="submit" disabled={!name.trim()} loading={busy} data-testid="matrix-new-create">
              Create
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
