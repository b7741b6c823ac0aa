// Phase 1 of a connection attempt (DESIGN §4): everything that can be known about the local
// material without touching the network. Failures stop the attempt with one cause; doubts about
// the client certificate are warnings, because sending it anyway is how a user learns what the
// broker does with it.
import type { KeyObject, X509Certificate } from 'node:crypto';
import { createSecureContext, type SecureContext } from 'node:tls';
import type { Warning } from '../../../shared/connect/report';
import type { Result } from '../../../shared/result';
import { err, ok } from '../../../shared/result';
import { parseCertificates } from './certificates';
import type {
  ContextOptions,
  FileBytes,
  IdentityMaterial,
  IdentitySecrets,
  PreflightFailure,
  PreflightWarningCode,
  PreparedTls,
} from './material';
import { errorCode, failure, opensslReason } from './material';
import { latin1, looksLikePem, pemBlocks } from './pem';
import { loadPkcs12 } from './pkcs12';
import { parsePrivateKey } from './private-key';
import { EKU_ANY, EKU_CLIENT_AUTH, commonName, issuedBy, summarizeCertificate } from './summary';

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
  contextOptions: ContextOptions = {},
): Result<PreparedTls, PreflightFailure> {
  const warnings: Warning[] = [];
  const warn = (code: PreflightWarningCode, message: string) => warnings.push({ code, message });

  const keyFile = material.key ?? (material.pfx ? undefined : embeddedKey(material.cert));
  const shape = checkShape(material, keyFile);
  if (!shape.ok) return shape;

  const cas: { cert: X509Certificate; source: string }[] = [];
  for (const file of material.ca) {
    const parsed = parseCertificates(file, 'ca-invalid');
    if (!parsed.ok) return parsed;
    for (const cert of parsed.value) {
      cas.push({ cert, source: file.name });
      if (!cert.ca) {
        warn(
          'ca-not-a-ca',
          `The CA file "${file.name}" contains "${nameOf(cert)}", which is not a CA certificate (no CA:TRUE basic constraint): it cannot vouch for any other certificate.`,
        );
      }
    }
  }

  const prepared: PreparedTls = {
    caCertificates: cas.map((c) => summarizeCertificate(c.cert, c.source)),
    clientCertificate: null,
    clientChain: [],
    warnings,
  };
  if (cas.length > 0) prepared.ca = cas.map((c) => c.cert.toString());

  let chain: X509Certificate[] = [];
  let chainSource = '';
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
    chain = [...certs.value];
    if (leafIndex > 0) {
      // OpenSSL takes the first certificate of the file as the leaf and would fail on the key.
      const [leaf] = chain.splice(leafIndex, 1);
      if (leaf) chain.unshift(leaf);
      warn(
        'client-chain-reordered',
        `The certificate for the private key is number ${leafIndex + 1} in "${material.cert.name}"; it is sent first, as TLS requires.`,
      );
    }
    chainSource = material.cert.name;
    prepared.cert = chain.map((c) => c.toString()).join('');
    prepared.key = exportKey(key.value);
  } else if (material.pfx) {
    const password = secrets.pfxPassword ?? secrets.passphrase;
    // The bundle's context is the connection's: built once, with the CAs and TLS versions.
    const loaded = loadPkcs12(material.pfx, password, {
      ca: trustedCa(prepared, contextOptions),
      minVersion: contextOptions.minVersion,
      maxVersion: contextOptions.maxVersion,
    });
    if (!loaded.ok) return loaded;
    warnings.push(...loaded.value.warnings);
    chain = loaded.value.chain;
    chainSource = material.pfx.name;
    if (loaded.value.mode === 'native') {
      prepared.secureContext = loaded.value.context;
      prepared.pfx = loaded.value.pfx;
      if (loaded.value.passphrase !== undefined) prepared.passphrase = loaded.value.passphrase;
      // Node adds a bundle's extra certificates to the trust store of the connection
      // (SSL_CTX_add_client_CA and the X509 store): its CAs vouch for the broker too.
      for (const extra of chain.slice(1).filter((c) => c.ca)) {
        prepared.caCertificates.push(summarizeCertificate(extra, `${material.pfx.name} (bundled CA)`));
      }
    } else {
      prepared.cert = chain.map((c) => c.toString()).join('');
      prepared.key = exportKey(loaded.value.key);
    }
  }

  const leaf = chain[0];
  if (leaf) {
    prepared.clientChain = chain.map((c) => summarizeCertificate(c, chainSource));
    prepared.clientCertificate = prepared.clientChain[0] ?? null;
    checkLeaf(
      leaf,
      chain.slice(1),
      cas.map((c) => c.cert),
      chainSource,
      now,
      warn,
    );
  }

  if (!prepared.secureContext) {
    const context = validateContext(prepared, material, keyFile, contextOptions);
    if (!context.ok) return context;
    prepared.secureContext = context.value;
  }
  return ok(prepared);
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

