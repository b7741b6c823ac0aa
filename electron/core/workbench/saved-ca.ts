/** A stored CA as the renderer sees it, and as a signer for issuing (its key opened from the sealed slot). */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import type { ApiError } from '../../../shared/ipc/contract';
import type { SavedCa } from '../../../shared/certs/workbench';
import { err, ok, type Result } from '../../../shared/result';
import { certificateDetails } from '../certs/cert-details';
import { prepareIssuer, type SigningIssuer } from '../certs/issue';
import type { WorkbenchDraft } from '../profiles/workbench-ops';
import { workbenchSlot, type StoredCa } from '../store/workbench-document';

/** The renderer's view of a stored CA: no key, no secret. */
export function viewOf(ca: StoredCa, wb: Pick<WorkbenchDraft, 'secrets'>, now: Date): SavedCa {
  const has = (kind: 'passphrase' | 'password', serial: string) => wb.secrets[workbenchSlot(kind, ca.id, serial)] !== undefined;
  return {
    id: ca.id,
    parentId: ca.parentId,
    createdAt: ca.createdAt,
    record: ca.record,
    certificate: certificateDetails(new X509Certificate(ca.certPem), now),
    keyAvailable: wb.secrets[workbenchSlot('ca-key', ca.id)] !== undefined,
    kept: ca.kept.map((k) => ({
      serialNumber: k.serialNumber,
      hasPassphrase: has('passphrase', k.serialNumber),
      hasPassword: has('password', k.serialNumber),
      hasPkcs12: k.hasPkcs12,
    })),
    lastCrl: ca.lastCrl
      ? {
          thisUpdate: ca.lastCrl.thisUpdate,
          nextUpdate: ca.lastCrl.nextUpdate,
          revoked: ca.record.issued.filter((r) => r.revoked).length,
        }
      : null,
  };
}

/** The CA with `id`, or a not-found error. */
export function findCa(wb: Pick<WorkbenchDraft, 'cas'>, id: string): Result<StoredCa, ApiError> {
  const ca = wb.cas.find((c) => c.id === id);
  return ca ? ok(ca) : err({ code: 'not-found', message: `No saved CA with id ${id}.` });
}

/** The CA ready to sign, or why it cannot (its key sealed by another program, or damaged). */
export async function signerOf(ca: StoredCa, wb: WorkbenchDraft): Promise<Result<SigningIssuer, ApiError>> {
  const slot = workbenchSlot('ca-key', ca.id);
  const pem = wb.secrets[slot];
  if (pem === undefined) {
    const why = wb.locked[slot]?.reason ?? 'Its key is not in the store.';
    return err({ code: 'store-error', message: `The CA "${ca.record.commonName}" cannot sign here: ${why}` });
  }
  const prepared = await prepareIssuer({ certificate: new X509Certificate(ca.certPem), key: createPrivateKey(pem) });
  return prepared.ok ? prepared : err({ code: 'issue-failed', message: prepared.error.message });
}
