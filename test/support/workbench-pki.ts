// A PKI issued by the workbench itself (not by openssl), written to files, for the tests that
// check it with openssl and real brokers.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IssueRequest, KeyAlgorithm } from '../../shared/certs/issue';
import { issueCertificate, prepareIssuer, type Issued, type SigningIssuer } from '../../electron/core/certs/issue';
import { privateKeyPem } from '../../electron/core/certs/keys';

const DAY = 86_400_000;

/** A window relative to now, in days. */
export function days(from: number, to: number) {
  return { notBefore: new Date(Date.now() + from * DAY).toISOString(), notAfter: new Date(Date.now() + to * DAY).toISOString() };
}

export interface Written {
  issued: Issued;
  cert: string;
  key: string;
  passphrase?: string;
}

/** Issues one certificate and writes `<name>.pem` and `<name>-key.pem` (encrypted with `passphrase` if given). */
export async function issueTo(
  dir: string,
  name: string,
  request: IssueRequest,
  issuer: SigningIssuer | null,
  passphrase?: string,
): Promise<Written> {
  const made = await issueCertificate(request, issuer);
  if (!made.ok) throw new Error(`${name}: ${made.error.message}`);
  await mkdir(dir, { recursive: true });
  const cert = join(dir, `${name}.pem`);
  const key = join(dir, `${name}-key.pem`);
  await writeFile(cert, made.value.certPem);
  await writeFile(key, privateKeyPem(made.value.key, passphrase), { mode: 0o600 });
  return { issued: made.value, cert, key, ...(passphrase ? { passphrase } : {}) };
}

/** The issuer for an issued CA. */
export async function signerOf(ca: Written): Promise<SigningIssuer> {
  const signer = await prepareIssuer({ certificate: ca.issued.certificate, key: ca.issued.key });
  if (!signer.ok) throw new Error(signer.error.message);
  return signer.value;
}

export const ca = (cn: string, key: KeyAlgorithm): IssueRequest => ({
  profile: 'ca',
  subject: { commonName: cn, organization: 'Keyhole Tests' },
  key,
  validity: days(-1, 3650),
});
