/**
 * The certificate workbench for the app's fronts: CAs kept in the store (keys sealed), issuing,
 * batches, revocation and CRLs, "Make a profile", the inspector and the lint. Answers carry
 * records and summaries; files with keys stay on the output shelf until saved or downloaded.
 */
import { randomUUID } from 'node:crypto';
import type { BatchProgress } from '../../../shared/certs/batch';
import type { SavedCa } from '../../../shared/certs/workbench';
import { err, ok, type Result } from '../../../shared/result';
import type { ApiError } from '../../../shared/ipc/contract';
import type { ProfileService } from '../profiles/profile-service';
import { workbenchSlot } from '../store/workbench-document';
import { runWorkbenchBatch } from './batch-action';
import type { WorkbenchContext } from './context';
import { createCa } from './create-ca';
import { inspectWorkbench, lintWorkbench } from './inspect-lint';
import { issueIdentity } from './issue-identity';
import { makeProfile } from './make-profile';
import { createOutputShelf, type OutputShelf } from './outputs';
import { revokeAndSign } from './revoke-ca';
import { viewOf } from './saved-ca';

export interface WorkbenchService {
  listCas(): SavedCa[];
  createCa(request: Parameters<typeof createCa>[1]): ReturnType<typeof createCa>;
  issue(request: Parameters<typeof issueIdentity>[1]): ReturnType<typeof issueIdentity>;
  /** One batch at a time per host: a second is `busy`. */
  batch(request: Parameters<typeof runWorkbenchBatch>[1], onProgress: (p: BatchProgress) => void): ReturnType<typeof runWorkbenchBatch>;
  revoke(request: Parameters<typeof revokeAndSign>[1]): ReturnType<typeof revokeAndSign>;
  makeProfile(request: Parameters<typeof makeProfile>[1]): ReturnType<typeof makeProfile>;
  /** Forgets a CA, its key and what it kept (not the profiles made from it); refused while it has intermediates. */
  deleteCa(id: string): Promise<Result<{ id: string }, ApiError>>;
  inspect: typeof inspectWorkbench;
  lint: typeof lintWorkbench;
  outputs: OutputShelf;
}

/** The workbench over a profile service (whose store keeps the CAs). */
export function createWorkbenchService(options: { profiles: ProfileService; now?: () => Date; newId?: () => string }): WorkbenchService {
  const now = options.now ?? (() => new Date());
  const ctx: WorkbenchContext = {
    profiles: options.profiles,
    outputs: createOutputShelf(() => now().getTime()),
    now,
    newId: options.newId ?? randomUUID,
  };
  let batchRunning = false;
  return {
    listCas: () => {
      const wb = ctx.profiles.workbench();
      return wb.cas.map((c) => viewOf(c, wb, now()));
    },
    createCa: (request) => createCa(ctx, request),
    issue: (request) => issueIdentity(ctx, request),
    async batch(request, onProgress) {
      if (batchRunning) return err({ code: 'busy', message: 'A batch is running already; wait for it to finish.' });
      batchRunning = true;
      try {
        return await runWorkbenchBatch(ctx, request, onProgress);
      } finally {
        batchRunning = false;
      }
    },
    revoke: (request) => revokeAndSign(ctx, request),
    makeProfile: (request) => makeProfile(ctx, request),
    deleteCa: (id) =>
      ctx.profiles.changeWorkbench((d) => {
        const ca = d.cas.find((c) => c.id === id);
        if (!ca) return err({ code: 'not-found', message: `No saved CA with id ${id}.` });
        const children = d.cas.filter((c) => c.parentId === id);
        if (children.length)
          return err({
            code: 'busy',
            message: `"${ca.record.commonName}" signed ${children.map((c) => `"${c.record.commonName}"`).join(', ')}: delete those first.`,
          });
        d.cas = d.cas.filter((c) => c !== ca);
        const mine = (slot: string) => slot === workbenchSlot('ca-key', id) || slot.split(':')[1] === id;
        for (const slot of Object.keys(d.secrets)) if (mine(slot)) delete d.secrets[slot];
        for (const slot of Object.keys(d.locked)) if (mine(slot)) delete d.locked[slot];
        return ok({ id });
      }),
    inspect: inspectWorkbench,
    lint: lintWorkbench,
    outputs: ctx.outputs,
  };
}
