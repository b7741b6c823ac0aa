/**
 * Encryption of an export's secrets with a passphrase the user chooses: scrypt (RFC 7914) with
 * a random salt derives an AES-256-GCM key. The parameters travel in the file, so an importer
 * needs only the passphrase, and a later version can raise the cost without breaking old files.
 */
import { randomBytes, scrypt } from 'node:crypto';
import { EXPORT_FORMAT, EXPORT_FORMAT_VERSION, type EncryptedSecrets, type ScryptParams } from '../../../shared/profile/transfer';
import { gcmDecrypt, gcmEncrypt } from '../secrets/aes-gcm';

/** 2^15 × 8 × 128 B = 32 MiB and about 0.1 s per derivation: OWASP's minimum for scrypt, cheap for one file. */
export const DEFAULT_SCRYPT = { N: 1 << 15, r: 8, p: 1 } as const;
/** The most memory a file may make the importer spend on its key (128·N·r bytes). */
const MAX_SCRYPT_MEMORY = 256 * 1024 * 1024;
/** Binds the ciphertext to this format, so it cannot be moved into another kind of file. */
const AAD = Buffer.from(`${EXPORT_FORMAT}/${EXPORT_FORMAT_VERSION}`);

function deriveKey(passphrase: string, kdf: Pick<ScryptParams, 'N' | 'r' | 'p'>, salt: Buffer): Promise<Buffer> {
  const memory = 128 * kdf.N * kdf.r;
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), salt, 32, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: memory * 2 + 1024 * 1024 }, (e, key) =>
      e ? reject(e) : resolve(key),
    );
  });
}

/** Encrypts `plaintext` (the JSON of the secrets) under `passphrase`. */
export async function encryptWithPassphrase(
  plaintext: Uint8Array,
  passphrase: string,
  params: { N: number; r: number; p: number } = DEFAULT_SCRYPT,
): Promise<EncryptedSecrets> {
  const salt = randomBytes(16);
  const key = await deriveKey(passphrase, params, salt);
  const sealed = gcmEncrypt(key, plaintext, AAD);
  return {
    kdf: { name: 'scrypt', salt: salt.toString('base64'), N: params.N, r: params.r, p: params.p, keyLength: 32 },
    cipher: { name: 'aes-256-gcm', iv: sealed.iv.toString('base64'), tag: sealed.tag.toString('base64') },
    ciphertext: sealed.ciphertext.toString('base64'),
  };
}

export type DecryptFailure = { kind: 'wrong-passphrase' } | { kind: 'unsupported'; message: string };

/** The plaintext, or why not: a wrong passphrase (or a changed file: GCM cannot tell them apart), or parameters beyond our limits. */
export async function decryptWithPassphrase(
  encrypted: EncryptedSecrets,
  passphrase: string,
): Promise<{ ok: true; plaintext: Buffer } | { ok: false; error: DecryptFailure }> {
  const { N, r } = encrypted.kdf;
  if ((N & (N - 1)) !== 0)
    return { ok: false, error: { kind: 'unsupported', message: `The file's scrypt cost N=${N} is not a power of two.` } };
  if (128 * N * r > MAX_SCRYPT_MEMORY)
    return {
      ok: false,
      error: {
        kind: 'unsupported',
        message: `The file asks for ${Math.round((128 * N * r) / 2 ** 20)} MiB to derive its key; Keyhole allows ${MAX_SCRYPT_MEMORY / 2 ** 20} MiB.`,
      },
    };
  const key = await deriveKey(passphrase, encrypted.kdf, Buffer.from(encrypted.kdf.salt, 'base64'));
  const plaintext = gcmDecrypt(
    key,
    {
      iv: Buffer.from(encrypted.cipher.iv, 'base64'),
      ciphertext: Buffer.from(encrypted.ciphertext, 'base64'),
      tag: Buffer.from(encrypted.cipher.tag, 'base64'),
    },
    AAD,
  );
  return plaintext ? { ok: true, plaintext } : { ok: false, error: { kind: 'wrong-passphrase' } };
}
