/** Creating a CA (a root, or an intermediate signed by a saved CA) and keeping it in the store. */
import { Buffer } from 'node:buffer';
import { CreateCaRequest, type SavedCa } from '../../../shared/certs/workbench';
import type { OutputInfo } from '../../../shared/certs/workbench';
import type { ApiError } from '../../../shared/ipc/contract';
import { err, ok, type Result } from '../../../shared/result';
import { buildCrl, newCaRecord, withIssued } from '../certs/crl';
import { issueCertificate, prepareIssuer } from '../certs/issue';
import { privateKeyPem } from '../certs/keys';
import { workbenchSlot, type StoredCa } from '../store/workbench-document';
import { fileStem, type WorkbenchContext } from './context';
import { findCa, signerOf, viewOf } from './saved-ca';

const DAY_MS = 86_400_000;

/** Makes the CA, its first (empty) CRL, and stores both with its key sealed. */
export async function createCa(
  ctx: WorkbenchContext,
  input: CreateCaRequest,
): Promise<Result<{ ca: SavedCa; output: OutputInfo }, ApiError>> {
  const request = CreateCaRequest.parse(input);
  const now = ctx.now();
  const wb = ctx.profiles.workbench();
  let parent: { ca: StoredCa; signer: Awaited<ReturnType<typeof signerOf>> } | null = null;
  if (request.parentId !== undefined) {
    const found = findCa(wb, request.parentId);
    if (!found.ok) return found;
    parent = { ca: found.value, signer: await signerOf(found.value, wb) };
    if (!parent.signer.ok) return parent.signer;
  }
  const made = await issueCertificate(
    {
      profile: parent ? 'intermediate' : 'ca',
      subject: request.subject,
      key: request.key,
      validity: request.validity,
      pathLength: request.pathLength ?? null,
    },
    parent?.signer.ok ? parent.signer.value : null,
    now,
  );
  if (!made.ok) return err({ code: 'issue-failed', message: made.error.message });
  const ca = made.value;
  const signer = await prepareIssuer({ certificate: ca.certificate, key: ca.key });
  if (!signer.ok) return err({ code: 'issue-failed', message: signer.error.message });
  const nextUpdate = new Date(now.getTime() + request.crlDays * DAY_MS);
  const crl = await buildCrl(newCaRecord(ca, false), signer.value, now, nextUpdate);
  const id = ctx.newId();
  const stored: StoredCa = {
    id,
    parentId: parent?.ca.id ?? null,
    createdAt: now.toISOString(),
    record: crl.record,
    certPem: ca.certPem,
    chainPem: ca.certPem + (parent?.ca.chainPem ?? ''),
    lastCrl: { pem: crl.pem, thisUpdate: now.toISOString(), nextUpdate: nextUpdate.toISOString() },
    kept: [],
  };
  const keyPem = privateKeyPem(ca.key);
  const saved = await ctx.profiles.changeWorkbench((d) => {
    const p = parent ? d.cas.find((c) => c.id === parent.ca.id) : undefined;
    if (parent && !p) return err({ code: 'not-found', message: `The parent CA "${parent.ca.record.commonName}" was deleted meanwhile.` });
    // The parent's issued list names its intermediate too, so it can be revoked like any other.
    if (p) p.record = withIssued(p.record, [ca.record]);
    d.cas.push(stored);
    d.secrets[workbenchSlot('ca-key', id)] = keyPem;
    return ok(viewOf(stored, d, now));
  });
  if (!saved.ok) return saved;
  const stem = fileStem(request.subject.commonName);
  const output = ctx.outputs.hold(`${stem}-ca.zip`, [
    { path: 'ca.pem', contents: ca.certPem, secret: false },
    ...(parent ? [{ path: 'chain.pem', contents: stored.chainPem, secret: false }] : []),
    { path: 'ca-key.pem', contents: keyPem, secret: true },
    { path: 'crl.pem', contents: crl.pem, secret: false },
    { path: 'crl.der', contents: Buffer.from(crl.der), secret: false },
  ]);
  return ok({ ca: saved.value, output });
}
