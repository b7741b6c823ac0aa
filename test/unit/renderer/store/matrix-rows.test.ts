// Merging a run's result batches: by row id, in matrix order, a repeated row replaced.
import { describe, expect, it } from 'vitest';
import type { MatrixRowResult } from '../../../../shared/matrix/matrix-run';
import { countRows, failuresOf, mergeRows } from '../../../../renderer/store/matrix-rows';

const row = (index: number, id: string, status: MatrixRowResult['status']) => ({ index, id, status }) as MatrixRowResult;

describe('matrix rows', () => {
  it('merges batches in matrix order, a row seen again replacing the earlier one', () => {
    const first = mergeRows([], [row(2, 'c', 'pass'), row(0, 'a', 'fail')]);
    expect(first.map((r) => r.id)).toEqual(['a', 'c']);
    const second = mergeRows(first, [row(1, 'b', 'pass'), row(0, 'a', 'pass')]);
    expect(second.map((r) => `${r.id}:${r.status}`)).toEqual(['a:pass', 'b:pass', 'c:pass']);
    expect(mergeRows(second, [])).toBe(second);
  });

  it('counts and filters failures (failed and cancelled rows)', () => {
    const rows = [row(0, 'a', 'pass'), row(1, 'b', 'fail'), row(2, 'c', 'cancelled'), row(3, 'd', 'pass')];
    expect(countRows(rows)).toEqual({ passed: 2, failed: 1, cancelled: 1 });
    expect(failuresOf(rows).map((r) => r.id)).toEqual(['b', 'c']);
  });
});
