// Phase 1 of a connection attempt (DESIGN §4): everything that can be known about the local
// material without touching the network. Failures stop the attempt with one cause; doubts about
// the client certificate are findings (warnings or notes, shared/connect/finding-catalog.ts),
// because sending it anyway is how a user learns what the broker does with it.
import type { KeyObject, X509Certificate } from 'node:crypto';
import { createSecureContext, type SecureContext } from 'node:tls';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, KeyUsage, KeyUsageFlags, id_ce_keyUsage } from '@peculiar/asn1-x509';
import type { Finding, FindingCode } from '../../../shared/connect/report';
import { DEFAULT_CERT_EXPIRY_WARNING_DAYS } from '../../../shared/profile/app-settings';
import type { Result } from '../../../shared/result';
import { err, ok } from '../../../shared/result';
import { parseCertificates } from './certificates';
import type {
  ContextOptions,
  FileBytes,
  IdentityFacts,
  IdentityMaterial,
  IdentitySecrets,
  PreflightFailure,
  PreflightOptions,
  PreparedTls,
} from './material';
import { errorCode, failure, opensslReason } from './material';
import { latin1, looksLikePem, pemBlocks } from './pem';
import { loadPkcs12 } from './pkcs12';
import { parsePrivateKey } from './private-key';
import { EKU_ANY, EKU_CLIENT_AUTH, commonName, isSelfSigned, issuedBy, keyType, summarizeCertificate } from './summary';

/** OpenSSL's security level (2 on Debian) refuses these at `SSL_CTX_use_certificate` time. */
const SECURITY_LEVEL_CODES = new Set([
  'ERR_OSSL_SSL_EE_KEY_TOO_SMALL',
  'ERR_OSSL_SSL_CA_KEY_TOO_SMALL',
  'ERR_OSSL_SSL_CA_MD_TOO_WEAK',
  'ERR_OSSL_SSL_EE_MD_TOO_WEAK',
]);

/** Parses, unlocks and cross-checks CA, client certificate and key (or PKCS#12) at time `now`. */
export function preflight(
  material: IdentityMaterial,
  secrets: IdentitySecrets,
  now: Date,
  options: PreflightOptions = {},
): Result<PreparedTls, PreflightFailure> {
  const findings: Finding[] = [];
  const find = (code: FindingCode, message: string) => findings.push({ code, message });

  const keyFile = material.key ?? (material.pfx ? undefined : embeddedKey(material.cert));
  const shape = checkShape(material, keyFile);
  if (!shape.ok) return shape;

  const cas = loadCas(material.ca, find);
  if (!cas.ok) return cas;
  const prepared: PreparedTls = {
    caCertificates: cas.value.map((c) => summarizeCertificate(c.cert, c.source)),
    clientCertificate: null,
    clientChain: [],
    findings,
    identity: null,
  };
  if (cas.value.length > 0) prepared.ca = cas.value.map((c) => c.cert.toString());

  const identity = loadIdentity(material, secrets, keyFile, prepared, options, find);
  if (!identity.ok) return identity;
  const { chain, source } = identity.value;
  const leaf = chain[0];
  if (leaf) {
    prepared.clientChain = chain.map((c) => summarizeCertificate(c, source));
    prepared.clientCertificate = prepared.clientChain[0] ?? null;
    const anchors = cas.value.map((c) => c.cert);
    prepared.identity = checkClientChain(chain, anchors, prepared.caCertificates, source, now, find);
    findings.push(...certificateFindings(chain, 'client', now, options.expiryWarningDays ?? DEFAULT_CERT_EXPIRY_WARNING_DAYS, source));
  }

  if (!prepared.secureContext) {
    const context = validateContext(prepared, material, keyFile, options);
    if (!context.ok) return context;
    prepared.secureContext = context.value;
  }
  return ok(prepared);
}

type Find = (code: FindingCode, message: string) => void;

