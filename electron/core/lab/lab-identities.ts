// The identities table of a lab: what the lab does with each demo identity, read from the issued
// certificates themselves (dates, issuer), the CA's revocation list and the auth table.
import { X509Certificate } from 'node:crypto';
import type { LabIdentityStatus, LabIdentityView } from '../../../shared/lab/lab-config';
import { normalizeSerial } from '../certs/crl';
import { labFileOrThrow, type LabIdentity, type LabPki } from './lab-pki';

function statusOf(identity: LabIdentity, cert: X509Certificate | null, pki: LabPki, now: Date): LabIdentityStatus {
  if (cert === null || identity.commonName === null) return 'no-certificate';
  if (!cert.checkIssued(pki.signer.certificate) || !cert.verify(pki.signer.certificate.publicKey)) return 'foreign-ca';
  const serial = normalizeSerial(cert.serialNumber);
  if (pki.record.issued.some((r) => normalizeSerial(r.serialNumber) === serial && r.revoked)) return 'revoked';
  if (Date.parse(cert.validTo) < now.getTime()) return 'expired';
  if (Date.parse(cert.validFrom) > now.getTime()) return 'not-yet-valid';
  return pki.state.table.some((e) => e.commonName === identity.commonName) ? 'allowed' : 'not-allowed';
}

/** Every identity of the lab with its status, rights and files. */
export async function labIdentities(pki: LabPki, now: Date): Promise<LabIdentityView[]> {
  return Promise.all(
    pki.state.identities.map(async (identity) => {
      const cert = identity.cert === null ? null : new X509Certificate(await labFileOrThrow(pki.dir, identity.cert));
      const entry = pki.state.table.find((e) => e.commonName === identity.commonName);
      return {
        name: identity.name,
        commonName: identity.commonName,
        about: identity.about,
        status: statusOf(identity, cert, pki, now),
        rights: entry?.rights ?? null,
        mqttVersion: identity.mqttVersion,
        profilePasswordMatches: identity.tablePassword === null || identity.password === identity.tablePassword,
        validFrom: cert ? new Date(cert.validFrom).toISOString() : null,
        validTo: cert ? new Date(cert.validTo).toISOString() : null,
        files: { cert: identity.cert, key: identity.key, pfx: identity.pfx },
      };
    }),
  );
}
