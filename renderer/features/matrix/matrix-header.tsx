import { Button, Group, Modal, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import type { MatrixView } from '../../../shared/matrix/matrix-view';
import { useActions } from '../../store/store-context';

/** The open matrix's name and broker, with rename and delete (asked first). */
export function MatrixHeader({ matrix }: { matrix: MatrixView }) {
  const { renameMatrix, deleteMatrix } = useActions();
  const [dialog, setDialog] = useState<'rename' | 'delete' | null>(null);
  const [name, setName] = useState(matrix.name);
  const [problem, setProblem] = useState<string | null>(null);
  const close = () => {
    setDialog(null);
    setProblem(null);
  };
  const rename = async () => {
    const r = await renameMatrix(matrix.id, name.trim());
    if (r.ok) close();
    else setProblem(r.error.message);
  };
  const remove = async () => {
    const r = await deleteMatrix(matrix.id);
    if (r.ok) close();
    else setProblem(r.error.message);
  };
  return (
    <Group gap="xs" justify="space-between" wrap="nowrap">
      <div style={{ minWidth: 0 }}>
        <Title order={2} fz="lg" lineClamp={1} data-testid="matrix-title">
          {matrix.name}
        </Title>
        <Text fz="xs" c="dimmed" truncate="end">
          against {matrix.target.label} · {matrix.rows.length} rows{matrix.accessCheck ? ` · access check on ${matrix.accessCheck}` : ''}
        </Text>
      </div>
      <Group gap={4} wrap="nowrap">
        <Button
          size="xs"
          variant="subtle"
          onClick={() => {
            setName(matrix.name);
            setDialog('rename');
          }}
          data-testid="matrix-rename"
        >
          Rename
        </Button>
        <Button size="xs" variant="subtle" color="red" onClick={() => setDialog('delete')} data-testid="matrix-delete">
          Delete
        </Button>
      </Group>
      <Modal opened={dialog === 'rename'} onClose={close} title="Rename matrix">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) void rename();
          }}
        >
          <Stack gap="sm">
            <TextInput
              label="Name"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              data-autofocus
              data-testid="matrix-rename-name"
            />
            {problem && (
              <Text c="red" fz="sm">
                {problem}
              </Text>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" disabled={!name.trim()}>
                Rename
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <Modal opened={dialog === 'delete'} onClose={close} title={`Delete ${matrix.name}?`}>
        <Stack gap="sm">
          <Text fz="sm">The matrix and the secrets its rows carry are deleted. Its runs stay in the run list, with their results.</Text>
          {problem && (
            <Text c="red" fz="sm">
              {problem}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Keep it
            </Button>
            <Button color="red" onClick={() => void remove()} data-testid="matrix-delete-confirm">
              Delete
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Group>
  );
}
