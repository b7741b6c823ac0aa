// Reads a private key in any encoding users bring (PKCS#8, PKCS#1, SEC1, encrypted PKCS#8,
// legacy `Proc-Type: 4,ENCRYPTED` PEM, DER) and tells a missing passphrase from a wrong one.
import { Buffer } from 'node:buffer';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { Result } from '../../../shared/result';
import { err, ok } from '../../../shared/result';
import type { FileBytes, PreflightFailure } from './material';
import { errorCode, failure, opensslReason } from './material';
import { KDF_COST_CODE, kdfCostProblem, kdfTotal, kdfUses } from './kdf-cost';
import type { KeyInput } from './unlock-worker';
import { DER_SEQUENCE, asBuffer, derElement, isBase64, isBlank, latin1, looksLikePem, pemBlocks, toPem } from './pem';

const HINT_FORMAT =
  'Choose the private key that belongs to the client certificate, in PEM (PKCS#8, PKCS#1 or SEC1, optionally encrypted) or DER form.';
const HINT_MISSING = 'The key is encrypted: enter its passphrase (the "key password").';
const HINT_WRONG = "Check the passphrase: it is case-sensitive, and this is the key's passphrase, not the MQTT password.";

/** Codes Node gives when an encrypted key is read without a passphrase (the latter in Node 20 / OpenSSL 3). */
const MISSING_CODES = new Set(['ERR_MISSING_PASSPHRASE', 'ERR_OSSL_CRYPTO_INTERRUPTED_OR_CANCELLED']);

/**
 * Decoder failures after decryption: with a wrong passphrase, CBC padding is accidentally valid
 * about once in 256 tries and the decoder then fails on the garbage instead of "bad decrypt".
 */
const DECODE_AFTER_DECRYPT_CODES = new Set([
  'ERR_OSSL_UNSUPPORTED',
  'ERR_OSSL_ASN1_WRONG_TAG',
  'ERR_OSSL_ASN1_TOO_LONG',
  'ERR_OSSL_ASN1_HEADER_TOO_LONG',
  'ERR_OSSL_ASN1_NOT_ENOUGH_DATA',
]);

/** Parses and, if encrypted, decrypts a private key file. */
export function parsePrivateKey(file: FileBytes, passphrase: string | undefined): Result<KeyObject, PreflightFailure> {
  const invalid = (message: string, code?: string) => err(failure('key-invalid', file.name, message, HINT_FORMAT, code));
  if (isBlank(file.bytes)) return invalid(`The key file "${file.name}" is empty.`);
  return looksLikePem(file.bytes) ? parsePemKey(file, passphrase, invalid) : parseDerKey(file, passphrase, invalid);
}

/** Labels of unencrypted PEM keys OpenSSL reads as they are (PKCS#8, PKCS#1, SEC1). */
const PLAIN_KEY_LABELS = new Set(['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY']);

/** The key block of a PEM file holding exactly one unencrypted key, as PEM; null for anything else. */
export function plainPemKey(file: FileBytes): string | null {
  if (!looksLikePem(file.bytes)) return null;
  const blocks = pemBlocks(latin1(file.bytes)).filter((b) => b.label.endsWith('PRIVATE KEY'));
  const [block] = blocks;
  if (!block || blocks.length > 1 || !block.terminated || !PLAIN_KEY_LABELS.has(block.label)) return null;
  if (Object.keys(block.headers).length > 0 || !isBase64(block.body)) return null;
  return toPem(block);
}

/**
 * The `createPrivateKey` input of an encrypted key whose cost is within the caps (without the
 * passphrase), so that a worker can decrypt it; null for any other key (read inline).
 */
