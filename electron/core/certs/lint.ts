// The identity lint: a client (or broker) certificate, its key and the CA checked together the
// way OpenSSL-based brokers and clients will check them, each finding with a stable code, a
// level and a sentence. `lintChain` works on parsed material so the preflight can run it on
// what it already loaded; `lintIdentity` reads files first.
import type { KeyObject, X509Certificate } from 'node:crypto';
import { checkServerIdentity } from 'node:tls';
import { countFindings } from '../../../shared/certs/findings';
import type { FindingLevel } from '../../../shared/certs/findings';
import { LintOptions, type LintCode, type LintFinding, type LintReport, type LintRole } from '../../../shared/certs/lint';
import { parseCertificates } from './certificates';
import { SHA1_SIGNATURES, certificateDetails, publicKeyInfo, standingAt } from './cert-details';
import { derivedCache } from './derived-cache';
import type { CertificateDetails } from '../../../shared/certs/inspect';
import type { FileBytes, IdentityMaterial, IdentitySecrets } from './material';
import { latin1, looksLikePem, pemBlocks } from './pem';
import { loadPkcs12 } from './pkcs12';
import { parsePrivateKey } from './private-key';
import { EKU_ANY, EKU_CLIENT_AUTH, EKU_SERVER_AUTH, commonName, isSelfSigned, issuedBy, subjectAltNames } from './summary';

/** One level per code: the lint table. */
export const LINT_LEVELS: Record<LintCode, FindingLevel> = {
  'ca-unreadable': 'error',
  'cert-unreadable': 'error',
  'key-unreadable': 'error',
  'key-passphrase-missing': 'error',
  'key-passphrase-wrong': 'error',
  'key-cert-mismatch': 'error',
  'chain-not-to-ca': 'error',
  'chain-out-of-order': 'warning',
  'ca-not-a-ca': 'error',
  'ca-no-cert-sign': 'error',
  'path-length-exceeded': 'error',
  'leaf-is-ca': 'warning',
  'cert-expired': 'error',
  'cert-not-yet-valid': 'error',
  'cert-expires-soon': 'warning',
  'ca-expired': 'error',
  'ca-not-yet-valid': 'error',
  'validity-too-long': 'warning',
  'eku-no-client-auth': 'error',
  'eku-no-server-auth': 'error',
  'key-usage-no-signature': 'error',
  'san-host-mismatch': 'error',
  'san-missing': 'warning',
  'host-not-checked': 'note',
  'key-weak': 'error',
  'signature-sha1': 'error',
  'aki-missing': 'warning',
  'key-ed25519': 'note',
};

/** Parsed material: CA certificates, the chain as given (leaf expected first), the key if any. */
export interface LintInput {
  cas: X509Certificate[];
  chain: X509Certificate[];
  key: KeyObject | null;
  /** File names for the sentences. */
  certSource?: string;
}

const DAY_MS = 86_400_000;

/** Reads CA, certificate and key (or PKCS#12) files and lints them together at time `now`. */
export function lintIdentity(
  material: IdentityMaterial,
  secrets: IdentitySecrets,
  options: LintOptions = {},
  now = new Date(),
): LintReport {
  const opts = LintOptions.parse(options);
  const findings: LintFinding[] = [];
  const add = (code: LintCode, message: string, subject?: string) => findings.push(finding(code, message, subject));
  const cas: X509Certificate[] = [];
  for (const file of material.ca) {
    const parsed = parseCertificates(file, 'ca-invalid');
    if (parsed.ok) cas.push(...parsed.value);
    else add('ca-unreadable', parsed.error.message, file.name);
  }
  let chain: X509Certificate[] = [];
  let key: KeyObject | null = null;
  const source = material.pfx?.name ?? material.cert?.name;
  if (material.pfx) {
    const loaded = loadPkcs12(material.pfx, secrets.pfxPassword ?? secrets.passphrase);
    if (!loaded.ok) add('cert-unreadable', loaded.error.message, material.pfx.name);
    else {
      chain = loaded.value.chain;
      key = loaded.value.mode === 'converted' ? loaded.value.key : null;
    }
  } else if (material.cert) {
    const parsed = parseCertificates(material.cert, 'cert-invalid');
    if (parsed.ok) chain = parsed.value;
    else add('cert-unreadable', parsed.error.message, material.cert.name);
    const keyFile = material.key ?? embeddedKey(material.cert);
    if (keyFile) {
      const parsedKey = parsePrivateKey(keyFile, secrets.passphrase);
      if (parsedKey.ok) key = parsedKey.value;
      else {
        const code: LintCode =
          parsedKey.error.cause === 'key-passphrase-missing' || parsedKey.error.cause === 'key-passphrase-wrong'
            ? parsedKey.error.cause
            : 'key-unreadable';
        add(code, parsedKey.error.message, keyFile.name);
      }
    }
  }
  if (chain.length > 0) findings.push(...lintChain({ cas, chain, key, certSource: source }, opts, now));
  const leaf = chain[0];
  return { role: opts.role, commonName: leaf ? commonName(leaf.subject) : null, findings, counts: countFindings(findings) };
}

