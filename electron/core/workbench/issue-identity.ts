/** Issuing a broker or device certificate from a saved CA; the identity is kept with its key for "Make a profile". */
import { X509Certificate, randomBytes } from 'node:crypto';
import { IssueIdentityRequest, type IssueIdentityResult } from '../../../shared/certs/workbench';
import type { ApiError } from '../../../shared/ipc/contract';
import { err, ok, type Result } from '../../../shared/result';
import { certificateDetails } from '../certs/cert-details';
import { withIssued } from '../certs/crl';
import { issueCertificate } from '../certs/issue';
import { privateKeyPem } from '../certs/keys';
import { writePkcs12 } from '../certs/pkcs12-write';
import { brokerSnippet } from '../certs/snippets';
import { isSelfSigned } from '../certs/summary';
import { workbenchSlot } from '../store/workbench-document';
import { fileStem, type WorkbenchContext } from './context';
import type { OutputEntry } from './outputs';
import { findCa, signerOf, viewOf } from './saved-ca';

/** Length of a generated device password (URL-safe base64 characters, as the batch makes them). */
const PASSWORD_LENGTH = 24;

/** The certificates of a PEM chain, in order. */
export function chainCertificates(pem: string): X509Certificate[] {
  return (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((b) => new X509Certificate(b));
}

/** Issues one certificate, stores it in the CA's list with its key, and holds its files for download. */
export async function issueIdentity(ctx: WorkbenchContext, input: IssueIdentityRequest): Promise<Result<IssueIdentityResult, ApiError>> {
  const request = IssueIdentityRequest.parse(input);
  const now = ctx.now();
  const wb = ctx.profiles.workbench();
  const ca = findCa(wb, request.caId);
  if (!ca.ok) return ca;
  const signer = await signerOf(ca.value, wb);
  if (!signer.ok) return signer;
  const password = request.generatePassword ? randomBytes(PASSWORD_LENGTH).toString('base64url').slice(0, PASSWORD_LENGTH) : undefined;
  const pfxPassword = request.keyPassphrase ?? password;
  if (request.pkcs12 && pfxPassword === undefined) {
    return err({
      code: 'invalid-request',
      message: 'A PKCS#12 bundle needs a password: give the key a passphrase, or generate a device password.',
    });
  }
  // A broker certificate is checked against the host clients dial: with no SAN given, its CN is it.
  const cn = request.subject.commonName;
  const dnsNames = request.profile === 'server' && request.dnsNames.length + request.ipAddresses.length === 0 ? [cn] : request.dnsNames;
  const made = await issueCertificate(
    {
      profile: request.profile,
      subject: request.subject,
      key: request.key,
      validity: request.validity,
      dnsNames,
      ipAddresses: request.ipAddresses,
    },
    signer.value,
    now,
  );
  if (!made.ok)
    return err({
      code: made.error.code === 'request-invalid' || made.error.code.startsWith('san') ? 'invalid-request' : 'issue-failed',
      message: made.error.message,
    });
  const issued = made.value;
  // What TLS sends: the leaf and the intermediates above it, never the root (RFC 8446 §4.4.2).
  const above = chainCertificates(ca.value.chainPem);
  const certPem = [issued.certificate, ...above.filter((c) => !isSelfSigned(c))].map((c) => c.toString()).join('');
  const keyPem = privateKeyPem(issued.key, request.keyPassphrase);
  const pfx =
    request.pkcs12 && pfxPassword !== undefined
      ? writePkcs12({ key: issued.key, chain: [issued.certificate, ...above], password: pfxPassword, friendlyName: cn })
      : null;
  const serial = issued.record.serialNumber;
  const saved = await ctx.profiles.changeWorkbench((d) => {
    const c = d.cas.find((x) => x.id === request.caId);
    if (!c) return err({ code: 'not-found', message: `The CA "${ca.value.record.commonName}" was deleted meanwhile.` });
    c.record = withIssued(c.record, [issued.record]);
    c.kept.push({ serialNumber: serial, certPem, hasPkcs12: pfx !== null });
    d.secrets[workbenchSlot('key', c.id, serial)] = keyPem;
    if (request.keyPassphrase !== undefined) d.secrets[workbenchSlot('passphrase', c.id, serial)] = request.keyPassphrase;
    if (password !== undefined) d.secrets[workbenchSlot('password', c.id, serial)] = password;
    if (pfx) d.secrets[workbenchSlot('pfx', c.id, serial)] = pfx.toString('base64');
    return ok(viewOf(c, d, now));
  });
  if (!saved.ok) return saved;
  const stem = fileStem(cn);
  const root = above[above.length - 1] ?? issued.certificate;
  const files: OutputEntry[] = [
    { path: `${stem}.pem`, contents: certPem, secret: false },
    { path: `${stem}-key.pem`, contents: keyPem, secret: true },
    { path: 'ca.pem', contents: root.toString(), secret: false },
  ];
  if (pfx) files.push({ path: `${stem}.p12`, contents: pfx, secret: true });
  if (password !== undefined) files.push({ path: `${stem}-password.txt`, contents: `${password}\n`, secret: true });
  let snippet: string | null = null;
  if (request.profile === 'server') {
    if (ca.value.lastCrl) files.push({ path: 'crl.pem', contents: ca.value.lastCrl.pem, secret: false });
    const text = brokerSnippet({ broker: 'mosquitto', caFile: 'ca.pem', certFile: `${stem}.pem`, keyFile: `${stem}-key.pem` });
    snippet = text.ok ? text.value : null;
  }
  return ok({
    ca: saved.value,
    serialNumber: serial,
    certificate: certificateDetails(issued.certificate, now),
    output: ctx.outputs.hold(`${stem}.zip`, files),
    snippet,
  });
}
