// PKCS#12 bundles. Node (OpenSSL 3) decides whether a bundle is usable as it is; node-forge is
// used only for what Node cannot do: list the certificates inside (for the summary and the local
// checks) and read bundles in the legacy RC2-40/3DES encryption that OpenSSL 3 refuses without its
// legacy provider.
//
// A bundle of ordinary cost is loaded here, on the calling thread. A costly one (above
// INLINE_KDF_COST, unlock.ts) has been opened off the event loop already: it arrives as its key
// and certificates (`OpenedPkcs12`), and is handed to TLS as PEM without any derivation here.
//
// Decision on legacy bundles: when OpenSSL refuses a bundle as unsupported and node-forge can read
// it (same password, MAC verified), the certificate chain and key are converted in memory to PEM
// and used instead, with the warning `pkcs12-legacy-converted`. The point of an attempt is the
// broker's verdict on the identity, not on the container format. Only when node-forge cannot read
// it either (e.g. RC4-128) is the cause `pkcs12-unsupported-encryption`.
import { Buffer } from 'node:buffer';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { usableX509 } from './certificates';
import type { KeyObject } from 'node:crypto';
import { createSecureContext, type SecureContext, type SecureContextOptions } from 'node:tls';
import { createRequire } from 'node:module';
import type forgeModule from 'node-forge';
import type { Finding } from '../../../shared/connect/report';
import type { Result } from '../../../shared/result';
import { err, ok } from '../../../shared/result';
import type { FileBytes, OpenedPkcs12, PreflightFailure } from './material';
import { errorCode, failure, opensslReason } from './material';
import { KDF_COST_CODE, MAX_FORGE_TOTAL, kdfCostProblem, kdfTotal, kdfUses } from './kdf-cost';
import { asBuffer, isBlank, latin1, looksLikePem } from './pem';

/**
 * node-forge reads only the legacy bundles OpenSSL 3 refuses: loaded on first use, so that a
 * one-shot `keyhole connect` without such a bundle does not pay for loading it.
 */
let forgeLoaded: typeof forgeModule | undefined;
const loadForge = (): typeof forgeModule => (forgeLoaded ??= createRequire(import.meta.url)('node-forge') as typeof forgeModule);

export type Pkcs12Loaded =
  | {
      /** Node reads the bundle itself: pass `pfx` and `passphrase` to TLS. */
      mode: 'native';
      pfx: Buffer;
      passphrase: string | undefined;
      /** The TLS context built while loading (with `contextOptions`): a bundle is decrypted once. */
      context: SecureContext;
      /** Leaf first; empty when the bundle could not be inspected. */
      chain: X509Certificate[];
      findings: Finding[];
    }
  | {
      /** Converted from a legacy bundle: pass `cert` and `key` to TLS. */
      mode: 'converted';
      chain: X509Certificate[];
      key: KeyObject;
      findings: Finding[];
    }
  | {
      /**
       * Taken apart off the event loop: pass `cert` and `key` to TLS, and trust the chain's
       * other certificates too, as Node does with the bundle's (preflight.ts).
       */
      mode: 'decoded';
      chain: X509Certificate[];
      key: KeyObject;
      findings: Finding[];
    };

const HINT_INVALID = 'Choose a PKCS#12 bundle (.p12/.pfx) that holds the client certificate and its private key.';
const HINT_PASSWORD = 'Check the PKCS#12 password (it is case-sensitive; it is not the MQTT password).';
const HINT_UNSUPPORTED =
  'Re-export the bundle with modern encryption, e.g. openssl pkcs12 -in old.p12 -legacy -nodes -out all.pem, then openssl pkcs12 -export -in all.pem -out new.p12.';

