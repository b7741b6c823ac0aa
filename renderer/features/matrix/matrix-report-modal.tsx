import { Center, Loader, Modal, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { ConnectReport } from '../../../shared/connect/report';
import type { MatrixRowResult } from '../../../shared/matrix/matrix-run';
import { useActions } from '../../store/store-context';
import { ReportView } from '../report/report-view';
import { useT } from '../../i18n/use-t';

/** One row's full report, fetched from its run when opened. */
export function MatrixReportModal({ runId, row, onClose }: { runId: string; row: MatrixRowResult | null; onClose: () => void }) {
  const { t } = useT('matrix');
  const { loadMatrixReport } = useActions();
  const [report, setReport] = useState<ConnectReport | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    setReport(null);
    setProblem(null);
    if (!row) return;
    let live = true;
    void loadMatrixReport(runId, row.reportId).then((r) => {
      if (!live) return;
      if (r.ok) setReport(r.value);
      else setProblem(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [runId, row, loadMatrixReport]);
  return (
    <Modal opened={row !== null} onClose={onClose} title={row ? `${row.name}: ${row.why}` : ''} size="xl" data-testid="matrix-report">
      {problem ? (
        <Text c="red" fz="sm">
          {t('results.reportProblem', { problem })}
        </Text>
      ) : report ? (
        <ReportView report={report} />
      ) : (
        <Center p="lg">
          <Loader size="sm" />
        </Center>
      )}
    </Modal>
  );
}
