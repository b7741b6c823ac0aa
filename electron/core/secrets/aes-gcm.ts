/**
 * AES-256-GCM with a random 96-bit IV per message (NIST SP 800-38D §8.2.2: random IVs are safe
 * well below 2^32 messages per key) and the 128-bit tag, as one `iv | ciphertext | tag` blob.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const KEY_BYTES = 32;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;

export interface GcmParts {
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

export function gcmEncrypt(key: Uint8Array, plaintext: Uint8Array, aad?: Uint8Array): GcmParts {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  if (aad) cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, ciphertext, tag: cipher.getAuthTag() };
}

/** The plaintext, or null when authentication fails (wrong key, changed bytes, wrong AAD). */
export function gcmDecrypt(key: Uint8Array, parts: GcmParts, aad?: Uint8Array): Buffer | null {
  if (parts.iv.length !== IV_BYTES || parts.tag.length !== TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, parts.iv, { authTagLength: TAG_BYTES });
    if (aad) decipher.setAAD(aad);
    decipher.setAuthTag(parts.tag);
    return Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]);
  } catch {
    return null;
  }
}

export const packGcm = (p: GcmParts): Buffer => Buffer.concat([p.iv, p.ciphertext, p.tag]);

export function unpackGcm(blob: Buffer): GcmParts | null {
  if (blob.length < IV_BYTES + TAG_BYTES) return null;
  return {
    iv: blob.subarray(0, IV_BYTES),
    ciphertext: blob.subarray(IV_BYTES, blob.length - TAG_BYTES),
    tag: blob.subarray(blob.length - TAG_BYTES),
  };
}
