// Issuing certificates: a self-signed CA, an intermediate CA, broker and client certificates,
// with the extensions OpenSSL's verifier and the brokers look at (RFC 5280 §4.2). Validity
// windows are taken as given, also wholly in the past or the future: the point is to test how
// brokers treat such certificates.
import { Buffer } from 'node:buffer';
import { X509Certificate, randomBytes, type KeyObject, type webcrypto } from 'node:crypto';
import { isIP } from 'node:net';
import type { CertificateProfile, IssuedRecord, KeyAlgorithm, SubjectFields } from '../../../shared/certs/issue';
import { IssueRequest } from '../../../shared/certs/issue';
import type { Result } from '../../../shared/result';
import { err, ok } from '../../../shared/result';
import { generateKeys, signingKey, toKeyObject, webAlgorithm } from './keys';
import { issuedBy } from './summary';
import { asn1Bytes, asX509Key, asX509KeyPair, x509, x509Crypto, type X509PublicKey } from './x509';

/** The CA that signs: its certificate and its (decrypted) private key. */
export interface Issuer {
  certificate: X509Certificate;
  key: KeyObject;
}

/** A freshly issued certificate with its new private key (the caller decides where the key goes). */
export interface Issued {
  certificate: X509Certificate;
  /** PEM of the certificate alone. */
  certPem: string;
  key: KeyObject;
  keyAlgorithm: KeyAlgorithm;
  record: IssuedRecord;
}

export type IssueErrorCode =
  | 'request-invalid'
  | 'issuer-missing'
  | 'issuer-unexpected'
  | 'issuer-not-ca'
  | 'issuer-key-mismatch'
  | 'issuer-key-unsupported'
  | 'san-required'
  | 'san-invalid';

export interface IssueError {
  code: IssueErrorCode;
  message: string;
}

/** A prepared issuer: imported once, reused for every certificate of a batch. */
export interface SigningIssuer {
  certificate: X509Certificate;
  parsed: x509.X509Certificate;
  signingKey: X509SigningKey;
  algorithm: KeyAlgorithm;
  /** The AKI every issued certificate carries: the issuer's SKI (RFC 5280 §4.2.1.1). */
  authorityKeyId: x509.AuthorityKeyIdentifierExtension;
}

type X509SigningKey = ReturnType<typeof asX509Key>;

const fail = (code: IssueErrorCode, message: string): Result<never, IssueError> => err({ code, message });

/** Checks that the issuer is a CA whose key is the one given, and imports the key for signing. */
export async function prepareIssuer(issuer: Issuer): Promise<Result<SigningIssuer, IssueError>> {
  const name = issuer.certificate.subject.split('\n').join(', ');
  if (!issuer.certificate.ca) return fail('issuer-not-ca', `"${name}" is not a CA certificate (no CA:TRUE basic constraint).`);
  let matches = false;
  try {
    matches = issuer.certificate.checkPrivateKey(issuer.key);
  } catch {
    matches = false;
  }
  if (!matches) return fail('issuer-key-mismatch', `The private key given does not belong to the CA certificate "${name}".`);
  const imported = await signingKey(issuer.key);
  if (!imported) {
    return fail(
      'issuer-key-unsupported',
      `The CA key of "${name}" is not one the workbench signs with (RSA 2048/3072/4096, EC P-256/P-384, Ed25519).`,
    );
  }
  const parsed = new x509.X509Certificate(asn1Bytes(issuer.certificate.raw));
  const ski = parsed.getExtension(x509.SubjectKeyIdentifierExtension);
  const authorityKeyId = ski
    ? new x509.AuthorityKeyIdentifierExtension(ski.keyId)
    : await x509.AuthorityKeyIdentifierExtension.create(parsed.publicKey, false, x509Crypto);
  return ok({
    certificate: issuer.certificate,
    parsed,
    signingKey: asX509Key(imported.key),
    algorithm: imported.algorithm,
    authorityKeyId,
  });
}

/** Issues one certificate: a self-signed CA when `issuer` is null, else one signed by it. */
export async function issueCertificate(
  input: IssueRequest,
  issuer: SigningIssuer | null = null,
  now: Date = new Date(),
): Promise<Result<Issued, IssueError>> {
  const parsedRequest = IssueRequest.safeParse(input);
  if (!parsedRequest.success) {
    const first = parsedRequest.error.issues[0];
    return fail(
      'request-invalid',
      `Invalid request: ${first ? `${first.path.join('.') || 'request'}: ${first.message}` : 'unknown problem'}.`,
    );
  }
  const request = parsedRequest.data;
  if (request.profile === 'ca' && issuer) return fail('issuer-unexpected', 'A root CA is self-signed: it takes no issuer.');
  if (request.profile !== 'ca' && !issuer) return fail('issuer-missing', `A ${request.profile} certificate needs the CA that signs it.`);
  const sans = subjectAltNames(request.dnsNames, request.ipAddresses);
  if (!sans.ok) return sans;
  if (request.profile === 'server' && sans.value.length === 0) {
    return fail(
      'san-required',
      'A broker certificate needs at least one DNS name or IP address: clients check the host they dial against these names (RFC 6125).',
    );
  }

  const keys = await generateKeys(request.key);
  const subject = subjectName(request.subject);
  const extensions = await extensionsFor(request.profile, request.key, keys.publicKey, sans.value, request.pathLength, request.crlUrls);
  const common = {
    serialNumber: randomSerial(),
    subject,
    notBefore: new Date(request.validity.notBefore),
    notAfter: new Date(request.validity.notAfter),
  };
  let cert: x509.X509Certificate;
  if (issuer) {
    extensions.push(issuer.authorityKeyId);
    cert = await x509.X509CertificateGenerator.create(
      {
        ...common,
        // The issuer's own encoded name, so that name chaining compares equal bytes (RFC 5280 §7.1).
        issuer: issuer.parsed.subjectName,
        publicKey: keys.publicKey as unknown as X509PublicKey,
        signingKey: issuer.signingKey,
        signingAlgorithm: webAlgorithm(issuer.algorithm),
        extensions,
      },
      x509Crypto,
    );
  } else {
    extensions.push(await x509.AuthorityKeyIdentifierExtension.create(keys.publicKey as unknown as X509PublicKey, false, x509Crypto));
    cert = await x509.X509CertificateGenerator.createSelfSigned(
      { ...common, name: subject, keys: asX509KeyPair(keys), signingAlgorithm: webAlgorithm(request.key), extensions },
      x509Crypto,
    );
  }
  const certificate = new X509Certificate(Buffer.from(cert.rawData));
  if (issuer && !issuedBy(certificate, issuer.certificate)) {
    // Cannot happen with a consistent issuer; a bug if it does.
    throw new Error('issued certificate does not verify with its issuer');
  }
  return ok({
    certificate,
    certPem: certificate.toString(),
    key: await toKeyObject(keys.privateKey),
    keyAlgorithm: request.key,
    record: recordOf(certificate, request.profile, request.subject.commonName, now),
  });
}