/** Loads a PKCS#12 bundle the way TLS will (or takes what `opened` holds of it), classifying why it cannot be used. */
export function loadPkcs12(
  file: FileBytes,
  password: string | undefined,
  contextOptions: SecureContextOptions = {},
  opened?: OpenedPkcs12,
): Result<Pkcs12Loaded, PreflightFailure> {
  const invalid = (message: string, code?: string) => err(failure('pkcs12-invalid', file.name, message, HINT_INVALID, code));
  if (isBlank(file.bytes)) return invalid(`The PKCS#12 file "${file.name}" is empty.`);
  if (looksLikePem(file.bytes)) {
    return err(
      failure(
        'pkcs12-invalid',
        file.name,
        `"${file.name}" is a PEM file, not a PKCS#12 bundle.`,
        'Load PEM files as the client certificate and key instead of as PKCS#12.',
      ),
    );
  }
  const pfx = Buffer.from(asBuffer(file.bytes));
  const uses = kdfUses(pfx);
  const tooCostly = kdfCostProblem(uses);
  if (tooCostly) {
    return err(
      failure(
        'pkcs12-invalid',
        file.name,
        `The PKCS#12 file "${file.name}" was not opened: ${tooCostly}.`,
        'Re-export the bundle with a usual iteration count, e.g. openssl pkcs12 -export -iter 2048 (see "Limits" in the README).',
        KDF_COST_CODE,
      ),
    );
  }
  // node-forge derives keys in JavaScript, some 15 times slower than OpenSSL: it lists the
  // certificates only for bundles of ordinary cost.
  const forgeAllowed = kdfTotal(uses) <= MAX_FORGE_TOTAL;
  if (opened?.kind === 'decoded') return decodedPkcs12(file, opened.key, opened.certs);
  if (opened?.kind === 'unsupported') return convertLegacy(file, password, opened.code, forgeAllowed);
  let context: SecureContext;
  try {
    context = createSecureContext({ ...contextOptions, pfx, passphrase: password });
  } catch (e) {
    const failed = pkcs12UnlockFailure(file, password, e);
    if (failed) return err(failed);
    return convertLegacy(file, password, errorCode(e) ?? '', forgeAllowed);
  }
  const read = forgeAllowed ? readWithForge(file, password) : err('too costly');
  if (!read.ok) {
    return ok({
      mode: 'native',
      pfx,
      passphrase: password,
      context,
      chain: [],
      findings: [
        {
          code: 'pkcs12-not-inspected',
          message: `The certificates inside "${file.name}" could not be listed, so their dates, key usage and issuer were not checked locally.`,
        },
      ],
    });
  }
  if (!read.value.leaf) return invalid(read.value.problem);
  return ok({ mode: 'native', pfx, passphrase: password, context, chain: read.value.chain, findings: [] });
}

/**
 * Why OpenSSL could not open the bundle, from the error it gave; null when the bundle's cipher
 * is one OpenSSL 3 refuses (a legacy bundle, which loadPkcs12 converts instead).
 */
export function pkcs12UnlockFailure(file: FileBytes, password: string | undefined, e: unknown): PreflightFailure | null {
  const code = errorCode(e);
  // OpenSSL checks the MAC before it decrypts anything; this error has no code, only its reason.
  if (opensslReason(e) === 'mac verify failure') {
    const message =
      password === undefined || password === ''
        ? `The PKCS#12 file "${file.name}" is password-protected and no password was given.`
        : `The password does not open the PKCS#12 file "${file.name}" (its integrity check fails).`;
    return failure('pkcs12-password-wrong', file.name, message, HINT_PASSWORD, code);
  }
  if (code === 'ERR_CRYPTO_UNSUPPORTED_OPERATION') return null;
  const reason = opensslReason(e);
  return failure(
    'pkcs12-invalid',
    file.name,
    `"${file.name}" is not a readable PKCS#12 bundle${reason ? ` (OpenSSL: ${reason})` : ''}.`,
    HINT_INVALID,
    code,
  );
}

