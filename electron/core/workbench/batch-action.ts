/** A batch from a saved CA (one device, one secret), in memory, with progress; the store keeps the devices' keys up to MAX_KEPT_BATCH. */
import { BatchRequest, type BatchProgress } from '../../../shared/certs/batch';
import { MAX_APP_BATCH, MAX_KEPT_BATCH, type WorkbenchBatchRequest, type WorkbenchBatchResult } from '../../../shared/certs/workbench';
import type { ApiError } from '../../../shared/ipc/contract';
import { err, ok, type Result } from '../../../shared/result';
import { runBatch, type BatchFile } from '../certs/batch';
import { withIssued } from '../certs/crl';
import { workbenchSlot, type StoredIdentity } from '../store/workbench-document';
import { fileStem, type WorkbenchContext } from './context';
import { findCa, signerOf, viewOf } from './saved-ca';

const text = (c: string | Uint8Array) => (typeof c === 'string' ? c : new TextDecoder().decode(c));

/** Runs the batch; `onProgress` hears after each device. */
export async function runWorkbenchBatch(
  ctx: WorkbenchContext,
  input: WorkbenchBatchRequest,
  onProgress: (progress: BatchProgress) => void,
  signal?: AbortSignal,
): Promise<Result<WorkbenchBatchResult, ApiError>> {
  const parsed = BatchRequest.safeParse(input.batch);
  if (!parsed.success) return err({ code: 'invalid-request', message: parsed.error.issues[0]?.message ?? 'Invalid batch.' });
  const total = parsed.data.names?.length ?? parsed.data.count ?? 0;
  if (total > MAX_APP_BATCH)
    return err({
      code: 'invalid-request',
      message: `The app issues up to ${MAX_APP_BATCH} devices at once; use keyhole cert batch for ${total}.`,
    });
  const now = ctx.now();
  const wb = ctx.profiles.workbench();
  const ca = findCa(wb, input.caId);
  if (!ca.ok) return ca;
  const signer = await signerOf(ca.value, wb);
  if (!signer.ok) return signer;
  const files: BatchFile[] = [];
  const ran = await runBatch(input.batch, signer.value, async (f) => void files.push(f), {
    onProgress,
    now,
    ...(signal ? { signal } : {}),
  });
  if (!ran.ok) return err({ code: ran.error.code === 'aborted' ? 'cancelled' : 'invalid-request', message: ran.error.message });
  const { rows, issued, summary } = ran.value;
  const byPath = new Map(files.map((f) => [f.path, f.contents]));
  const keep = rows.length <= MAX_KEPT_BATCH;
  const saved = await ctx.profiles.changeWorkbench((d) => {
    const c = d.cas.find((x) => x.id === input.caId);
    if (!c) return err({ code: 'not-found', message: `The CA "${ca.value.record.commonName}" was deleted meanwhile.` });
    c.record = withIssued(c.record, issued);
    if (keep) {
      rows.forEach((row) => {
        const kept: StoredIdentity = { serialNumber: row.serialNumber, certPem: text(byPath.get(row.certFile) ?? ''), hasPkcs12: false };
        c.kept.push(kept);
        d.secrets[workbenchSlot('key', c.id, row.serialNumber)] = text(byPath.get(row.keyFile) ?? '');
        d.secrets[workbenchSlot('password', c.id, row.serialNumber)] = row.password;
      });
    }
    return ok(viewOf(c, d, now));
  });
  if (!saved.ok) return saved;
  const output = ctx.outputs.hold(
    `${fileStem(ca.value.record.commonName)}-batch-${rows.length}.zip`,
    files.map((f) => ({ path: f.path, contents: f.contents, secret: f.secret })),
  );
  return ok({ ca: saved.value, summary, output, kept: keep ? rows.length : 0 });
}