/** Every certificate of the CA files, with the file it came from. */
function loadCas(files: readonly FileBytes[], find: Find): Result<{ cert: X509Certificate; source: string }[], PreflightFailure> {
  const cas: { cert: X509Certificate; source: string }[] = [];
  for (const file of files) {
    const parsed = parseCertificates(file, 'ca-invalid');
    if (!parsed.ok) return parsed;
    for (const cert of parsed.value) {
      cas.push({ cert, source: file.name });
      if (!cert.ca) {
        find(
          'ca-not-a-ca',
          `The CA file "${file.name}" contains "${nameOf(cert)}", which is not a CA certificate (no CA:TRUE basic constraint): it cannot vouch for any other certificate.`,
        );
      }
    }
  }
  return ok(cas);
}

/**
 * The client chain (leaf first) from cert + key or a PKCS#12 bundle, with the PEM, key or
 * bundle context TLS will use written into `prepared`. Empty when no identity was given.
 */
function loadIdentity(
  material: IdentityMaterial,
  secrets: IdentitySecrets,
  keyFile: FileBytes | undefined,
  prepared: PreparedTls,
  options: ContextOptions,
  find: Find,
): Result<{ chain: X509Certificate[]; source: string }, PreflightFailure> {
  if (material.cert && keyFile) {
    const certs = parseCertificates(material.cert, 'cert-invalid');
    if (!certs.ok) return certs;
    const key = parsePrivateKey(keyFile, secrets.passphrase);
    if (!key.ok) return key;
    const leafIndex = certs.value.findIndex((c) => matches(c, key.value));
    const first = certs.value[0];
    if (leafIndex < 0 || !first) {
      return err(
        failure(
          'key-cert-mismatch',
          keyFile.name,
          `The private key in "${keyFile.name}" does not belong to the certificate "${first ? nameOf(first) : '?'}" in "${material.cert.name}" (their public keys differ).`,
          'Pair the certificate with the key it was issued for: compare `openssl x509 -noout -pubkey` with `openssl pkey -pubout`.',
        ),
      );
    }
    const chain = [...certs.value];
    if (leafIndex > 0) {
      // OpenSSL takes the first certificate of the file as the leaf and would fail on the key.
      const [leaf] = chain.splice(leafIndex, 1);
      if (leaf) chain.unshift(leaf);
      find(
        'client-chain-reordered',
        `The certificate for the private key is number ${leafIndex + 1} in "${material.cert.name}"; it is sent first, as TLS requires.`,
      );
    }
    prepared.cert = chain.map((c) => c.toString()).join('');
    prepared.key = exportKey(key.value);
    return ok({ chain, source: material.cert.name });
  }
  if (!material.pfx) return ok({ chain: [], source: '' });
  const pfxName = material.pfx.name;
  // The bundle's context is the connection's: built once, with the CAs and TLS versions.
  const loaded = loadPkcs12(material.pfx, secrets.pfxPassword ?? secrets.passphrase, {
    ca: trustedCa(prepared, options),
    minVersion: options.minVersion,
    maxVersion: options.maxVersion,
  });
  if (!loaded.ok) return loaded;
  for (const f of loaded.value.findings) find(f.code, f.message);
  const chain = loaded.value.chain;
  if (loaded.value.mode === 'native') {
    prepared.secureContext = loaded.value.context;
    prepared.pfx = loaded.value.pfx;
    if (loaded.value.passphrase !== undefined) prepared.passphrase = loaded.value.passphrase;
    // Node adds a bundle's extra certificates to the trust store of the connection
    // (SSL_CTX_add_client_CA and the X509 store): its CAs vouch for the broker too.
    const bundled = chain.slice(1).filter((c) => c.ca);
    for (const extra of bundled) prepared.caCertificates.push(summarizeCertificate(extra, `${pfxName} (bundled CA)`));
    if (bundled.length > 0) {
      find(
        'pkcs12-bundled-ca',
        `The PKCS#12 bundle "${pfxName}" carries the CA certificate${bundled.length === 1 ? '' : 's'} ${bundled.map((c) => `"${nameOf(c)}"`).join(', ')}; Node trusts ${bundled.length === 1 ? 'it' : 'them'} for the broker too.`,
      );
    }
  } else {
    prepared.cert = chain.map((c) => c.toString()).join('');
    prepared.key = exportKey(loaded.value.key);
  }
  return ok({ chain, source: pfxName });
}

