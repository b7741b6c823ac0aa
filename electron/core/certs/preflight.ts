// Phase 1 of a connection attempt (DESIGN §4): everything that can be known about the local
// material without touching the network. Failures stop the attempt with one cause; doubts about
// the client certificate are findings (warnings or notes, shared/connect/finding-catalog.ts),
// because sending it anyway is how a user learns what the broker does with it.
import type { KeyObject, X509Certificate } from 'node:crypto';
import { createSecureContext, type SecureContext } from 'node:tls';
import type { LintFinding } from '../../../shared/certs/lint';
import type { Finding, FindingCode } from '../../../shared/connect/report';
import { DEFAULT_CERT_EXPIRY_WARNING_DAYS } from '../../../shared/profile/app-settings';
import type { Result } from '../../../shared/result';
import { err, ok } from '../../../shared/result';
import { parseCertificates } from './certificates';
import { readCertificateFields } from './der-fields';
import { bytesKey, derivedCache } from './derived-cache';
import { lintCaCertificates, lintChain } from './lint';
import { hasLint, reportFindingsOf } from './lint-findings';
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
import { parsePrivateKey, plainPemKey } from './private-key';
import { commonName, isSelfSigned, issuedBy, summarizeCertificate } from './summary';

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

  const cas = loadCas(material.ca, findings, now);
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
    const expiryWarningDays = options.expiryWarningDays ?? DEFAULT_CERT_EXPIRY_WARNING_DAYS;
    prepared.identity = checkClientChain(chain, anchors, prepared.caCertificates, source, now, expiryWarningDays, findings);
  }

  if (!prepared.secureContext) {
    const context = validateContext(prepared, material, keyFile, options, identity.value.bundled);
    if (!context.ok) return context;
    prepared.secureContext = context.value;
  }
  return ok(prepared);
}

type Find = (code: FindingCode, message: string) => void;

/** "This key file's key belongs to that certificate": a yes/no by the hashes of both, never the key. */
const keyMatches = derivedCache<boolean>('key-matches');

/** Every certificate of the CA files, with the file it came from; each file linted as the broker's trust anchors. */
function loadCas(
  files: readonly FileBytes[],
  findings: Finding[],
  now: Date,
): Result<{ cert: X509Certificate; source: string }[], PreflightFailure> {
  const cas: { cert: X509Certificate; source: string }[] = [];
  for (const file of files) {
    const parsed = parseCertificates(file, 'ca-invalid');
    if (!parsed.ok) return parsed;
    for (const cert of parsed.value) cas.push({ cert, source: file.name });
    findings.push(...reportFindingsOf(lintCaCertificates(parsed.value, now), 'ca-files', `The CA file "${file.name}"`));
  }
  return ok(cas);
}

interface LoadedIdentity {
  chain: X509Certificate[];
  source: string;
  /** PEM of a bundle's extra certificates, trusted like pfx mode trusts them when TLS gets the bundle as PEM. */
  bundled?: string[];
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
): Result<LoadedIdentity, PreflightFailure> {
  if (material.cert && keyFile) {
    const certs = parseCertificates(material.cert, 'cert-invalid');
    if (!certs.ok) return certs;
    const key = clientKey(certs.value, keyFile, material, secrets);
    if (!key.ok) return key;
    const { leafIndex } = key.value;
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
    prepared.key = key.value.pem;
    return ok({ chain, source: material.cert.name });
  }
  if (!material.pfx) return ok({ chain: [], source: '' });
  const pfxName = material.pfx.name;
  // The bundle's context is the connection's: built once, with the CAs and TLS versions.
  const loaded = loadPkcs12(
    material.pfx,
    secrets.pfxPassword ?? secrets.passphrase,
    { ca: trustedCa(prepared, options), minVersion: options.minVersion, maxVersion: options.maxVersion },
    material.openedPfx,
  );
  if (!loaded.ok) return loaded;
  for (const f of loaded.value.findings) find(f.code, f.message);
  const chain = loaded.value.chain;
  if (loaded.value.mode === 'native') {
    prepared.secureContext = loaded.value.context;
    prepared.pfx = loaded.value.pfx;
    if (loaded.value.passphrase !== undefined) prepared.passphrase = loaded.value.passphrase;
    noteBundledCas(chain, pfxName, prepared, find);
    return ok({ chain, source: pfxName });
  }
  prepared.cert = chain.map((c) => c.toString()).join('');
  prepared.key = exportKey(loaded.value.key);
  if (loaded.value.mode === 'converted') return ok({ chain, source: pfxName });
  // Taken apart off the event loop: the context is built from PEM, trusting what pfx mode would.
  noteBundledCas(chain, pfxName, prepared, find);
  return ok({ chain, source: pfxName, bundled: chain.slice(1).map((c) => c.toString()) });
}

/**
 * Node adds a bundle's extra certificates to the trust store of the connection
 * (SSL_CTX_add_client_CA and the X509 store in SecureContext::LoadPKCS12): its CAs vouch for
 * the broker too, which the report says.
 */
function noteBundledCas(chain: readonly X509Certificate[], pfxName: string, prepared: PreparedTls, find: Find): void {
  const bundled = chain.slice(1).filter((c) => c.ca);
  for (const extra of bundled) prepared.caCertificates.push(summarizeCertificate(extra, `${pfxName} (bundled CA)`));
  if (bundled.length > 0) {
    find(
      'pkcs12-bundled-ca',
      `The PKCS#12 bundle "${pfxName}" carries the CA certificate${bundled.length === 1 ? '' : 's'} ${bundled.map((c) => `"${nameOf(c)}"`).join(', ')}; Node trusts ${bundled.length === 1 ? 'it' : 'them'} for the broker too.`,
    );
  }
}

