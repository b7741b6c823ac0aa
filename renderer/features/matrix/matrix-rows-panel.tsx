import { Alert, Button, Checkbox, Group, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { OutcomeExpectation } from '../../../shared/matrix/matrix-file';
import type { MatrixView } from '../../../shared/matrix/matrix-view';
import { useActions } from '../../store/store-context';
import { AddRowsMenu } from './add-rows-menu';
import { ExpectationSelect } from './expectation-select';
import { MatrixRowList } from './matrix-row-list';
import { useT } from '../../i18n/use-t';

/** A matrix's rows: add them, select some, set their expectation in bulk, remove them. */
export function MatrixRowsPanel({ matrix }: { matrix: MatrixView }) {
  const { t } = useT('matrix');
  const { setRowsExpectation, removeMatrixRows } = useActions();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [expect, setExpect] = useState<OutcomeExpectation | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // Rows removed elsewhere leave the selection.
  useEffect(() => {
    const ids = new Set(matrix.rows.map((r) => r.id));
    setSelected((s) => new Set([...s].filter((id) => ids.has(id))));
  }, [matrix]);
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const all = matrix.rows.length > 0 && selected.size === matrix.rows.length;
  const apply = async () => {
    if (!expect) return;
    const r = await setRowsExpectation([...selected], expect);
    setProblem(r.ok ? null : r.error.message);
  };
  const remove = async () => {
    const r = await removeMatrixRows([...selected]);
    if (r.ok) setSelected(new Set());
    setProblem(r.ok ? null : r.error.message);
  };
  return (
    <Stack gap="xs" style={{ flex: 1, minHeight: 0 }} data-testid="matrix-rows-panel">
      <Group gap="xs" wrap="wrap" align="flex-end">
        <AddRowsMenu onProblem={setProblem} />
        <Checkbox
          size="xs"
          label={selected.size ? t('rows.selected', { count: selected.size }) : t('rows.selectAll')}
          checked={all}
          indeterminate={selected.size > 0 && !all}
          onChange={() => setSelected(all ? new Set() : new Set(matrix.rows.map((r) => r.id)))}
          disabled={matrix.rows.length === 0}
          data-testid="matrix-select-all"
        />
        <ExpectationSelect value={expect} onChange={setExpect} testId="matrix-bulk-expect" />
        <Button
          size="xs"
          variant="default"
          disabled={!expect || selected.size === 0}
          onClick={() => void apply()}
          data-testid="matrix-apply-expect"
        >
          {t('rows.setExpectation')}
        </Button>
        <Button
          size="xs"
          variant="subtle"
          color="red"
          disabled={selected.size === 0}
          onClick={() => void remove()}
          data-testid="matrix-remove-rows"
        >
          {t('rows.remove')}
        </Button>
      </Group>
      {problem && (
        <Alert color="red" p="xs" withCloseButton onClose={() => setProblem(null)} data-testid="matrix-rows-problem">
          {problem}
        </Alert>
      )}
      {matrix.rows.length === 0 ? (
        <Text fz="sm" c="dimmed" ta="center" p="lg">
          {t('rows.empty')}
        </Text>
      ) : (
        <MatrixRowList rows={matrix.rows} selected={selected} onToggle={toggle} />
      )}
    </Stack>
  );
}