export function encryptedKeyInput(file: FileBytes): { input: Omit<KeyInput, 'passphrase'>; cost: number } | null {
  if (isBlank(file.bytes)) return null;
  if (looksLikePem(file.bytes)) {
    const blocks = pemBlocks(latin1(file.bytes)).filter((b) => b.label.endsWith('PRIVATE KEY'));
    const [block] = blocks;
    if (!block || blocks.length > 1 || !block.terminated || !isBase64(block.body) || block.label === 'OPENSSH PRIVATE KEY') return null;
    const encrypted = block.label === 'ENCRYPTED PRIVATE KEY' || /ENCRYPTED/.test(block.headers['Proc-Type'] ?? '');
    if (!encrypted) return null;
    // Legacy PEM encryption derives its key with one MD5 round (EVP_BytesToKey): no cost to speak of.
    const uses = block.label === 'ENCRYPTED PRIVATE KEY' ? kdfUses(Buffer.from(block.body, 'base64')) : [];
    if (kdfCostProblem(uses)) return null;
    return { input: { key: toPem(block), format: 'pem' }, cost: kdfTotal(uses) };
  }
  const der = asBuffer(file.bytes);
  const top = derElement(der);
  if (!top || top.tag !== DER_SEQUENCE || top.totalLength > der.length) return null;
  const uses = kdfUses(der);
  if (derElement(der, top.headerLength)?.tag !== DER_SEQUENCE || kdfCostProblem(uses)) return null;
  return { input: { key: der, format: 'der', type: 'pkcs8' }, cost: kdfTotal(uses) };
}

/** The failure for an error that decrypting `file` (read by `encryptedKeyInput`) ended in. */
export function keyUnlockFailure(file: FileBytes, error: unknown): PreflightFailure {
  const invalid: Invalid = (message, code) => err(failure('key-invalid', file.name, message, HINT_FORMAT, code));
  const pem = looksLikePem(file.bytes) ? pemBlocks(latin1(file.bytes)).find((b) => b.label.endsWith('PRIVATE KEY')) : undefined;
  const format = pem ? describePem(pem.label, true) : 'encrypted PKCS#8 (DER)';
  const result = classify(error, file, format, true, invalid);
  return result.ok ? failure('key-invalid', file.name, `The key in "${file.name}" could not be read.`, HINT_FORMAT) : result.error;
}

type Invalid = (message: string, code?: string) => Result<never, PreflightFailure>;

function parsePemKey(file: FileBytes, passphrase: string | undefined, invalid: Invalid): Result<KeyObject, PreflightFailure> {
  const blocks = pemBlocks(latin1(file.bytes));
  const keyBlocks = blocks.filter((b) => b.label.endsWith('PRIVATE KEY'));
  const block = keyBlocks[0];
  if (!block) {
    const labels = blocks.map((b) => b.label);
    if (labels.some((l) => l.includes('CERTIFICATE')))
      return invalid(`The key file "${file.name}" holds a certificate, not a private key.`);
    if (labels.some((l) => l.endsWith('PUBLIC KEY')))
      return invalid(`The key file "${file.name}" holds a public key; the private key is needed.`);
    return invalid(`The key file "${file.name}" holds no private key${labels.length ? ` (only: ${labels.join(', ')})` : ''}.`);
  }
  if (keyBlocks.length > 1)
    return invalid(`The key file "${file.name}" holds ${keyBlocks.length} private keys; keep only the one for the client certificate.`);
  if (block.label === 'OPENSSH PRIVATE KEY') {
    return err(
      failure(
        'key-invalid',
        file.name,
        `The key file "${file.name}" is in OpenSSH format, which TLS libraries do not read.`,
        'Convert it to PEM: ssh-keygen -p -m PEM -f <file> (on a copy).',
      ),
    );
  }
  if (!block.terminated) return invalid(`The key file "${file.name}" is truncated: it ends before its END ${block.label} line.`);
  if (!isBase64(block.body)) return invalid(`The key in "${file.name}" is damaged: its body is not valid base64.`);
  const encrypted = block.label === 'ENCRYPTED PRIVATE KEY' || /ENCRYPTED/.test(block.headers['Proc-Type'] ?? '');
  const format = describePem(block.label, encrypted);
  if (encrypted && !passphrase) return missing(file, format);
  if (block.label === 'ENCRYPTED PRIVATE KEY') {
    const costly = tooCostly(file, Buffer.from(block.body, 'base64'));
    if (costly) return costly;
  }
  try {
    return ok(createPrivateKey({ key: toPem(block), format: 'pem', ...(encrypted ? { passphrase } : {}) }));
  } catch (e) {
    return classify(e, file, format, encrypted, invalid);
  }
}