/** What the CA's issued list keeps of a certificate. */
export function recordOf(certificate: X509Certificate, profile: CertificateProfile, commonName: string, now: Date): IssuedRecord {
  return {
    serialNumber: certificate.serialNumber.toUpperCase(),
    commonName,
    profile,
    notBefore: new Date(certificate.validFrom).toISOString(),
    notAfter: new Date(certificate.validTo).toISOString(),
    fingerprint256: certificate.fingerprint256,
    issuedAt: now.toISOString(),
  };
}

/**
 * 16 random bytes, positive and without a leading zero byte, so the DER INTEGER is exactly 16
 * bytes (RFC 5280 §4.1.2.2: at most 20 octets; CA/B forum: at least 64 bits of randomness).
 */
export function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x40;
  return bytes.toString('hex');
}

/** Most general first (C, ST, L, O, OU, CN), UTF8String except the country (PrintableString, RFC 5280 Appendix A). */
function subjectName(fields: SubjectFields): x509.Name {
  const name: x509.JsonNameParams = [];
  if (fields.country) name.push({ C: [{ printableString: fields.country.toUpperCase() }] });
  const utf8: [keyof SubjectFields, string][] = [
    ['state', 'ST'],
    ['locality', 'L'],
    ['organization', 'O'],
    ['organizationalUnit', 'OU'],
    ['commonName', 'CN'],
  ];
  for (const [field, type] of utf8) {
    const value = fields[field];
    if (value) name.push({ [type]: [{ utf8String: value }] });
  }
  return new x509.Name(name);
}

const DNS_NAME = /^(\*\.)?([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/;

function subjectAltNames(dnsNames: string[], ipAddresses: string[]): Result<x509.JsonGeneralName[], IssueError> {
  const names: x509.JsonGeneralName[] = [];
  for (const dns of dnsNames) {
    if (!DNS_NAME.test(dns) || dns.length > 253)
      return fail('san-invalid', `"${dns}" is not a DNS name (letters, digits, hyphens, dots; "*." only as the first label).`);
    names.push({ type: 'dns', value: dns });
  }
  for (const ip of ipAddresses) {
    if (isIP(ip) === 0) return fail('san-invalid', `"${ip}" is not an IPv4 or IPv6 address.`);
    names.push({ type: 'ip', value: ip });
  }
  return ok(names);
}

async function extensionsFor(
  profile: CertificateProfile,
  algorithm: KeyAlgorithm,
  publicKey: webcrypto.CryptoKey,
  sans: x509.JsonGeneralName[],
  pathLength: number | null,
  crlUrls: string[],
): Promise<x509.Extension[]> {
  const flags = x509.KeyUsageFlags;
  const extensions: x509.Extension[] = [
    await x509.SubjectKeyIdentifierExtension.create(publicKey as unknown as X509PublicKey, false, x509Crypto),
  ];
  if (profile === 'ca' || profile === 'intermediate') {
    // An intermediate made here may sign only leaves unless a path length is asked for.
    const limit = profile === 'intermediate' ? (pathLength ?? 0) : (pathLength ?? undefined);
    extensions.push(new x509.BasicConstraintsExtension(true, limit, true));
    extensions.push(new x509.KeyUsagesExtension(flags.keyCertSign | flags.cRLSign | flags.digitalSignature, true));
  } else {
    extensions.push(new x509.BasicConstraintsExtension(false, undefined, true));
    // keyEncipherment only for RSA: TLS 1.2 RSA key exchange; it is meaningless for EC and EdDSA keys.
    const usage = algorithm.startsWith('rsa') ? flags.digitalSignature | flags.keyEncipherment : flags.digitalSignature;
    extensions.push(new x509.KeyUsagesExtension(usage, true));
    extensions.push(
      new x509.ExtendedKeyUsageExtension([profile === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth]),
    );
  }
  if (sans.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(sans));
  if (crlUrls.length > 0) extensions.push(new x509.CRLDistributionPointsExtension(crlUrls));
  return extensions;
}
