import { Button, Group, Modal, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import type { MatrixView } from '../../../shared/matrix/matrix-view';
import { useActions } from '../../store/store-context';
import { useT } from '../../i18n/use-t';

/** The open matrix's name and broker, with rename and delete (asked first). */
export function MatrixHeader({ matrix }: { matrix: MatrixView }) {
  const { t } = useT(['matrix', 'common']);
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
          {t('header.against', { target: matrix.target.label, count: matrix.rows.length })}
          {matrix.accessCheck ? t('header.access', { topic: matrix.accessCheck }) : ''}
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
          {t('header.rename')}
        </Button>
        <Button size="xs" variant="subtle" color="red" onClick={() => setDialog('delete')} data-testid="matrix-delete">
          {t('header.delete')}
        </Button>
      </Group>
      <Modal opened={dialog === 'rename'} onClose={close} title={t('header.renameTitle')}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) void rename();
          }}
        >
          <Stack gap="sm">
            <TextInput
              label={t('header.name')}
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
                {t('common:cancel')}
              </Button>
              <Button type="submit" disabled={!name.trim()}>
                {t('header.rename')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <Modal opened={dialog === 'delete'} onClose={close} title={t('header.deleteTitle', { name: matrix.name })}>
        <Stack gap="sm">
          <Text fz="sm">{t('header.deleteBody')}</Text>
          {problem && (
            <Text c="red" fz="sm">
              {problem}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('header.keep')}
            </Button>
            <Button color="red" onClick={() => void remove()} data-testid="matrix-delete-confirm">
              {t('header.delete')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Group>
  );
}