/**
 * The key as PEM for TLS, and which certificate it belongs to (-1: none). A plain PEM key whose
 * bytes were read and matched before is not parsed again: its own PEM goes to TLS, and the
 * match is the one remembered by the hashes (the key itself is never kept).
 */
function clientKey(
  certs: readonly X509Certificate[],
  keyFile: FileBytes,
  material: IdentityMaterial,
  secrets: IdentitySecrets,
): Result<{ leafIndex: number; pem: string }, PreflightFailure> {
  const keyId = bytesKey(keyFile.bytes);
  const plain = material.unlockedKey ? null : plainPemKey(keyFile);
  if (plain) {
    const known = certs.map((c) => keyMatches.get(`${keyId}/${c.fingerprint256}`));
    const leafIndex = known.indexOf(true);
    // Every answer is known only if the key was read before: an unencrypted key reads the same with any passphrase.
    if (leafIndex >= 0 || (known.length > 0 && known.every((k) => k === false))) return ok({ leafIndex, pem: plain });
  }
  const key = material.unlockedKey ? ok(material.unlockedKey) : parsePrivateKey(keyFile, secrets.passphrase);
  if (!key.ok) return key;
  const leafIndex = certs.findIndex((c) => keyMatches.through(`${keyId}/${c.fingerprint256}`, () => matches(c, key.value)));
  return ok({ leafIndex, pem: exportKey(key.value) });
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

/**
 * Our client chain (leaf first) through the certificate lint the workbench runs too: its
 * findings go into the report, and the facts the diagnosis needs are read from them.
 */
function checkClientChain(
  chain: readonly X509Certificate[],
  cas: readonly X509Certificate[],
  caSummaries: PreparedTls['caCertificates'],
  source: string,
  now: Date,
  expiryWarningDays: number,
  findings: Finding[],
): IdentityFacts {
  const leaf = chain[0]!;
  const lint = lintChain(
    { cas: [...cas], chain: [...chain], key: null, certSource: source },
    { role: 'client', expiresSoonDays: expiryWarningDays },
    now,
  );
  findings.push(...reportFindingsOf(lint, 'client', `The client certificate in "${source}"`));
  const path = chainPath(chain, cas);
  return {
    leaf: summarizeCertificate(leaf, source),
    issuerName: commonName(leaf.issuer) ?? leaf.issuer.split('\n').join(', '),
    loadedCas: [...caSummaries],
    chainsToLoadedCa: path.reachesLoadedCa,
    unsentIssuer: path.unsentIssuer,
    clientAuthProblem: clientAuthProblemOf(leaf, lint),
    validity: hasLint(lint, 'cert-expired') ? 'expired' : hasLint(lint, 'cert-not-yet-valid') ? 'not-yet-valid' : 'valid',
  };
}

/**
 * What keeps the leaf from TLS client authentication, in a phrase for the explanation of an
 * alert 43: the lint decides (RFC 5280 §4.2.1.12 extended key usage, §4.2.1.3 key usage as
 * OpenSSL's SSL client purpose check reads it); the words name what the certificate allows.
 */
function clientAuthProblemOf(leaf: X509Certificate, lint: readonly LintFinding[]): string | null {
  const problems: string[] = [];
  if (hasLint(lint, 'eku-no-client-auth')) {
    problems.push(`its extended key usage allows only ${summarizeCertificate(leaf).extKeyUsage.join(', ') || 'nothing'}, not clientAuth`);
  }
  if (hasLint(lint, 'key-usage-no-signature')) {
    problems.push(`its key usage allows only ${keyUsageOf(leaf)?.join(', ') || 'nothing'}, not digitalSignature`);
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

/** The key usage bits by RFC 5280 name; null when the certificate has no key usage extension (or cannot be read). */
export function keyUsageOf(cert: X509Certificate): string[] | null {
  return readCertificateFields(cert.raw)?.keyUsage ?? null;
}

/**
 * The CAs the connection trusts: the loaded ones plus the extra ones (the system store). With
 * neither, `undefined` leaves Node's built-in Mozilla list in charge.
 */
function trustedCa(prepared: PreparedTls, options: ContextOptions): string[] | undefined {
  return options.extraCa ? [...options.extraCa, ...(prepared.ca ?? [])] : prepared.ca;
}

/**
 * Trusts a bundle's extra certificates in `context` the way Node's pfx mode does
 * (SecureContext::LoadPKCS12: X509_STORE_add_cert and SSL_CTX_add_client_CA on the context's
 * own store, which without any CA is a copy of Node's root store). The native context's
 * addCACert is that same step; passing Node's roots as `ca` strings instead would parse
 * some 150 PEM certificates on the event loop at every attempt.
 */
function trustBundled(context: SecureContext, bundled: readonly string[]): void {
  if (bundled.length === 0) return;
  const native = context.context as { addCACert?: (pem: string) => void };
  if (typeof native.addCACert !== 'function') throw new Error('this Node has no SecureContext.addCACert');
  for (const pem of bundled) native.addCACert(pem);
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
  bundled: readonly string[] = [],
): Result<SecureContext, PreflightFailure> {
  try {
    const context = createSecureContext({
      ca: trustedCa(prepared, options),
      cert: prepared.cert,
      key: prepared.key,
      pfx: prepared.pfx,
      passphrase: prepared.passphrase,
      minVersion: options.minVersion,
      maxVersion: options.maxVersion,
    });
    trustBundled(context, bundled);
    return ok(context);
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
