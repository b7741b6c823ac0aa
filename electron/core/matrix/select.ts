// Which rows a run tries: a shard of the matrix (by row identity), and/or only named rows (a
// re-run of failures). Rows keep their place in the whole matrix (`index`).
import type { PlannedRow } from './plan';
import { inShard, type Shard } from './shard';

export interface Selection {
  shard?: Shard;
  /** Row ids; absent: every row. */
  only?: readonly string[];
}

/** The rows of `rows` that the selection keeps, in matrix order. */
export function selectRows<T extends Pick<PlannedRow, 'id'>>(rows: readonly T[], selection: Selection): T[] {
  const only = selection.only ? new Set(selection.only) : null;
  return rows.filter((r) => inShard(r.id, selection.shard) && (only === null || only.has(r.id)));
}
