// What the preflight reads (file names and bytes, secrets) and what it hands to the TLS layer.
// Core never reads files itself: main, the CLI and tests pass the bytes in.
import type { Buffer } from 'node:buffer';
import type { KeyObject } from 'node:crypto';
import type { SecureContext } from 'node:tls';
import type { Cause, CertSummary, Finding } from '../../../shared/connect/report';

/** An original file name and its contents. */
export interface FileBytes {
  name: string;
  bytes: Uint8Array;
}

/** Trust and identity as the user gave them: CA files, a cert chain + key, or a PKCS#12 bundle. */
export interface IdentityMaterial {
  ca: FileBytes[];
  cert?: FileBytes;
  key?: FileBytes;
  pfx?: FileBytes;
  /** The key of `key` (or of `cert`) already decrypted off the event loop (unlock-worker.ts). */
  unlockedKey?: KeyObject;
  /** What the unlocking thread made of a costly `pfx` (unlock.ts), so that the preflight does not open it again. */
  openedPfx?: OpenedPkcs12;
}

/**
 * A costly PKCS#12 bundle as opened off the event loop: its first private key and its
 * certificates (DER, bundle order) once OpenSSL accepted its password, or the error code of
 * OpenSSL's refusal of its cipher (a legacy bundle; its password was right, the MAC comes first).
 */
export type OpenedPkcs12 = { kind: 'decoded'; key: KeyObject | null; certs: Uint8Array[] } | { kind: 'unsupported'; code: string };

export interface IdentitySecrets {
  /** Passphrase of an encrypted private key. */
  passphrase?: string;
  /** Password of the PKCS#12 bundle; when absent, `passphrase` is tried (one "key password" field is common). */
  pfxPassword?: string;
  /** The MQTT password; not used by the preflight. */
  password?: string;
}

/** Ready for `tls.connect`. */
export interface PreparedTls {
  /** PEM strings, one per CA certificate (undefined = none given); the caller adds system CAs if asked. */
  ca?: string[];
  /** PEM chain, leaf first. */
  cert?: string;
  /**
   * The decrypted key as PEM: PKCS#8, or the key file's own block when it is an unencrypted PEM
   * key read before. Not a KeyObject: `tls.createSecureContext` accepts only strings and buffers
   * (ERR_INVALID_ARG_TYPE), and a decrypted key needs no passphrase.
   */
  key?: string;
  pfx?: Buffer;
  passphrase?: string;
  /** Summaries of every CA certificate loaded. */
  caCertificates: CertSummary[];
  /** The leaf we will send. */
  clientCertificate: CertSummary | null;
  /** Leaf + any intermediates we send. */
  clientChain: CertSummary[];
  /** Warnings and notes about the material (their kind follows from the code). */
  findings: Finding[];
  /** What the preflight learnt about the client chain, for explaining the broker's verdict on it. */
  identity: IdentityFacts | null;
  /** The TLS context built from all of the above and the ContextOptions, ready for `tls.connect`. */
  secureContext?: SecureContext;
}

/**
 * Facts about the client certificate chain, kept so that a rejection by the broker can be
 * explained with them (DESIGN §4): which CA issued it, whether our chain reaches a loaded CA,
 * and what would keep the broker from using it for client authentication.
 */
export interface IdentityFacts {
  leaf: CertSummary;
  /** The leaf issuer's CN (else its DN). */
  issuerName: string;
  /** The CAs loaded for the broker, as summaries. */
  loadedCas: CertSummary[];
  /** The chain we send leads to a loaded CA. */
  chainsToLoadedCa: boolean;
  /**
   * The issuer of the top of the chain we send (the certificate file, completed from the loaded
   * CAs as OpenSSL does), when that issuer is nowhere here: a root the broker may or may not
   * trust, or an intermediate CA the chain lacks. Null when the chain reaches a loaded CA or
   * ends in a self-signed certificate.
   */
  unsentIssuer: string | null;
  /** Why the leaf may not serve for TLS client authentication (extended key usage, key usage); null when nothing stops it. */
  clientAuthProblem: string | null;
  /** Where the leaf stands in its validity window by our clock. */
  validity: 'valid' | 'expired' | 'not-yet-valid';
}

/** Connection-wide TLS settings that belong in the secure context itself. */
export interface ContextOptions {
  minVersion?: 'TLSv1.2' | 'TLSv1.3';
  maxVersion?: 'TLSv1.2' | 'TLSv1.3';
  /** Trusted in addition to the loaded CAs (the system store); given alone, instead of Node's built-in list. */
  extraCa?: readonly string[];
}

/** Why local material cannot be used; `file` names the file at fault, null when none is. */
export interface PreflightFailure {
  cause: Cause;
  file: string | null;
  message: string;
  hint: string;
  errorCode?: string;
}

/** Checks of the preflight that are the user's choice rather than the connection's. */
export interface PreflightOptions extends ContextOptions {
  /** A certificate expiring within this many days is a warning (0: never); default 30. */
  expiryWarningDays?: number;
}

export function failure(cause: Cause, file: string | null, message: string, hint: string, errorCode?: string): PreflightFailure {
  return errorCode === undefined ? { cause, file, message, hint } : { cause, file, message, hint, errorCode };
}

/** The `code` of a Node/OpenSSL error, if it has one. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The OpenSSL reason token of an error ("bad decrypt", "mac verify failure"): Node sets
 * `reason` on most OpenSSL errors, but some (PKCS#12 loading) carry the reason only as the message.
 */
export function opensslReason(error: unknown): string | undefined {
  const e = error as { reason?: unknown; message?: unknown } | null;
  if (typeof e?.reason === 'string') return e.reason;
  return typeof e?.message === 'string' ? e.message : undefined;
}