function checkShape(material: IdentityMaterial, keyFile: FileBytes | undefined): Result<true, PreflightFailure> {
  if (material.pfx && (material.cert || material.key)) {
    return err(
      failure(
        'config-invalid',
        null,
        `Both a PKCS#12 bundle ("${material.pfx.name}") and a certificate/key were given.`,
        'Use either the PKCS#12 bundle or the certificate and key files, not both.',
      ),
    );
  }
  if (material.cert && !keyFile) {
    return err(
      failure(
        'config-invalid',
        material.cert.name,
        `The client certificate "${material.cert.name}" was given without its private key.`,
        'Add the private key file, or use a PKCS#12 bundle that holds both.',
      ),
    );
  }
  if (material.key && !material.cert) {
    return err(
      failure(
        'config-invalid',
        material.key.name,
        `The private key "${material.key.name}" was given without its certificate.`,
        'Add the client certificate file that belongs to this key.',
      ),
    );
  }
  return ok(true);
}

/** A PEM file with both the certificate and its key (a common export) needs no separate key file. */
function embeddedKey(cert: FileBytes | undefined): FileBytes | undefined {
  if (!cert || !looksLikePem(cert.bytes)) return undefined;
  const hasKey = pemBlocks(latin1(cert.bytes)).some((b) => b.label.endsWith('PRIVATE KEY'));
  return hasKey ? cert : undefined;
}

/** Dates, purpose and issuer of our client chain (leaf first), as findings and as facts for the diagnosis. */
function checkClientChain(
  chain: readonly X509Certificate[],
  cas: readonly X509Certificate[],
  caSummaries: PreparedTls['caCertificates'],
  source: string,
  now: Date,
  find: Find,
): IdentityFacts {
  const leaf = chain[0]!;
  const name = nameOf(leaf);
  const from = new Date(leaf.validFrom);
  const to = new Date(leaf.validTo);
  let validity: IdentityFacts['validity'] = 'valid';
  if (now.getTime() > to.getTime()) {
    validity = 'expired';
    find(
      'client-cert-expired-locally',
      `The client certificate "${name}" in "${source}" expired on ${to.toISOString()} (it is now ${now.toISOString()}); a broker that checks dates will reject it.`,
    );
  } else if (now.getTime() < from.getTime()) {
    validity = 'not-yet-valid';
    find(
      'client-cert-not-yet-valid-locally',
      `The client certificate "${name}" in "${source}" is valid only from ${from.toISOString()} (it is now ${now.toISOString()}); a broker that checks dates will reject it.`,
    );
  }
  const clientAuthProblem = checkClientPurpose(leaf, name, source, find);
  const issuerName = commonName(leaf.issuer) ?? leaf.issuer.split('\n').join(', ');
  const path = chainPath(chain, cas);
  if (cas.length > 0 && !path.reachesLoadedCa) {
    find(
      'client-cert-not-from-ca',
      `The client certificate "${name}" in "${source}" was not issued by any CA loaded for the broker (its issuer is "${issuerName}"). That is normal when the broker trusts a separate client CA.`,
    );
  }
  return {
    leaf: summarizeCertificate(leaf, source),
    issuerName,
    loadedCas: [...caSummaries],
    chainsToLoadedCa: path.reachesLoadedCa,
    unsentIssuer: path.unsentIssuer,
    clientAuthProblem,
    validity,
  };
}

/**
 * What keeps the leaf from TLS client authentication, as a finding and a phrase. RFC 5280
 * §4.2.1.12: with an extended key usage, clientAuth (or any) must be listed; §4.2.1.3 and
 * OpenSSL's SSL client purpose check: with a key usage, digitalSignature or keyAgreement must be set.
 */
function checkClientPurpose(leaf: X509Certificate, name: string, source: string, find: Find): string | null {
  const problems: string[] = [];
  const eku = leaf.keyUsage;
  if (eku && !eku.includes(EKU_CLIENT_AUTH) && !eku.includes(EKU_ANY)) {
    const purposes = summarizeCertificate(leaf).extKeyUsage.join(', ') || 'nothing';
    find(
      'client-cert-no-client-auth-eku',
      `The client certificate "${name}" in "${source}" is not meant for client authentication: its extended key usage allows only ${purposes}. Brokers that check the purpose will reject it.`,
    );
    problems.push(`its extended key usage allows only ${purposes}, not clientAuth`);
  }
  const usage = keyUsageOf(leaf);
  if (usage && !usage.includes('digitalSignature') && !usage.includes('keyAgreement')) {
    const allowed = usage.join(', ') || 'nothing';
    find(
      'client-cert-key-usage',
      `The client certificate "${name}" in "${source}" may not sign the handshake: its key usage allows only ${allowed}, not digitalSignature. Brokers that check the key usage will reject it.`,
    );
    problems.push(`its key usage allows only ${allowed}, not digitalSignature`);
  }
  return problems.length > 0 ? problems.join('; ') : null;
}

