// @peculiar/x509 with Node's WebCrypto. The library resolves its algorithm registry through
// tsyringe, which needs the Reflect metadata API loaded first: this module is the one place that
// imports the library, so the order is right wherever it is used.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

/**
 * The library's typings name the DOM's WebCrypto types (Crypto, CryptoKey, BufferSource); at run
 * time Node's WebCrypto objects are those. These aliases carry Node's objects across that seam.
 */
export type X509Crypto = NonNullable<Parameters<typeof x509.X509CertificateGenerator.create>[1]>;
export type X509CryptoKey = x509.X509CertificateCreateWithKeyParams['signingKey'];
export type X509KeyPair = x509.X509CertificateCreateSelfSignedParams['keys'];
export type X509PublicKey = x509.X509CertificateCreateWithKeyParams['publicKey'];

/** Node's WebCrypto, passed to every @peculiar/x509 call (no global provider is set). */
export const x509Crypto = webcrypto as unknown as X509Crypto;

export const asX509Key = (key: webcrypto.CryptoKey): X509CryptoKey => key as unknown as X509CryptoKey;
export const asX509KeyPair = (keys: webcrypto.CryptoKeyPair): X509KeyPair => keys as unknown as X509KeyPair;

/** Bytes as the library's typings want them (a copy on its own ArrayBuffer). */
export const asn1Bytes = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(bytes);

export { x509 };
