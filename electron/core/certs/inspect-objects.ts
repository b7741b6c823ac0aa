// Details of certificate requests and CRLs, read with @peculiar/x509 and checked with WebCrypto.
import { Buffer } from 'node:buffer';
import { createPublicKey } from 'node:crypto';
import { CertificationRequest } from '@peculiar/asn1-csr';
import { AsnConvert } from '@peculiar/asn1-schema';
import { CertificateList } from '@peculiar/asn1-x509';
import * as asn1js from 'asn1js';
import type { CrlDetails, CsrDetails, RevokedEntry } from '../../../shared/certs/inspect';
import { colonHex, distinguishedName, publicKeyInfo, signatureName } from './cert-details';
import type { Located } from './inspect-chain';
import { EKU_NAMES, commonName } from './summary';
import { asn1Bytes, x509, x509Crypto } from './x509';

const OID_CRL_NUMBER = '2.5.29.20';

/** A PKCS#10 request: subject, key, requested extensions, and whether it is signed by its own key. */
export async function csrDetails(der: Buffer): Promise<CsrDetails> {
  const csr = new x509.Pkcs10CertificateRequest(asn1Bytes(der));
  const asn = AsnConvert.parse(der, CertificationRequest);
  const san = csr.getExtension(x509.SubjectAlternativeNameExtension.NAME) as x509.SubjectAlternativeNameExtension | null;
  const eku = csr.getExtension(x509.ExtendedKeyUsageExtension.NAME) as x509.ExtendedKeyUsageExtension | null;
  const ku = csr.getExtension(x509.KeyUsagesExtension.NAME) as x509.KeyUsagesExtension | null;
  let signatureValid = false;
  try {
    signatureValid = await csr.verify(x509Crypto);
  } catch {
    signatureValid = false;
  }
  return {
    kind: 'csr',
    subject: distinguishedName(csr.subjectName.toJSON()),
    publicKey: publicKeyInfo(createPublicKey({ key: Buffer.from(csr.publicKey.rawData), format: 'der', type: 'spki' })),
    signatureAlgorithm: signatureName(asn.signatureAlgorithm.algorithm),
    subjectAltNames: san ? san.names.toJSON().map((n) => `${n.type === 'ip' ? 'IP' : n.type === 'dns' ? 'DNS' : n.type}:${n.value}`) : [],
    keyUsage: ku ? keyUsageNames(ku.usages) : [],
    extKeyUsage: eku ? eku.usages.map((u) => EKU_NAMES[String(u)] ?? String(u)) : [],
    signatureValid,
  };
}

function keyUsageNames(flags: number): string[] {
  return Object.entries(x509.KeyUsageFlags)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number' && (flags & entry[1]) !== 0)
    .map(([name]) => name);
}

/** A CRL at time `now`: issuer, dates, revoked serials, and which of the given certificates signed it. */
export async function crlDetails(der: Buffer, now: Date, candidates: Located[]): Promise<CrlDetails> {
  const crl = new x509.X509Crl(asn1Bytes(der));
  const asn = AsnConvert.parse(der, CertificateList);
  const next = crl.nextUpdate ?? null;
  const status = crl.thisUpdate > now ? 'not-yet-valid' : next && next < now ? 'stale' : 'current';
  const aki = crl.getExtension(x509.AuthorityKeyIdentifierExtension);
  const numberExt = crl.extensions.find((e) => e.type === OID_CRL_NUMBER);
  let crlNumber: string | null = null;
  if (numberExt) {
    const parsed = asn1js.fromBER(numberExt.value).result;
    crlNumber = parsed instanceof asn1js.Integer ? parsed.toBigInt().toString() : null;
  }
  const revoked: RevokedEntry[] = crl.entries.map((entry) => ({
    serialNumber: entry.serialNumber.toUpperCase(),
    revokedAt: entry.revocationDate.toISOString(),
    reason: entry.reason === undefined ? null : (x509.X509CrlReason[entry.reason] ?? String(entry.reason)),
  }));
  let verifiedBy: CrlDetails['verifiedBy'] = null;
  for (const candidate of candidates) {
    // Only a CA signs CRLs (RFC 5280 §6.3.3 (f)); trying each CA's key finds the signer.
    if (!candidate.cert.ca) continue;
    try {
      if (await crl.verify({ publicKey: new x509.X509Certificate(asn1Bytes(candidate.cert.raw)) }, x509Crypto)) {
        verifiedBy = {
          source: candidate.source,
          item: candidate.item,
          commonName: commonName(candidate.cert.subject),
          fingerprintSha256: candidate.cert.fingerprint256,
        };
        break;
      }
    } catch {
      // a key of another type: not the signer
    }
  }
  return {
    kind: 'crl',
    issuer: distinguishedName(crl.issuerName.toJSON()),
    thisUpdate: crl.thisUpdate.toISOString(),
    nextUpdate: next ? next.toISOString() : null,
    status,
    crlNumber,
    signatureAlgorithm: signatureName(asn.signatureAlgorithm.algorithm),
    authorityKeyIdentifier: aki?.keyId ? colonHex(aki.keyId) : null,
    revoked,
    verifiedBy,
  };
}