function parseDerKey(file: FileBytes, passphrase: string | undefined, invalid: Invalid): Result<KeyObject, PreflightFailure> {
  const der = asBuffer(file.bytes);
  const top = derElement(der);
  if (!top || top.tag !== DER_SEQUENCE) return invalid(`The key file "${file.name}" is neither PEM (no BEGIN line) nor a DER private key.`);
  if (top.totalLength > der.length) {
    return invalid(
      `The key file "${file.name}" is truncated: its encoding announces ${top.totalLength} bytes but only ${der.length} are present.`,
    );
  }
  try {
    new X509Certificate(der);
    return invalid(`The key file "${file.name}" holds a certificate (DER), not a private key.`);
  } catch {
    // not a certificate: go on
  }
  // EncryptedPrivateKeyInfo (RFC 5958 §3) starts with an AlgorithmIdentifier SEQUENCE;
  // PrivateKeyInfo, RSAPrivateKey and ECPrivateKey start with an INTEGER version.
  const inner = derElement(der, top.headerLength);
  if (inner?.tag === DER_SEQUENCE) {
    const format = 'encrypted PKCS#8 (DER)';
    if (!passphrase) return missing(file, format);
    const costly = tooCostly(file, der);
    if (costly) return costly;
    try {
      return ok(createPrivateKey({ key: der, format: 'der', type: 'pkcs8', passphrase }));
    } catch (e) {
      return classify(e, file, format, true, invalid);
    }
  }
  let lastCode: string | undefined;
  for (const type of ['pkcs8', 'pkcs1', 'sec1'] as const) {
    try {
      return ok(createPrivateKey({ key: der, format: 'der', type }));
    } catch (e) {
      lastCode = errorCode(e) ?? lastCode;
    }
  }
  return invalid(`The key file "${file.name}" is DER but not a private key in PKCS#8, PKCS#1 or SEC1 form.`, lastCode);
}

/** A refusal when the key's PBKDF2 or scrypt parameters cost more than the caps (kdf-cost.ts). */
function tooCostly(file: FileBytes, der: Uint8Array): Result<never, PreflightFailure> | null {
  const problem = kdfCostProblem(kdfUses(der));
  if (!problem) return null;
  return err(
    failure(
      'key-invalid',
      file.name,
      `The encrypted private key in "${file.name}" was not opened: ${problem}.`,
      'Re-encrypt the key with a usual cost, e.g. openssl pkcs8 -topk8 -v2 aes-256-cbc -iter 2048 (see "Limits" in the README).',
      KDF_COST_CODE,
    ),
  );
}

function missing(file: FileBytes, format: string): Result<never, PreflightFailure> {
  return err(
    failure(
      'key-passphrase-missing',
      file.name,
      `The private key in "${file.name}" is encrypted (${format}) and no passphrase was given.`,
      HINT_MISSING,
    ),
  );
}

function classify(e: unknown, file: FileBytes, format: string, encrypted: boolean, invalid: Invalid): Result<never, PreflightFailure> {
  const code = errorCode(e);
  if (code !== undefined && MISSING_CODES.has(code)) {
    return err(
      failure(
        'key-passphrase-missing',
        file.name,
        `The private key in "${file.name}" is encrypted (${format}) and no passphrase was given.`,
        HINT_MISSING,
        code,
      ),
    );
  }
  const badDecrypt = code === 'ERR_OSSL_BAD_DECRYPT' || code === 'ERR_OSSL_EVP_BAD_DECRYPT' || opensslReason(e) === 'bad decrypt';
  if (encrypted && (badDecrypt || (code !== undefined && DECODE_AFTER_DECRYPT_CODES.has(code)))) {
    return err(
      failure(
        'key-passphrase-wrong',
        file.name,
        `The passphrase does not decrypt the private key in "${file.name}" (${format}).`,
        HINT_WRONG,
        code,
      ),
    );
  }
  return invalid(`The key in "${file.name}" (${format}) could not be read${code ? ` (${code})` : ''}.`, code);
}

/** How a PEM private key is encoded, in words: "PKCS#8", "legacy encrypted PKCS#1" … */
export function describePem(label: string, encrypted: boolean): string {
  switch (label) {
    case 'ENCRYPTED PRIVATE KEY':
      return 'encrypted PKCS#8';
    case 'PRIVATE KEY':
      return 'PKCS#8';
    case 'RSA PRIVATE KEY':
      return encrypted ? 'legacy encrypted PKCS#1' : 'PKCS#1';
    case 'EC PRIVATE KEY':
      return encrypted ? 'legacy encrypted SEC1' : 'SEC1';
    default:
      return encrypted ? `legacy encrypted ${label}` : label;
  }
}
