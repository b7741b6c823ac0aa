import { Alert, Badge, Button, Group, Progress, Stack, Switch, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { MatrixRowResult } from '../../../shared/matrix/matrix-run';
import type { ResultFormat } from '../../../shared/matrix/matrix-view';
import type { MatrixRunView } from '../../store/matrix-slice';
import { countRows, failuresOf } from '../../store/matrix-rows';
import { useActions } from '../../store/store-context';
import { formatMs } from '../report/report-format';
import { MatrixExportMenu } from './matrix-export-menu';
import { MatrixReportModal } from './matrix-report-modal';
import { MatrixResultList } from './matrix-result-list';
import { useT } from '../../i18n/use-t';

/** The run shown: progress while it runs, the counts, its rows (all or only failures), re-run, cancel and export. */
export function MatrixResultsPanel({ shown, canRun }: { shown: MatrixRunView | null; canRun: boolean }) {
  const { t } = useT('matrix');
  const { runMatrix, cancelMatrixRun, exportMatrixResults } = useActions();
  const [onlyFailures, setOnlyFailures] = useState(false);
  const [opened, setOpened] = useState<MatrixRowResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const rows = useMemo(() => (shown ? (onlyFailures ? failuresOf(shown.rows) : shown.rows) : []), [shown, onlyFailures]);
  const counts = useMemo(() => countRows(shown?.rows ?? []), [shown]);
  const running = shown?.run.state === 'running';
  const act = async (f: () => Promise<{ ok: boolean; error?: { message: string } }>) => {
    setBusy(true);
    setProblem(null);
    const r = await f();
    setBusy(false);
    if (!r.ok) setProblem(r.error?.message ?? t('results.failed'));
  };
  const exportAs = (format: ResultFormat) => void act(() => exportMatrixResults(format));
  const percent = shown && shown.total > 0 ? Math.round((shown.done / shown.total) * 100) : 0;
  return (
    <Stack gap="xs" style={{ flex: 1, minHeight: 0 }} data-testid="matrix-results-panel">
      <Group gap="xs" justify="space-between" wrap="wrap">
        <Group gap="xs">
          <Button
            size="xs"
            onClick={() => void act(() => runMatrix(false))}
            disabled={!canRun || running}
            loading={busy && !running}
            data-testid="matrix-run"
          >
            {t('results.run')}
          </Button>
          <Button
            size="xs"
            variant="default"
            onClick={() => void act(() => runMatrix(true))}
            disabled={!canRun || running || !shown || counts.failed + counts.cancelled === 0}
            data-testid="matrix-rerun"
          >
            {t('results.rerun')}
          </Button>
          {running && (
            <Button size="xs" color="red" variant="light" onClick={() => void act(cancelMatrixRun)} data-testid="matrix-cancel">
              {t('results.cancel')}
            </Button>
          )}
        </Group>
        <Group gap="xs">
          <Switch
            size="xs"
            label={t('results.failuresOnly')}
            checked={onlyFailures}
            onChange={(e) => setOnlyFailures(e.currentTarget.checked)}
            data-testid="matrix-failures-only"
          />
          <MatrixExportMenu disabled={!shown || running} onExport={exportAs} />
        </Group>
      </Group>
      {problem && (
        <Alert color="red" p="xs" withCloseButton onClose={() => setProblem(null)} data-testid="matrix-results-problem">
          {problem}
        </Alert>
      )}
      {shown && (
        <Stack gap={4}>
          <Progress
            value={percent}
            size="md"
            animated={running}
            color={counts.failed > 0 ? 'red' : 'green'}
            aria-label={t('results.progress')}
            data-testid="matrix-progress"
          />
          <Group gap="xs" data-testid="matrix-summary" data-state={shown.run.state}>
            <Text fz="sm" fw={600}>
              {shown.done} / {shown.total}
            </Text>
            <Badge color="green" variant="light">
              {t('results.passed', { count: counts.passed })}
            </Badge>
            <Badge color="red" variant="light">
              {t('results.failedCount', { count: counts.failed })}
            </Badge>
            {counts.cancelled > 0 && (
              <Badge color="gray" variant="light">
                {t('results.cancelled', { count: counts.cancelled })}
              </Badge>
            )}
            {shown.run.summary.notRun > 0 && (
              <Badge color="gray" variant="outline">
                {t('results.notRun', { count: shown.run.summary.notRun })}
              </Badge>
            )}
            <Text fz="xs" c="dimmed">
              {running
                ? t('results.running')
                : t('results.finished', { state: t(`results.states.${shown.run.state}`), time: formatMs(shown.run.summary.elapsedMs) })}
              {shown.run.rerunOf ? t('results.rerunOf') : ''}
            </Text>
          </Group>
        </Stack>
      )}
      <MatrixResultList
        rows={rows}
        onOpen={setOpened}
        empty={!shown ? t('results.notYet') : onlyFailures ? t('results.noFailures') : t('results.waiting')}
      />
      {shown && <MatrixReportModal runId={shown.run.id} row={opened} onClose={() => setOpened(null)} />}
    </Stack>
  );
}
