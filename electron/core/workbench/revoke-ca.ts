/** Revoking what a saved CA issued, and signing its CRL (RFC 5280 §5) for a broker's `crlfile`. */
import { Buffer } from 'node:buffer';
import type { CrlResult } from '../../../shared/certs/workbench';
import { RevokeRequest } from '../../../shared/certs/workbench';
import type { ApiError } from '../../../shared/ipc/contract';
import { err, ok, type Result } from '../../../shared/result';
import { buildCrl, revoke } from '../certs/crl';
import { fileStem, type WorkbenchContext } from './context';
import { findCa, signerOf, viewOf } from './saved-ca';

const DAY_MS = 86_400_000;

/**
 * Marks the serials revoked (none: only re-signs the CRL, before the last one is due) and signs
 * a CRL of everything revoked, numbered one above the last.
 */
export async function revokeAndSign(
  ctx: WorkbenchContext,
  input: { caId: string; serialNumbers?: string[]; reason?: RevokeRequest['reason']; crlDays?: number },
): Promise<Result<CrlResult, ApiError>> {
  const now = ctx.now();
  const wb = ctx.profiles.workbench();
  const ca = findCa(wb, input.caId);
  if (!ca.ok) return ca;
  const signer = await signerOf(ca.value, wb);
  if (!signer.ok) return signer;
  let record = ca.value.record;
  if (input.serialNumbers?.length) {
    const revoked = revoke(record, { serialNumbers: input.serialNumbers }, now, input.reason ?? 'unspecified');
    if (!revoked.ok)
      return err({ code: revoked.error.code === 'not-issued' ? 'not-found' : 'invalid-request', message: revoked.error.message });
    record = revoked.value.record;
  }
  const nextUpdate = new Date(now.getTime() + (input.crlDays ?? 30) * DAY_MS);
  const crl = await buildCrl(record, signer.value, now, nextUpdate);
  const saved = await ctx.profiles.changeWorkbench((d) => {
    const c = d.cas.find((x) => x.id === input.caId);
    if (!c) return err({ code: 'not-found', message: `The CA "${ca.value.record.commonName}" was deleted meanwhile.` });
    // Certificates issued meanwhile keep their place: only the revocations and the CRL number are taken over.
    const revokedNow = new Map(crl.record.issued.filter((r) => r.revoked).map((r) => [r.serialNumber, r.revoked]));
    c.record = {
      ...c.record,
      crlNumber: crl.record.crlNumber,
      issued: c.record.issued.map((r) =>
        r.revoked || !revokedNow.has(r.serialNumber) ? r : { ...r, revoked: revokedNow.get(r.serialNumber) },
      ),
    };
    c.lastCrl = { pem: crl.pem, thisUpdate: now.toISOString(), nextUpdate: nextUpdate.toISOString() };
    return ok(viewOf(c, d, now));
  });
  if (!saved.ok) return saved;
  const stem = fileStem(ca.value.record.commonName);
  const output = ctx.outputs.hold(`${stem}-crl-${crl.record.crlNumber}.zip`, [
    { path: 'crl.pem', contents: crl.pem, secret: false },
    { path: 'crl.der', contents: Buffer.from(crl.der), secret: false },
  ]);
  return ok({ ca: saved.value, output, revoked: saved.value.lastCrl?.revoked ?? 0 });
}
