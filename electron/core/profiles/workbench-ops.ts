/**
 * The certificate workbench's part of the shared document: saved CAs and their sealed secrets,
 * changed through the same queue as profiles, so one write holds both.
 */
import type { ApiError } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/result';
import type { LockedValue, StoreData } from '../store/store-data';
import type { OpsContext } from './profile-ops';

/** The workbench as a change sees it: CAs, secrets in clear, and values this process cannot decrypt. */
export interface WorkbenchDraft {
  cas: StoreData['workbench']['cas'];
  secrets: Record<string, string>;
  locked: Record<string, LockedValue>;
}

export interface WorkbenchOps {
  /** The workbench as last stored (a copy). */
  workbench(): WorkbenchDraft;
  /** Runs one change on a copy of the workbench; stored before the result is returned. */
  changeWorkbench<T>(change: (draft: WorkbenchDraft) => Result<T, ApiError>): Promise<Result<T, ApiError>>;
}

/** The workbench operations over `ctx.doc`. */
export function workbenchOps({ doc }: OpsContext): WorkbenchOps {
  return {
    workbench: () => {
      const d = doc.current();
      return structuredClone({ cas: d.workbench.cas, secrets: d.workbench.secrets, locked: d.locked.workbench });
    },
    changeWorkbench: (change) =>
      // Nobody listens for workbench changes: the caller answers with the new state itself.
      doc.mutate((d) => {
        const draft: WorkbenchDraft = { cas: d.workbench.cas, secrets: d.workbench.secrets, locked: d.locked.workbench };
        const result = change(draft);
        d.workbench = { cas: draft.cas, secrets: draft.secrets };
        d.locked.workbench = draft.locked;
        return result;
      }, 'none'),
  };
}
