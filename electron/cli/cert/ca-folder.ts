// A CA kept between commands in a folder the user names (--dir): its certificate, its key
// (encrypted PKCS#8 when a passphrase was given), the list of what it issued, and its CRL.
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KeyObject, X509Certificate } from 'node:crypto';
import { CaRecord } from '../../../shared/certs/issue';
import type { Result } from '../../../shared/result';
import { MAX_DOCUMENT_BYTES, MAX_INSPECT_BYTES, readBoundedFile, type ReadFailure } from '../../core/certs/bounded-read';
import { parseCertificates } from '../../core/certs/certificates';
import { buildCrl } from '../../core/certs/crl';
import { prepareIssuer, type SigningIssuer } from '../../core/certs/issue';
import { parsePrivateKey } from '../../core/certs/private-key';
import { RunError, UsageError } from '../exit-codes';
import { caPassphrase, writeOutput } from './cli-io';

export const CA_FILES = {
  cert: 'ca.pem',
  key: 'ca-key.pem',
  record: 'ca.json',
  /** An intermediate's certificate followed by its issuers' (what devices send and brokers trust). */
  chain: 'chain.pem',
  crlPem: 'crl.pem',
  crlDer: 'crl.der',
} as const;

export interface LoadedCa {
  dir: string;
  certificate: X509Certificate;
  key: KeyObject;
  record: CaRecord;
  signer: SigningIssuer;
  /** This CA's certificate and, for an intermediate, the certificates above it (PEM). */
  chainPem: string;
}

/**
 * A file of the CA folder, read only when it is a regular file of at most `maxBytes` (a FIFO
 * there must not hang the command, nor /dev/zero fill its memory).
 */
async function readCaFile(dir: string, file: string, maxBytes = MAX_INSPECT_BYTES): Promise<Result<Buffer, ReadFailure>> {
  return readBoundedFile(join(dir, file), maxBytes);
}

const cannotRead = (failure: ReadFailure) => new RunError(`cannot read the CA: ${failure.message}`);

/** Opens the CA in `dir`, asking for its key's passphrase when the key is encrypted. */
export async function loadCa(dir: string, passphraseFlag: string, passphraseEnv: string | undefined): Promise<LoadedCa> {
  const record = await readRecord(dir);
  const certBytes = await readCaFile(dir, CA_FILES.cert);
  if (!certBytes.ok) throw cannotRead(certBytes.error);
  const certs = parseCertificates({ name: CA_FILES.cert, bytes: certBytes.value }, 'ca-invalid');
  if (!certs.ok || !certs.value[0]) throw new RunError(`${join(dir, CA_FILES.cert)}: ${certs.ok ? 'no certificate' : certs.error.message}`);
  const certificate = certs.value[0];
  if (certificate.fingerprint256 !== record.fingerprint256)
    throw new RunError(`${join(dir, CA_FILES.cert)} is not the CA that ${CA_FILES.record} describes (fingerprints differ)`);
  const keyBytes = await readCaFile(dir, CA_FILES.key);
  if (!keyBytes.ok) throw cannotRead(keyBytes.error);
  const passphrase = record.keyEncrypted ? await caPassphrase(passphraseFlag, passphraseEnv, dir) : undefined;
  const key = parsePrivateKey({ name: CA_FILES.key, bytes: keyBytes.value }, passphrase);
  if (!key.ok) {
    if (key.error.cause === 'key-passphrase-wrong') throw new RunError(`the passphrase does not decrypt the CA key in ${dir}`);
    throw new RunError(key.error.message);
  }
  const signer = await prepareIssuer({ certificate, key: key.value });
  if (!signer.ok) throw new RunError(signer.error.message);
  // Only an intermediate has a chain file; a root's chain is its own certificate.
  const chain = await readCaFile(dir, CA_FILES.chain);
  if (!chain.ok && chain.error.problem !== 'not-found') throw cannotRead(chain.error);
  const chainPem = chain.ok ? chain.value.toString('utf8') : certificate.toString();
  return { dir, certificate, key: key.value, record, signer: signer.value, chainPem };
}

export async function readRecord(dir: string): Promise<CaRecord> {
  const read = await readCaFile(dir, CA_FILES.record, MAX_DOCUMENT_BYTES);
  if (!read.ok) {
    if (read.error.problem === 'not-found')
      throw new UsageError(`there is no CA in ${dir} (no ${CA_FILES.record}): create one with keyhole cert ca --dir ${dir}`);
    throw cannotRead(read.error);
  }
  let json: unknown;
  try {
    json = JSON.parse(read.value.toString('utf8'));
  } catch {
    throw new RunError(`${join(dir, CA_FILES.record)} is not valid JSON`);
  }
  const parsed = CaRecord.safeParse(json);
  if (!parsed.success) throw new RunError(`${join(dir, CA_FILES.record)} is not a CA record: ${parsed.error.issues[0]?.message ?? '?'}`);
  return parsed.data;
}

/** Replaces the record atomically (temp file, rename), so a crash leaves the old or the new list, never half. */
export async function saveRecord(dir: string, record: CaRecord): Promise<void> {
  const path = join(dir, CA_FILES.record);
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o644 });
  await rename(temp, path);
}

/** Signs a fresh CRL of everything revoked, writes it as PEM and DER, and returns the record with its CRL number advanced. */
export async function writeCrl(
  ca: LoadedCa,
  record: CaRecord,
  now: Date,
  nextUpdateDays: number,
): Promise<{ record: CaRecord; pem: string }> {
  const crl = await buildCrl(record, ca.signer, now, new Date(now.getTime() + nextUpdateDays * 86_400_000));
  await writeOutput(join(ca.dir, CA_FILES.crlPem), crl.pem, { secret: false, force: true });
  await writeOutput(join(ca.dir, CA_FILES.crlDer), crl.der, { secret: false, force: true });
  return { record: crl.record, pem: crl.pem };
}
