import { Button, FileButton, Group, NavLink, ScrollArea, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { selectMatrices, selectOpenMatrix } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { NewMatrixModal } from './new-matrix-modal';
import { useT } from '../../i18n/use-t';

/** Saved matrices: open one, make a new one, or import a matrix file. */
export function MatrixList() {
  const { t } = useT('matrix');
  const matrices = useAppStore(selectMatrices);
  const open = useAppStore(selectOpenMatrix);
  const { selectMatrix, importMatrix } = useActions();
  const [creating, setCreating] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const onImport = async (file: File | null) => {
    if (!file) return;
    const r = await importMatrix({ text: await file.text(), fileName: file.name.slice(0, 255) });
    // The host's message usually names the file already; say which file only when it does not.
    setProblem(
      r.ok
        ? null
        : r.error.message.includes(file.name)
          ? r.error.message
          : t('list.problem', { file: file.name, message: r.error.message }),
    );
  };
  return (
    <Stack gap="xs" h="100%" p="sm" style={{ borderRight: '1px solid var(--mantine-color-default-border)' }} data-testid="matrix-list">
      <Group gap={4} wrap="wrap">
        <Button size="xs" onClick={() => setCreating(true)} data-testid="matrix-new">
          {t('list.new')}
        </Button>
        <FileButton onChange={(f) => void onImport(f)} accept=".json,.yaml,.yml,application/json">
          {(props) => (
            <Button size="xs" variant="default" {...props} data-testid="matrix-import">
              {t('list.import')}
            </Button>
          )}
        </FileButton>
      </Group>
      {problem && (
        <Text c="red" fz="xs" data-testid="matrix-import-problem">
          {problem}
        </Text>
      )}
      <ScrollArea style={{ flex: 1 }} type="auto">
        {matrices.length === 0 ? (
          <Text fz="sm" c="dimmed" p="xs">
            {t('list.none')}
          </Text>
        ) : (
          matrices.map((m) => (
            <NavLink
              key={m.id}
              label={m.name}
              description={t('list.rows', { count: m.rowCount, target: m.target.label })}
              active={open?.id === m.id}
              onClick={() => void selectMatrix(m.id)}
              data-testid="matrix-item"
            />
          ))
        )}
      </ScrollArea>
      <NewMatrixModal opened={creating} onClose={() => setCreating(false)} />
    </Stack>
  );
}