function checkLeaf(
  leaf: X509Certificate,
  intermediates: X509Certificate[],
  cas: X509Certificate[],
  source: string,
  now: Date,
  warn: (code: PreflightWarningCode, message: string) => void,
): void {
  const name = nameOf(leaf);
  const from = new Date(leaf.validFrom);
  const to = new Date(leaf.validTo);
  if (now.getTime() > to.getTime()) {
    warn(
      'client-cert-expired-locally',
      `The client certificate "${name}" in "${source}" expired on ${to.toISOString()} (it is now ${now.toISOString()}); a broker that checks dates will reject it.`,
    );
  } else if (now.getTime() < from.getTime()) {
    warn(
      'client-cert-not-yet-valid-locally',
      `The client certificate "${name}" in "${source}" is valid only from ${from.toISOString()} (it is now ${now.toISOString()}); a broker that checks dates will reject it.`,
    );
  }
  // RFC 5280 §4.2.1.12: without the extension any purpose is allowed; with it, clientAuth (or any) is needed.
  const eku = leaf.keyUsage;
  if (eku && !eku.includes(EKU_CLIENT_AUTH) && !eku.includes(EKU_ANY)) {
    const purposes = summarizeCertificate(leaf).extKeyUsage.join(', ') || 'nothing';
    warn(
      'client-cert-no-client-auth-eku',
      `The client certificate "${name}" in "${source}" is not meant for client authentication: its extended key usage allows only ${purposes}. Brokers that check the purpose will reject it.`,
    );
  }
  if (cas.length > 0 && !chainsTo(leaf, intermediates, cas)) {
    const issuer = commonName(leaf.issuer) ?? leaf.issuer.split('\n').join(', ');
    warn(
      'client-cert-not-from-ca',
      `The client certificate "${name}" in "${source}" was not issued by any loaded CA certificate (its issuer is "${issuer}"). If the broker trusts the same CA for clients, it will reject this certificate.`,
    );
  }
}

/** Walks leaf → intermediates we send → a loaded CA, checking names and signatures at each step. */
function chainsTo(leaf: X509Certificate, intermediates: X509Certificate[], anchors: X509Certificate[]): boolean {
  const used = new Set<X509Certificate>();
  let current = leaf;
  for (let depth = 0; depth <= intermediates.length; depth++) {
    if (anchors.some((a) => a.fingerprint256 === current.fingerprint256 || issuedBy(current, a))) return true;
    const next = intermediates.find((i) => !used.has(i) && i !== current && issuedBy(current, i));
    if (!next) return false;
    used.add(next);
    current = next;
  }
  return false;
}

/** The CAs the connection trusts: the loaded ones, plus the extra ones (system store) when any were loaded. */
function trustedCa(prepared: PreparedTls, options: ContextOptions): string[] | undefined {
  return prepared.ca && options.extraCa ? [...options.extraCa, ...prepared.ca] : prepared.ca;
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
