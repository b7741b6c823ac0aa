// Reads certificate files (CA bundles, client chains) in PEM or DER, many certificates per file,
// and says exactly what is wrong when a file is not what it claims to be.
import { Buffer } from 'node:buffer';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import type { Result } from '../../../shared/result';
import { err, ok } from '../../../shared/result';
import { bytesKey, derivedCache } from './derived-cache';
import type { FileBytes, PreflightFailure } from './material';
import { errorCode, failure } from './material';
import { DER_SEQUENCE, asBuffer, derElement, isBase64, isBlank, latin1, looksLikePem, pemBlocks } from './pem';

type CertCause = 'ca-invalid' | 'cert-invalid';

const CERT_LABELS = new Set(['CERTIFICATE', 'X509 CERTIFICATE']);

const HINTS: Record<CertCause, string> = {
  'ca-invalid': "Choose the CA certificate that issued the broker's certificate (a PEM bundle or a DER .crt/.cer), not a key or a CSR.",
  'cert-invalid':
    'Choose the client certificate in PEM or DER form (leaf first, then any intermediates); the private key goes in its own field.',
};

/** Certificates parsed from a file, by the SHA-256 of its bytes (failures name the file, so they are not kept). */
const parsedFiles = derivedCache<readonly X509Certificate[]>('parsed-certificate-files', 512);

/** Parses every certificate in a PEM (one or many blocks) or DER file. */
export function parseCertificates(file: FileBytes, cause: CertCause = 'cert-invalid'): Result<X509Certificate[], PreflightFailure> {
  const key = bytesKey(file.bytes);
  const cached = parsedFiles.get(key);
  if (cached) return ok([...cached]);
  const parsed = parseCertificatesOnce(file, cause);
  if (parsed.ok) parsedFiles.set(key, [...parsed.value]);
  return parsed;
}

function parseCertificatesOnce(file: FileBytes, cause: CertCause): Result<X509Certificate[], PreflightFailure> {
  const fail = (message: string, code?: string) => err(failure(cause, file.name, message, HINTS[cause], code));
  const what = cause === 'ca-invalid' ? 'CA file' : 'certificate file';
  if (isBlank(file.bytes)) return fail(`The ${what} "${file.name}" is empty.`);
  return looksLikePem(file.bytes) ? parsePem(file, what, fail) : parseDer(file, what, fail);
}

type Fail = (message: string, code?: string) => Result<never, PreflightFailure>;

function parsePem(file: FileBytes, what: string, fail: Fail): Result<X509Certificate[], PreflightFailure> {
  const blocks = pemBlocks(latin1(file.bytes));
  const certs: X509Certificate[] = [];
  const others: string[] = [];
  let n = 0;
  for (const block of blocks) {
    if (!CERT_LABELS.has(block.label)) {
      if (!block.terminated) return fail(`The ${what} "${file.name}" is cut off: its "${block.label}" block has no END line.`);
      others.push(block.label);
      continue;
    }
    n += 1;
    const which = `Certificate ${n} in "${file.name}"`;
    if (!block.terminated) return fail(`${which} is truncated: the file ends before its END CERTIFICATE line.`);
    if (block.body === '') return fail(`${which} is empty: there is nothing between its BEGIN and END lines.`);
    if (!isBase64(block.body)) {
      return fail(`${which} is damaged: its body is not valid base64 (${block.body.length} characters; lines missing or edited?).`);
    }
    const parsed = parseDerCertificate(Buffer.from(block.body, 'base64'), which);
    if (!parsed.ok) return fail(parsed.error.message, parsed.error.code);
    certs.push(parsed.value);
  }
  if (certs.length > 0) return ok(certs);
  if (others.some((label) => label.endsWith('PRIVATE KEY'))) {
    return fail(`The ${what} "${file.name}" holds a private key (${others.join(', ')}), not a certificate.`);
  }
  if (others.length > 0) return fail(`The ${what} "${file.name}" holds no certificate, only: ${others.join(', ')}.`);
  return fail(`The ${what} "${file.name}" has a BEGIN line but no readable PEM block.`);
}

