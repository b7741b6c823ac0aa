/**
 * The credential matrices' part of the shared document: saved matrices, their rows' sealed
 * secrets and the run list, changed through the same queue as profiles, so one write holds all.
 */
import type { ApiError } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/result';
import type { LockedValue, StoreData } from '../store/store-data';
import type { OpsContext } from './profile-ops';

/** The matrices as a change sees them: matrices, secrets in clear, runs, and values this process cannot decrypt. */
export interface MatricesDraft {
  list: StoreData['matrices']['list'];
  secrets: Record<string, string>;
  runs: StoreData['matrices']['runs'];
  locked: Record<string, LockedValue>;
}

export interface MatrixOps {
  /** The matrices as last stored (a copy). */
  matrices(): MatricesDraft;
  /** Runs one change on a copy of the matrices; stored before the result is returned. */
  changeMatrices<T>(change: (draft: MatricesDraft) => Result<T, ApiError>): Promise<Result<T, ApiError>>;
}

/** The matrix operations over `ctx.doc`. */
export function matrixOps({ doc }: OpsContext): MatrixOps {
  return {
    matrices: () => {
      const d = doc.current();
      return structuredClone({ list: d.matrices.list, secrets: d.matrices.secrets, runs: d.matrices.runs, locked: d.locked.matrices });
    },
    changeMatrices: (change) =>
      // Nobody listens for matrix changes: the caller answers with the new state itself.
      doc.mutate((d) => {
        const draft: MatricesDraft = {
          list: d.matrices.list,
          secrets: d.matrices.secrets,
          runs: d.matrices.runs,
          locked: d.locked.matrices,
        };
        const result = change(draft);
        d.matrices = { list: draft.list, secrets: draft.secrets, runs: draft.runs };
        d.locked.matrices = draft.locked;
        return result;
      }, 'none'),
  };
}
