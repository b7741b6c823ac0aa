/**
 * Imported files: read (size-limited), recognised and summarised once, at import time, so the
 * renderer can show what a file holds without ever receiving its bytes.
 */
import { createHash, createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import { basename } from 'node:path';
import type { ApiError } from '../../../shared/ipc/contract';
import { MAX_FILE_BYTES } from '../../../shared/ipc/contract';
import { readBoundedFile } from './bounded-read';
import type { MaterialKind, MaterialRef, MaterialSlot } from '../../../shared/profile/profile';
import { err, ok, type Result } from '../../../shared/result';
import { parseCertificates } from './certificates';
import type { FileBytes } from './material';
import { loadPkcs12 } from './pkcs12';
import { parsePrivateKey } from './private-key';
import { summarizeCertificate } from './summary';
import { lintCaCertificates, lintChain } from './lint';

const tooLarge = (fileName: string, size: number): Result<never, ApiError> =>
  err({
    code: 'file-too-large',
    message: `"${fileName}" is ${size} bytes; certificates, keys and bundles larger than ${MAX_FILE_BYTES} bytes are not accepted.`,
  });

/** Reads a file the user chose (dialog or drag-and-drop), refusing directories and oversized files. */
export async function readImportFile(path: string): Promise<Result<{ fileName: string; bytes: Buffer }, ApiError>> {
  const fileName = basename(path);
  const read = await readBoundedFile(path, MAX_FILE_BYTES);
  if (read.ok) return ok({ fileName, bytes: read.value });
  return err({ code: read.error.problem === 'too-large' ? 'file-too-large' : 'file-unreadable', message: read.error.message });
}

/** Decodes bytes sent by a browser (base64), with the same size limit as a file read from disk. */
export function decodeImportBytes(fileName: string, base64: string): Result<{ fileName: string; bytes: Buffer }, ApiError> {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.byteLength > MAX_FILE_BYTES) return tooLarge(fileName, bytes.byteLength);
  // A browser sends only the name; a path in it would be a forged name, so only its last part counts.
  return ok({ fileName: basename(fileName.replace(/\\/g, '/')) || 'file', bytes });
}

/** SHA-256 of a public key's DER SubjectPublicKeyInfo, colon hex: equal for a certificate and its private key. */
export function publicKeyFingerprint(key: KeyObject): string {
  // createPublicKey() takes private keys (and key material) but refuses a public KeyObject.
  const pub = key.type === 'public' ? key : createPublicKey(key);
  const der = pub.export({ type: 'spki', format: 'der' });
  return (createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g) ?? []).join(':');
}

/**
 * What a file holds, read as the slot expects it: certificates for `ca`/`cert`, a key for `key`
 * (encrypted or not: no passphrase is needed to recognise one), a bundle for `pfx`. A file that
 * does not fit is still kept, with `problem` saying why, since the attempt's preflight will
 * name the same problem with its cause. With `secret` (the key passphrase or the PKCS#12
 * password), an encrypted key or bundle is opened too, so its public key and certificates can
 * be shown and a wrong secret is named before any connection attempt.
 */
export function inspectMaterial(
  slot: MaterialSlot,
  fileName: string,
  bytes: Uint8Array,
  now: Date = new Date(),
  id: string = randomUUID(),
  secret?: string,
): MaterialRef {
  const file: FileBytes = { name: fileName, bytes };
  const base = { id, slot, fileName, size: bytes.byteLength, importedAt: now.toISOString() };
  const ref = (kind: MaterialKind, extra: Partial<MaterialRef> = {}): MaterialRef => ({ ...base, kind, ...extra });

  if (slot === 'ca' || slot === 'cert') {
    const certs = parseCertificates(file, slot === 'ca' ? 'ca-invalid' : 'cert-invalid');
    if (!certs.ok) return ref('unknown', { problem: certs.error.message });
    const summaries = certs.value.map((c) => summarizeCertificate(c, fileName));
    const first = summaries[0]!;
    // The same lint as `keyhole cert lint`, on what this one file can tell: a CA file's
    // certificates as issuers, a client certificate (chain) as a client's.
    const lint =
      slot === 'ca'
        ? lintCaCertificates(certs.value, now)
        : lintChain({ cas: [], chain: certs.value, key: null, certSource: fileName }, {}, now);
    return ref(summaries.length > 1 ? 'certificate-chain' : 'certificate', {
      fingerprint: first.fingerprint256,
      summary: first,
      certificates: summaries,
      publicKeyFingerprint: publicKeyFingerprint(certs.value[0]!.publicKey),
      lint,
    });
  }
  if (slot === 'key') {
    const plain = parsePrivateKey(file, undefined);
    if (plain.ok) return ref('private-key', { publicKeyFingerprint: publicKeyFingerprint(plain.value) });
    if (plain.error.cause !== 'key-passphrase-missing') return ref('unknown', { problem: plain.error.message });
    if (!secret) return ref('encrypted-private-key');
    const opened = parsePrivateKey(file, secret);
    return opened.ok
      ? ref('encrypted-private-key', { publicKeyFingerprint: publicKeyFingerprint(opened.value) })
      : ref('encrypted-private-key', { problem: opened.error.message });
  }
  const bundle = loadPkcs12(file, secret);
  if (bundle.ok) {
    const summaries = bundle.value.chain.map((c) => summarizeCertificate(c, fileName));
    const first = summaries[0];
    const leaf = bundle.value.chain[0];
    return first && leaf
      ? ref('pkcs12', {
          fingerprint: first.fingerprint256,
          summary: first,
          certificates: summaries,
          publicKeyFingerprint: publicKeyFingerprint(leaf.publicKey),
          lint: lintChain(
            {
              // The bundle's CA certificates anchor its chain; its key is checked against the leaf.
              cas: bundle.value.chain.slice(1).filter((c) => c.ca),
              chain: bundle.value.chain,
              key: bundle.value.mode === 'converted' ? bundle.value.key : null,
              certSource: fileName,
            },
            {},
            now,
          ),
        })
      : ref('pkcs12');
  }
  // Without a password, a protected bundle cannot be opened yet; that is expected, not a problem.
  if (bundle.error.cause === 'pkcs12-password-wrong') return secret ? ref('pkcs12', { problem: bundle.error.message }) : ref('pkcs12');
  return ref('unknown', { problem: bundle.error.message });
}