/**
 * Walks leaf → intermediates in our file → a loaded CA, checking names and signatures at each
 * step. OpenSSL completes a client chain from the trusted CAs when the file holds no more
 * (ssl_add_cert_chain), so a loaded intermediate is sent even when the file lacks it; an
 * issuer found nowhere here is named as `unsentIssuer`.
 */
function chainPath(
  chain: readonly X509Certificate[],
  anchors: readonly X509Certificate[],
): { reachesLoadedCa: boolean; unsentIssuer: string | null } {
  const [leaf, ...intermediates] = chain;
  if (!leaf) return { reachesLoadedCa: false, unsentIssuer: null };
  const used = new Set<X509Certificate>();
  let current = leaf;
  for (let depth = 0; depth <= intermediates.length; depth++) {
    if (anchors.some((a) => a.fingerprint256 === current.fingerprint256 || issuedBy(current, a))) {
      return { reachesLoadedCa: true, unsentIssuer: null };
    }
    const next = intermediates.find((i) => !used.has(i) && i !== current && issuedBy(current, i));
    if (!next) break;
    used.add(next);
    current = next;
  }
  const issuer = commonName(current.issuer) ?? current.issuer.split('\n').join(', ');
  return { reachesLoadedCa: false, unsentIssuer: isSelfSigned(current) ? null : issuer };
}

/** Signature algorithms that current TLS stacks refuse (SHA-1, MD5, MD2), by OID. */
const WEAK_SIGNATURES: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.1.2': 'md2WithRSAEncryption',
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10040.4.3': 'dsa-with-SHA1',
};

/** Elliptic curves below 224 bits: under OpenSSL's default security level. */
const SMALL_CURVES = new Set(['prime192v1', 'secp192k1', 'secp160r1', 'secp160r2', 'secp160k1', 'secp112r1', 'secp128r1']);

/**
 * Weak keys (RSA or DSA below 2048 bits, small curves), weak signatures (SHA-1, MD5) and
 * certificates that expire within `expiryWarningDays`, for a chain as it is sent (leaf first).
 * A self-signed root's own signature is not checked: nobody verifies it (RFC 5280 §6.1).
 */
export function certificateFindings(
  chain: readonly X509Certificate[],
  role: 'client' | 'server',
  now: Date,
  expiryWarningDays: number,
  source?: string,
): Finding[] {
  const out: Finding[] = [];
  chain.forEach((cert, i) => {
    const what =
      role === 'client'
        ? `${i === 0 ? 'The client certificate' : 'The CA certificate in our chain'} "${nameOf(cert)}"${source ? ` in "${source}"` : ''}`
        : `${i === 0 ? "The broker's certificate" : "The CA certificate in the broker's chain"} "${nameOf(cert)}"`;
    const key = keyType(cert);
    const bits = cert.publicKey.asymmetricKeyDetails?.modulusLength;
    const curve = cert.publicKey.asymmetricKeyDetails?.namedCurve;
    if ((bits !== undefined && bits < 2048) || (curve !== undefined && SMALL_CURVES.has(curve))) {
      out.push({
        code: `${role}-cert-weak-key`,
        message: `${what} has a weak key (${key}): current TLS stacks refuse keys below RSA 2048 bits or 224-bit curves.`,
      });
    }
    const signature = signatureAlgorithmOf(cert);
    if (signature && WEAK_SIGNATURES[signature] && !isSelfSigned(cert)) {
      out.push({
        code: `${role}-cert-weak-signature`,
        message: `${what} is signed with ${WEAK_SIGNATURES[signature]}: such signatures can be forged, and current TLS stacks refuse them.`,
      });
    }
    const to = new Date(cert.validTo);
    const left = to.getTime() - now.getTime();
    if (expiryWarningDays > 0 && left >= 0 && left <= expiryWarningDays * DAY_MS && now.getTime() >= new Date(cert.validFrom).getTime()) {
      const days = Math.floor(left / DAY_MS);
      out.push({
        code: `${role}-cert-expiring-soon`,
        message: `${what} expires on ${to.toISOString()}, in ${days === 0 ? 'less than a day' : `${days} day${days === 1 ? '' : 's'}`}.`,
      });
    }
  });
  return out;
}

