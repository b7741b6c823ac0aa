// Pure helpers of the Matrix section's results: rows arrive in batches, out of order and (on a
// re-run) for rows already shown, so they are merged by row id and kept in matrix order.
import type { MatrixRowResult } from '../../shared/matrix/matrix-run';

/** `rows` with `incoming` merged in: a row id seen again replaces the earlier result; the list stays in matrix order. */
export function mergeRows(rows: readonly MatrixRowResult[], incoming: readonly MatrixRowResult[]): MatrixRowResult[] {
  if (incoming.length === 0) return rows as MatrixRowResult[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const r of incoming) byId.set(r.id, r);
  return [...byId.values()].sort((a, b) => a.index - b.index);
}

/** The rows a "failures only" filter shows: failed and cancelled ones. */
export function failuresOf(rows: readonly MatrixRowResult[]): MatrixRowResult[] {
  return rows.filter((r) => r.status !== 'pass');
}

/** Counts shown above the results. */
export function countRows(rows: readonly MatrixRowResult[]): { passed: number; failed: number; cancelled: number } {
  let passed = 0;
  let failed = 0;
  let cancelled = 0;
  for (const r of rows) {
    if (r.status === 'pass') passed++;
    else if (r.status === 'fail') failed++;
    else cancelled++;
  }
  return { passed, failed, cancelled };
}
