// Key pairs for issuing: generated with Node's WebCrypto (what @peculiar/x509 signs with) and
// exported through KeyObject, so keys are written as PKCS#8, encrypted when a passphrase is given.
import { Buffer } from 'node:buffer';
import { createPrivateKey, webcrypto, type KeyObject } from 'node:crypto';
import type { KeyAlgorithm } from '../../../shared/certs/issue';
const subtleCrypto = webcrypto;

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
/** Key generation and signing parameters in one (WebCrypto reads the members it needs). */
export type WebAlgorithm = webcrypto.RsaHashedKeyGenParams | (webcrypto.EcKeyGenParams & webcrypto.EcdsaParams) | webcrypto.Algorithm;

/** RFC 8017 public exponent 65537. */
const F4 = new Uint8Array([1, 0, 1]);

/** WebCrypto parameters for generating and signing with each algorithm (SHA-384 with P-384, per RFC 5480 §4). */
export function webAlgorithm(algorithm: KeyAlgorithm): WebAlgorithm {
  switch (algorithm) {
    case 'rsa-2048':
    case 'rsa-3072':
    case 'rsa-4096':
      return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', modulusLength: Number(algorithm.slice(4)), publicExponent: F4 };
    case 'ec-p256':
      return { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as WebAlgorithm;
    case 'ec-p384':
      return { name: 'ECDSA', namedCurve: 'P-384', hash: 'SHA-384' } as WebAlgorithm;
    case 'ed25519':
      return { name: 'Ed25519' };
    default: {
      const never: never = algorithm;
      return never;
    }
  }
}

/** A fresh key pair, extractable so its private half can be written out. */
export async function generateKeys(algorithm: KeyAlgorithm): Promise<CryptoKeyPair> {
  return (await subtleCrypto.subtle.generateKey(webAlgorithm(algorithm), true, ['sign', 'verify'])) as CryptoKeyPair;
}

/** The private half as a Node KeyObject (for PEM/PKCS#12 output and `checkPrivateKey`). */
export async function toKeyObject(key: CryptoKey): Promise<KeyObject> {
  const der = Buffer.from(await subtleCrypto.subtle.exportKey('pkcs8', key));
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
}

/** Which issuing algorithm a KeyObject is, or null for keys the workbench does not sign with. */
export function algorithmOf(key: KeyObject): KeyAlgorithm | null {
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'rsa': {
      const bits = details.modulusLength;
      return bits === 2048 || bits === 3072 || bits === 4096 ? `rsa-${bits}` : null;
    }
    case 'ec':
      return details.namedCurve === 'prime256v1' ? 'ec-p256' : details.namedCurve === 'secp384r1' ? 'ec-p384' : null;
    case 'ed25519':
      return 'ed25519';
    default:
      return null;
  }
}

/** A stored private key, imported for signing with the algorithm it is. */
export async function signingKey(key: KeyObject): Promise<{ key: CryptoKey; algorithm: KeyAlgorithm } | null> {
  const algorithm = algorithmOf(key);
  if (!algorithm) return null;
  const der = key.export({ type: 'pkcs8', format: 'der' });
  const imported = await subtleCrypto.subtle.importKey('pkcs8', der, webAlgorithm(algorithm), false, ['sign']);
  return { key: imported, algorithm };
}

/**
 * PKCS#8 PEM; with a passphrase, encrypted PKCS#8 (RFC 5958 §3) with PBES2: PBKDF2-HMAC-SHA256
 * and AES-256-CBC, which OpenSSL 3, mosquitto and Node read without the legacy provider.
 */
export function privateKeyPem(key: KeyObject, passphrase?: string): string {
  if (passphrase === undefined || passphrase === '') return key.export({ type: 'pkcs8', format: 'pem' }).toString();
  return key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }).toString();
}