function parseDer(file: FileBytes, what: string, fail: Fail): Result<X509Certificate[], PreflightFailure> {
  const bytes = asBuffer(file.bytes);
  const certs: X509Certificate[] = [];
  // A DER file may hold several certificates back to back (some tools write chains that way).
  for (let offset = 0; offset < bytes.length;) {
    const element = derElement(bytes, offset);
    if (!element || element.tag !== DER_SEQUENCE) {
      if (certs.length === 0) return fail(`The ${what} "${file.name}" is neither PEM (no BEGIN line) nor a DER certificate.`);
      return fail(`The ${what} "${file.name}" has ${bytes.length - offset} unreadable bytes after certificate ${certs.length}.`);
    }
    const slice = bytes.subarray(offset, offset + element.totalLength);
    const which = `Certificate ${certs.length + 1} in "${file.name}"`;
    if (certs.length === 0 && element.totalLength <= bytes.length && isPrivateKeyDer(slice)) {
      return fail(`The ${what} "${file.name}" holds a private key (DER), not a certificate.`);
    }
    const parsed = parseDerCertificate(slice, which);
    if (!parsed.ok) {
      if (certs.length === 0 && element.totalLength <= bytes.length) {
        return fail(`The ${what} "${file.name}" is neither PEM (no BEGIN line) nor a DER certificate.`, parsed.error.code);
      }
      return fail(parsed.error.message, parsed.error.code);
    }
    certs.push(parsed.value);
    offset += element.totalLength;
  }
  return ok(certs);
}

/**
 * Node parses a certificate whose UTCTime or GeneralizedTime is malformed (and shows its date as
 * "Bad time value"), or whose public key does not decode, and throws only when the date or key
 * is used: nothing later could compare, print or verify it, and no TLS stack would accept it.
 */
export class UnusableCertificateError extends Error {}

/** A certificate from DER, refused (UnusableCertificateError) when its validity dates or public key cannot be read. */
export function usableX509(der: Uint8Array): X509Certificate {
  const cert = new X509Certificate(der);
  for (const [field, text] of [
    ['notBefore', cert.validFrom],
    ['notAfter', cert.validTo],
  ] as const) {
    if (Number.isNaN(Date.parse(text))) throw new UnusableCertificateError(`its ${field} date cannot be read ("${text.slice(0, 40)}")`);
  }
  try {
    void cert.publicKey;
  } catch {
    throw new UnusableCertificateError('its public key cannot be decoded');
  }
  return cert;
}

function parseDerCertificate(der: Buffer, which: string): Result<X509Certificate, { message: string; code?: string }> {
  const element = derElement(der);
  if (!element || element.tag !== DER_SEQUENCE)
    return err({ message: `${which} is not a DER certificate (it does not start with an ASN.1 SEQUENCE).` });
  if (element.totalLength > der.length) {
    return err({
      message: `${which} is truncated: its encoding announces ${element.totalLength} bytes but only ${der.length} are present.`,
    });
  }
  try {
    return ok(usableX509(der.subarray(0, element.totalLength)));
  } catch (e) {
    if (e instanceof UnusableCertificateError) return err({ message: `${which} is not a usable X.509 certificate: ${e.message}.` });
    const code = errorCode(e);
    return err(
      code === undefined
        ? { message: `${which} is not a valid X.509 certificate.` }
        : { message: `${which} is not a valid X.509 certificate (${code}).`, code },
    );
  }
}

function isPrivateKeyDer(der: Buffer): boolean {
  for (const type of ['pkcs8', 'pkcs1', 'sec1'] as const) {
    try {
      createPrivateKey({ key: der, format: 'der', type });
      return true;
    } catch {
      // not this encoding
    }
  }
  return false;
}