/** The leaf (the certificate of the key) first, then the bundle's other certificates in their order, as OpenSSL's PKCS12_parse has them. */
function decodedPkcs12(file: FileBytes, key: KeyObject | null, certs: readonly Uint8Array[]): Result<Pkcs12Loaded, PreflightFailure> {
  const invalid = (message: string) => err(failure('pkcs12-invalid', file.name, message, HINT_INVALID));
  let all: X509Certificate[];
  try {
    all = certs.map((der) => usableX509(Buffer.from(der)));
  } catch (e) {
    return invalid(`A certificate inside "${file.name}" cannot be read (${e instanceof Error ? e.message : String(e)}).`);
  }
  if (!key) return invalid(`The PKCS#12 file "${file.name}" holds no private key.`);
  const leaf = all.find((c) => matches(c, key));
  if (!leaf) return invalid(`The PKCS#12 file "${file.name}" holds no certificate for its private key.`);
  return ok({ mode: 'decoded', chain: [leaf, ...all.filter((c) => c !== leaf)], key, findings: [] });
}

function convertLegacy(
  file: FileBytes,
  password: string | undefined,
  code: string,
  forgeAllowed: boolean,
): Result<Pkcs12Loaded, PreflightFailure> {
  const read = forgeAllowed ? readWithForge(file, password) : err('too costly');
  if (!read.ok || !read.value.leaf || !read.value.key) {
    return err(
      failure(
        'pkcs12-unsupported-encryption',
        file.name,
        `The PKCS#12 file "${file.name}" uses an encryption algorithm that OpenSSL 3 no longer supports and that could not be read otherwise either.`,
        HINT_UNSUPPORTED,
        code,
      ),
    );
  }
  return ok({
    mode: 'converted',
    chain: read.value.chain,
    key: read.value.key,
    findings: [
      {
        code: 'pkcs12-legacy-converted',
        message: `The PKCS#12 file "${file.name}" uses legacy encryption (such as RC2-40 or 3DES) that OpenSSL 3 refuses by default; its certificate and key were converted in memory and are sent as usual. Re-export it with modern encryption to use it elsewhere.`,
      },
    ],
  });
}

interface ForgeRead {
  /** Leaf first, then the other certificates in bundle order. */
  chain: X509Certificate[];
  leaf: X509Certificate | null;
  key: KeyObject | null;
  /** Why there is no leaf, when there is none. */
  problem: string;
}

function readWithForge(file: FileBytes, password: string | undefined): Result<ForgeRead, string> {
  const forge = loadForge();
  let bags: forgeModule.pkcs12.Bag[];
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(latin1(file.bytes)), false);
    const p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, password ?? '');
    bags = p12.safeContents.flatMap((contents) => contents.safeBags);
  } catch (e) {
    return err(e instanceof Error ? e.message : String(e));
  }
  const certs: X509Certificate[] = [];
  const keys: KeyObject[] = [];
  try {
    for (const bag of bags) {
      if (bag.type === forge.pki.oids.certBag) {
        // forge parses RSA certificates (keeping the signed bytes) and leaves others as ASN.1.
        const asn1 = bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1;
        certs.push(usableX509(derBytes(asn1)));
      } else if (bag.type === forge.pki.oids.keyBag || bag.type === forge.pki.oids.pkcs8ShroudedKeyBag) {
        const asn1 = bag.key ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key)) : bag.asn1;
        keys.push(createPrivateKey({ key: derBytes(asn1), format: 'der', type: 'pkcs8' }));
      }
    }
  } catch (e) {
    return err(e instanceof Error ? e.message : String(e));
  }
  const key = keys[0] ?? null;
  if (!key) return ok({ chain: certs, leaf: null, key: null, problem: `The PKCS#12 file "${file.name}" holds no private key.` });
  const leaf = certs.find((c) => matches(c, key)) ?? null;
  if (!leaf)
    return ok({ chain: certs, leaf: null, key, problem: `The PKCS#12 file "${file.name}" holds no certificate for its private key.` });
  return ok({ chain: [leaf, ...certs.filter((c) => c !== leaf)], leaf, key, problem: '' });
}

function derBytes(asn1: forgeModule.asn1.Asn1): Buffer {
  return Buffer.from(loadForge().asn1.toDer(asn1).getBytes(), 'latin1');
}

function matches(cert: X509Certificate, key: KeyObject): boolean {
  try {
    return cert.checkPrivateKey(key);
  } catch {
    return false;
  }
}
