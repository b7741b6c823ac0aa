// A file an import names is read where the user's export or configuration says, which may be
// any local file: a CA slot takes certificates only, a certificate slot at least one
// certificate, so that nothing else (a key, a password file, ~/.ssh/id_rsa) is taken in as one.
import { X509Certificate } from 'node:crypto';
import type { MaterialSlot } from '../../../shared/profile/profile';
import { holdsOnlyCertificates } from '../store/secret-material';

function hasCertificate(bytes: Uint8Array): boolean {
  if (/-----BEGIN (TRUSTED )?CERTIFICATE-----/.test(Buffer.from(bytes).toString('latin1'))) return true;
  try {
    new X509Certificate(Buffer.from(bytes));
    return true;
  } catch {
    return false;
  }
}

/** Why `bytes` cannot go into `slot` (a sentence), or null when they can. */
export function slotContentProblem(slot: MaterialSlot, bytes: Uint8Array): string | null {
  if (slot === 'ca' && !holdsOnlyCertificates(bytes)) return 'it is not a CA certificate file (it holds something other than certificates)';
  if (slot === 'cert' && !hasCertificate(bytes)) return 'it holds no certificate';
  return null;
}