/** A PEM file that holds the certificate and its key (a common export) needs no separate key file. */
function embeddedKey(cert: FileBytes): FileBytes | undefined {
  if (!looksLikePem(cert.bytes)) return undefined;
  return pemBlocks(latin1(cert.bytes)).some((b) => b.label.endsWith('PRIVATE KEY')) ? cert : undefined;
}

function finding(code: LintCode, message: string, subject?: string): LintFinding {
  return subject === undefined ? { code, level: LINT_LEVELS[code], message } : { code, level: LINT_LEVELS[code], message, subject };
}

/**
 * Lint results by the certificates' hashes, the options and each certificate's standing at the
 * time (status and days left: the only way the clock enters a lint), so that the same chain an
 * hour later, or the next day, is linted again only when a sentence or a finding would change.
 */
const lints = derivedCache<readonly LintFinding[]>('lints');

function lintKey(what: string, certs: readonly X509Certificate[], now: Date, extra: unknown): string {
  return `${what}\n${JSON.stringify(extra)}\n${certs.map((c) => `${c.fingerprint256}@${standingAt(c, now)}`).join('\n')}`;
}

const cachedLint = (key: string, lint: () => LintFinding[]): LintFinding[] => structuredClone(lints.through(key, lint)) as LintFinding[];

/** Lints parsed material (the part the preflight can call on what it already loaded). */
export function lintChain(input: LintInput, options: LintOptions = {}, now = new Date()): LintFinding[] {
  // A key is a secret and its check is cheap next to the rest: such a lint is not kept.
  if (input.key) return lintChainOnce(input, options, now);
  const key = lintKey('chain', [...input.chain, ...input.cas], now, [input.chain.length, input.certSource ?? null, options]);
  return cachedLint(key, () => lintChainOnce(input, options, now));
}

function lintChainOnce(input: LintInput, options: LintOptions, now: Date): LintFinding[] {
  const opts = LintOptions.parse(options);
  const findings: LintFinding[] = [];
  const add = (code: LintCode, message: string, subject?: string) => findings.push(finding(code, message, subject));
  let chain = input.chain;
  const source = input.certSource ?? 'the certificate file';
  if (input.key) {
    const keyIndex = chain.findIndex((c) => matches(c, input.key as KeyObject));
    const first = chain[0];
    if (keyIndex < 0 && first) {
      const keyLabel = publicKeyInfo(input.key).label;
      const certLabel = publicKeyInfo(first.publicKey).label;
      const why =
        keyLabel === certLabel
          ? `both are ${keyLabel}, but they are different keys`
          : `the key is ${keyLabel}, the certificate's ${certLabel}`;
      add('key-cert-mismatch', `The private key does not belong to "${nameOf(first)}": ${why}.`, nameOf(first));
    } else if (keyIndex > 0) {
      const leaf = chain[keyIndex] as X509Certificate;
      add(
        'chain-out-of-order',
        `The certificate for the key, "${nameOf(leaf)}", is number ${keyIndex + 1} in ${source}; TLS sends the leaf first (RFC 8446 §4.4.2).`,
        nameOf(leaf),
      );
      chain = [leaf, ...chain.filter((c) => c !== leaf)];
    }
  }
  const leaf = chain[0];
  if (!leaf) return findings;
  lintLeaf(leaf, opts.role, opts, now, add);
  lintHost(leaf, opts.role, opts.host, add);
  lintPath(leaf, chain.slice(1), input.cas, now, add);
  return findings;
}

type Add = (code: LintCode, message: string, subject?: string) => void;