const DAY_MS = 86_400_000;

/** The certificate as ASN.1, for what Node's X509Certificate does not expose; null when it cannot be read. */
function asn1Of(cert: X509Certificate): Certificate | null {
  try {
    return AsnConvert.parse(cert.raw, Certificate);
  } catch {
    return null;
  }
}

/** The OID of the signature algorithm the issuer used. */
function signatureAlgorithmOf(cert: X509Certificate): string | null {
  return asn1Of(cert)?.signatureAlgorithm.algorithm ?? null;
}

/** The key usage bits by RFC 5280 name; null when the certificate has no key usage extension. */
export function keyUsageOf(cert: X509Certificate): string[] | null {
  const extension = asn1Of(cert)?.tbsCertificate.extensions?.find((e) => e.extnID === id_ce_keyUsage);
  if (!extension) return null;
  try {
    const flags = AsnConvert.parse(extension.extnValue, KeyUsage).toNumber();
    return Object.entries(KeyUsageFlags)
      .filter((entry): entry is [string, number] => typeof entry[1] === 'number' && (flags & entry[1]) !== 0)
      .map(([name]) => name);
  } catch {
    return null;
  }
}

/**
 * The CAs the connection trusts: the loaded ones plus the extra ones (the system store). With
 * neither, `undefined` leaves Node's built-in Mozilla list in charge.
 */
function trustedCa(prepared: PreparedTls, options: ContextOptions): string[] | undefined {
  return options.extraCa ? [...options.extraCa, ...(prepared.ca ?? [])] : prepared.ca;
}

/**
 * Whatever Node would refuse at connect time is refused here, with the file at fault. The
 * context built is the one the connection uses: building it twice costs milliseconds per attempt.
 */
function validateContext(
  prepared: PreparedTls,
  material: IdentityMaterial,
  keyFile: FileBytes | undefined,
  options: ContextOptions,
): Result<SecureContext, PreflightFailure> {
  try {
    return ok(
      createSecureContext({
        ca: trustedCa(prepared, options),
        cert: prepared.cert,
        key: prepared.key,
        pfx: prepared.pfx,
        passphrase: prepared.passphrase,
        minVersion: options.minVersion,
        maxVersion: options.maxVersion,
      }),
    );
  } catch (e) {
    const code = errorCode(e);
    const reason = opensslReason(e) ?? 'unknown reason';
    const identityFile = material.pfx?.name ?? material.cert?.name ?? null;
    if (code === 'ERR_OSSL_X509_KEY_VALUES_MISMATCH') {
      return err(
        failure(
          'key-cert-mismatch',
          keyFile?.name ?? identityFile,
          `The private key does not belong to the client certificate in "${identityFile ?? '?'}".`,
          'Pair the certificate with the key it was issued for.',
          code,
        ),
      );
    }
    if (code !== undefined && SECURITY_LEVEL_CODES.has(code)) {
      return err(
        failure(
          material.pfx ? 'pkcs12-invalid' : 'cert-invalid',
          identityFile,
          `OpenSSL refuses the client certificate chain in "${identityFile ?? '?'}" at its security level (${reason}).`,
          'Issue the certificate with a stronger key (RSA ≥ 2048 bits or EC P-256) and a SHA-256 signature.',
          code,
        ),
      );
    }
    return err(
      failure(
        'config-invalid',
        identityFile,
        `Node's TLS layer refuses this combination of files (${reason}).`,
        'Check the files named in the evidence.',
        code,
      ),
    );
  }
}

function matches(cert: X509Certificate, key: KeyObject): boolean {
  try {
    return cert.checkPrivateKey(key);
  } catch {
    return false;
  }
}

function exportKey(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

function nameOf(cert: X509Certificate): string {
  return commonName(cert.subject) ?? cert.subject.split('\n').join(', ');
}
