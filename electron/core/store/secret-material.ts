import { X509Certificate } from 'node:crypto';
import type { MaterialSlot } from '../../../shared/profile/profile';

/** PEM labels of public material: certificates, trust anchors, CRLs, certificate bundles. */
const PUBLIC_LABELS = new Set(['CERTIFICATE', 'TRUSTED CERTIFICATE', 'X509 CRL', 'PKCS7', 'CERTIFICATE CHAIN']);

/**
 * Whether a file's bytes are a secret, judged by what they are, not by the slot they sit in:
 * keys and PKCS#12 bundles always; a CA or certificate file is public only when it holds
 * nothing but certificates (PEM blocks of public labels, or one DER certificate). A DER key, a
 * PKCS#12 or anything unrecognised put in a CA or certificate slot is sealed like a key.
 * Unknown slots count as secret, so nothing slips out in clear by mistake.
 */
export function isSecretMaterial(slot: MaterialSlot | undefined, bytes: Uint8Array): boolean {
  if (slot === undefined || slot === 'key' || slot === 'pfx') return true;
  return !holdsOnlyCertificates(bytes);
}

/** True when the bytes are PEM with only public blocks, or a single DER certificate. */
export function holdsOnlyCertificates(bytes: Uint8Array): boolean {
  const text = Buffer.from(bytes).toString('latin1');
  const labels = [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----/g)].map((m) => m[1]!);
  if (labels.length > 0) return labels.every((label) => PUBLIC_LABELS.has(label));
  try {
    new X509Certificate(Buffer.from(bytes));
    return true;
  } catch {
    return false;
  }
}
