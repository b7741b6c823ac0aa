import type { MaterialSlot } from '../../../shared/profile/profile';

/**
 * Whether a file's bytes are a secret: keys and PKCS#12 bundles always; a certificate file too
 * when it also carries a PEM private key (combined "cert + key" PEM files are common).
 * Unknown slots count as secret, so nothing slips out in clear by mistake.
 */
export function isSecretMaterial(slot: MaterialSlot | undefined, bytes: Uint8Array): boolean {
  if (slot === undefined || slot === 'key' || slot === 'pfx') return true;
  return /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(Buffer.from(bytes).toString('latin1'));
}
