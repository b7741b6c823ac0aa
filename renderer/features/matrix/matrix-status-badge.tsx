import { Badge } from '@mantine/core';
import type { RowStatus } from '../../../shared/matrix/matrix-run';
import { useT } from '../../i18n/use-t';

const COLOR: Record<RowStatus, string> = { pass: 'green', fail: 'red', cancelled: 'gray' };

/** PASS / FAIL / CANCELLED of one row. */
export function MatrixStatusBadge({ status }: { status: RowStatus }) {
  const { t } = useT('matrix');
  return (
    <Badge size="sm" variant="filled" color={COLOR[status]} w={88} style={{ flexShrink: 0 }}>
      {t(`results.statuses.${status}`)}
    </Badge>
  );
}