function lintLeaf(leaf: X509Certificate, role: LintRole, opts: ReturnType<typeof LintOptions.parse>, now: Date, add: Add): void {
  const name = nameOf(leaf);
  const details = certificateDetails(leaf, now);
  if (details.status === 'expired')
    add(
      'cert-expired',
      `"${name}" expired on ${details.notAfter} (${-details.daysLeft} days ago); brokers reject it with certificate_expired.`,
      name,
    );
  else if (details.status === 'not-yet-valid')
    add('cert-not-yet-valid', `"${name}" is not valid before ${details.notBefore}; brokers reject it until then.`, name);
  else if (details.daysLeft < opts.expiresSoonDays)
    add('cert-expires-soon', `"${name}" expires in ${details.daysLeft} days (${details.notAfter}).`, name);
  const lifetime = Math.round((Date.parse(details.notAfter) - Date.parse(details.notBefore)) / DAY_MS);
  if (opts.maxValidityDays !== undefined && lifetime > opts.maxValidityDays) {
    add('validity-too-long', `"${name}" is valid for ${lifetime} days, longer than the stated bound of ${opts.maxValidityDays}.`, name);
  }
  // RFC 5280 §4.2.1.12: without the extension any purpose is allowed; with it, the purpose must be listed.
  const eku = leaf.keyUsage;
  const wanted = role === 'client' ? EKU_CLIENT_AUTH : EKU_SERVER_AUTH;
  if (eku && !eku.includes(wanted) && !eku.includes(EKU_ANY)) {
    const code = role === 'client' ? 'eku-no-client-auth' : 'eku-no-server-auth';
    add(
      code,
      `"${name}" may not be used for ${role === 'client' ? 'client' : 'server'} authentication: its extended key usage lists only ${details.extKeyUsage.join(', ') || 'nothing'}. OpenSSL rejects it ("unsupported certificate purpose").`,
      name,
    );
  }
  // OpenSSL's purpose check wants digitalSignature (or keyAgreement) when key usage is present.
  if (details.keyUsage.length > 0 && !details.keyUsage.includes('digitalSignature') && !details.keyUsage.includes('keyAgreement')) {
    add(
      'key-usage-no-signature',
      `"${name}" has a key usage without digitalSignature (${details.keyUsage.join(', ')}): it cannot sign the TLS handshake.`,
      name,
    );
  }
  if (leaf.ca) add('leaf-is-ca', `"${name}" is a CA certificate (CA:TRUE) used as an end-entity certificate.`, name);
  lintCrypto(leaf, details, 'certificate', add);
}

function lintCrypto(cert: X509Certificate, details: CertificateDetails, what: string, add: Add): void {
  const signature = details.signatureAlgorithm;
  const name = nameOf(cert);
  const key = details.publicKey;
  const weak =
    ((key.kind === 'rsa' || key.kind === 'rsa-pss' || key.kind === 'dsa') && (key.bits ?? 0) < 2048) ||
    (key.kind === 'ec' && (key.bits ?? 0) < 256);
  if (weak)
    add(
      'key-weak',
      `The ${what} "${name}" has a ${key.label} key; OpenSSL at security level 2 (Debian's default) refuses keys below RSA 2048 / EC 256.`,
      name,
    );
  if (key.kind === 'ed25519' && !cert.ca)
    add(
      'key-ed25519',
      `The ${what} "${name}" has an Ed25519 key: OpenSSL-based brokers (mosquitto, NanoMQ) accept it, some TLS stacks (embedded clients, older Java) do not.`,
      name,
    );
  // A root's self-signature is never checked by the verifier, so only issued certificates count.
  if (SHA1_SIGNATURES.has(signature) && !isSelfSigned(cert)) {
    add(
      'signature-sha1',
      `The ${what} "${name}" is signed with ${signature}; OpenSSL 3 refuses SHA-1 and MD5 signatures at security level 1 and above.`,
      name,
    );
  }
  if (!isSelfSigned(cert) && details.authorityKeyIdentifier === null) {
    add(
      'aki-missing',
      `The ${what} "${name}" has no authority key identifier (RFC 5280 §4.2.1.1 requires one): verifiers may pick the wrong issuer when names repeat.`,
      name,
    );
  }
}

function lintHost(leaf: X509Certificate, role: LintRole, host: string | undefined, add: Add): void {
  if (host === undefined) return;
  const name = nameOf(leaf);
  if (role === 'client') {
    add(
      'host-not-checked',
      `The host "${host}" is checked against the broker's certificate, not the client's: lint the broker certificate with role "server" to check it.`,
    );
    return;
  }
  const sans = leaf.subjectAltName;
  if (!sans)
    add(
      'san-missing',
      `"${name}" has no subject alternative names; clients then fall back to its CN, which RFC 6125 deprecates and some clients refuse.`,
      name,
    );
  const cn = commonName(leaf.subject);
  const problem = checkServerIdentity(host, { subject: cn === null ? {} : { CN: cn }, subjectaltname: sans } as Parameters<
    typeof checkServerIdentity
  >[1]);
  if (problem) {
    const names = subjectAltNames(sans).join(', ');
    add('san-host-mismatch', `"${name}" does not cover the host "${host}": it names ${names || `only the CN "${cn ?? ''}"`}.`, name);
  }
}

