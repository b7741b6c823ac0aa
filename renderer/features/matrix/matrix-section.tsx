import { Center, Stack, Tabs, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { selectLabLoad, selectMatrixLoad, selectMatrixRun, selectOpenMatrix } from '../../store/selectors';
import { useActions, useAppStore } from '../../store/store-context';
import { MatrixHeader } from './matrix-header';
import { MatrixList } from './matrix-list';
import { MatrixResultsPanel } from './matrix-results-panel';
import { MatrixRowsPanel } from './matrix-rows-panel';
import { useT } from '../../i18n/use-t';

type MatrixTab = 'rows' | 'results';

/** Credential matrices: many identities against one broker, each with the outcome it should get, run and reported. */
export function MatrixSection() {
  const { t } = useT('matrix');
  const load = useAppStore(selectMatrixLoad);
  const labLoad = useAppStore(selectLabLoad);
  const matrix = useAppStore(selectOpenMatrix);
  const shown = useAppStore(selectMatrixRun);
  const { loadMatrices, loadLab } = useActions();
  const [tab, setTab] = useState<MatrixTab>('rows');
  useEffect(() => {
    if (load === 'idle') void loadMatrices();
    // The lab's port is the default broker of a new matrix.
    if (labLoad === 'idle') void loadLab();
  }, [load, labLoad, loadMatrices, loadLab]);
  // A run started (here or by re-run) shows its rows as they come.
  const running = shown?.run.state === 'running';
  useEffect(() => {
    if (running) setTab('results');
  }, [running]);
  return (
    <div
      style={{ display: 'grid', gridTemplateColumns: 'clamp(150px, 22%, 260px) minmax(0, 1fr)', height: '100%' }}
      data-testid="matrix-section"
    >
      <MatrixList />
      {!matrix ? (
        <Center p="lg">
          <Stack gap={4} align="center" maw={460}>
            <Title order={2} fz="xl" ta="center">
              {t('section.question')}
            </Title>
            <Text c="dimmed" ta="center" fz="sm">
              {load === 'error' ? t('section.unreadable') : t('section.intro')}
            </Text>
          </Stack>
        </Center>
      ) : (
        <Stack gap="xs" p="md" style={{ minWidth: 0, minHeight: 0 }}>
          <MatrixHeader matrix={matrix} />
          <Tabs
            value={tab}
            onChange={(v) => v && setTab(v as MatrixTab)}
            style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}
          >
            <Tabs.List>
              <Tabs.Tab value="rows" data-testid="matrix-tab-rows">
                {t('section.rows')}
              </Tabs.Tab>
              <Tabs.Tab value="results" data-testid="matrix-tab-results">
                {t('section.results')}
              </Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel
              value="rows"
              pt="xs"
              style={{ flex: 1, minHeight: 0, display: tab === 'rows' ? 'flex' : 'none', flexDirection: 'column' }}
            >
              <MatrixRowsPanel matrix={matrix} />
            </Tabs.Panel>
            <Tabs.Panel
              value="results"
              pt="xs"
              style={{ flex: 1, minHeight: 0, display: tab === 'results' ? 'flex' : 'none', flexDirection: 'column' }}
            >
              <MatrixResultsPanel shown={shown} canRun={matrix.rows.length > 0} />
            </Tabs.Panel>
          </Tabs>
        </Stack>
      )}
    </div>
  );
}