/** Leaf → intermediates → a CA from the CA files, checking each issuer on the way (RFC 5280 §6.1). */
function lintPath(leaf: X509Certificate, intermediates: X509Certificate[], cas: X509Certificate[], now: Date, add: Add): void {
  for (const extra of intermediates) lintCrypto(extra, certificateDetails(extra, now), 'intermediate CA', add);
  if (cas.length === 0) return;
  const path: X509Certificate[] = [];
  let current = leaf;
  let anchor: X509Certificate | undefined;
  for (let depth = 0; depth <= intermediates.length && !anchor; depth++) {
    anchor = cas.find((ca) => ca.fingerprint256 === current.fingerprint256 || issuedBy(current, ca));
    if (anchor) break;
    const next = intermediates.find((i) => !path.includes(i) && i !== current && issuedBy(current, i));
    if (!next) break;
    path.push(next);
    current = next;
  }
  if (!anchor) {
    const issuer = commonName(current.issuer) ?? current.issuer.split('\n').join(', ');
    const known = cas.map((c) => `"${nameOf(c)}"`).join(', ');
    add(
      'chain-not-to-ca',
      `"${nameOf(current)}" was issued by "${issuer}", which is neither in the chain nor among the CA certificates (${known}): a broker trusting those CAs rejects it with unknown_ca.`,
      nameOf(leaf),
    );
    return;
  }
  // Every issuer on the path must be a CA allowed to sign certificates, in date, within its path length.
  const issuers = [...path, anchor];
  issuers.forEach((ca, i) => {
    const name = nameOf(ca);
    const details = lintIssuer(ca, now, 'issued a certificate on the path but', add);
    const below = path.slice(0, i).filter((c) => !isSelfSigned(c)).length;
    const limit = details.basicConstraints?.pathLength;
    if (limit !== null && limit !== undefined && below > limit)
      add(
        'path-length-exceeded',
        `The CA "${name}" allows ${limit} intermediate CA${limit === 1 ? '' : 's'} below it (pathlen:${limit}), but the path has ${below}.`,
        name,
      );
    if (!intermediates.includes(ca)) lintCrypto(ca, details, 'CA', add);
  });
}

/** What makes a certificate unfit to issue: not a CA, no keyCertSign, out of date. */
function lintIssuer(ca: X509Certificate, now: Date, role: string, add: Add): CertificateDetails {
  const name = nameOf(ca);
  const details = certificateDetails(ca, now);
  if (!details.basicConstraints?.ca)
    add(
      'ca-not-a-ca',
      `"${name}" ${role} is not a CA (no CA:TRUE basic constraint); OpenSSL rejects the chain ("invalid CA certificate").`,
      name,
    );
  else if (details.keyUsage.length > 0 && !details.keyUsage.includes('keyCertSign'))
    add('ca-no-cert-sign', `The CA "${name}" has a key usage without keyCertSign; OpenSSL rejects certificates it signed.`, name);
  if (details.status === 'expired')
    add('ca-expired', `The CA "${name}" expired on ${details.notAfter}: everything it issued is rejected.`, name);
  else if (details.status === 'not-yet-valid') add('ca-not-yet-valid', `The CA "${name}" is not valid before ${details.notBefore}.`, name);
  return details;
}

/** Lints the certificates of a CA file on their own (a profile's trust anchors): each must be a CA in date, with sound crypto. */
export function lintCaCertificates(cas: X509Certificate[], now = new Date()): LintFinding[] {
  return cachedLint(lintKey('ca', cas, now, null), () => lintCaCertificatesOnce(cas, now));
}

function lintCaCertificatesOnce(cas: X509Certificate[], now: Date): LintFinding[] {
  const findings: LintFinding[] = [];
  const add: Add = (code, message, subject) => findings.push(finding(code, message, subject));
  for (const ca of cas) lintCrypto(ca, lintIssuer(ca, now, 'is in the CA file but', add), 'CA', add);
  return findings;
}

function matches(cert: X509Certificate, key: KeyObject): boolean {
  try {
    return cert.checkPrivateKey(key);
  } catch {
    return false;
  }
}

function nameOf(cert: X509Certificate): string {
  return commonName(cert.subject) ?? cert.subject.split('\n').join(', ');
}
