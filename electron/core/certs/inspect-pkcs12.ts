// PKCS#12 bundles in the inspector: how each part is protected (readable without the password,
// so a legacy RC2 bundle is named before anyone types a password), then, with the password,
// the certificates and the key inside.
import { Buffer } from 'node:buffer';
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { usableX509 } from './certificates';
import { ContentInfo, EncryptedContentInfo, id_data, id_encryptedData } from '@peculiar/asn1-cms';
import { AuthenticatedSafe, CertBag, PFX, SafeContents, id_x509Certificate } from '@peculiar/asn1-pfx';
import { EncryptedPrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import * as asn1js from 'asn1js';
import type { Pkcs12Details } from '../../../shared/certs/inspect';
import { loadPkcs12 } from './pkcs12';

const CERT_BAG = '1.2.840.113549.1.12.10.1.3';
const SHROUDED_KEY_BAG = '1.2.840.113549.1.12.10.1.2';
const KEY_BAG = '1.2.840.113549.1.12.10.1.1';
const PBES2 = '1.2.840.113549.1.5.13';

/** RFC 7292 Appendix C and RFC 8018 schemes; `legacy`: only OpenSSL 3's legacy provider reads it. */
const SCHEMES: Record<string, { name: string; legacy: boolean }> = {
  '1.2.840.113549.1.12.1.1': { name: 'pbeWithSHA1And128BitRC4', legacy: true },
  '1.2.840.113549.1.12.1.2': { name: 'pbeWithSHA1And40BitRC4', legacy: true },
  '1.2.840.113549.1.12.1.3': { name: 'pbeWithSHA1And3-KeyTripleDES-CBC', legacy: false },
  '1.2.840.113549.1.12.1.4': { name: 'pbeWithSHA1And2-KeyTripleDES-CBC', legacy: false },
  '1.2.840.113549.1.12.1.5': { name: 'pbeWithSHA1And128BitRC2-CBC', legacy: true },
  '1.2.840.113549.1.12.1.6': { name: 'pbeWithSHA1And40BitRC2-CBC', legacy: true },
  '1.2.840.113549.1.5.3': { name: 'pbeWithMD5AndDES-CBC', legacy: true },
  '1.2.840.113549.1.5.10': { name: 'pbeWithSHA1AndDES-CBC', legacy: true },
};

const CIPHERS: Record<string, string> = {
  '2.16.840.1.101.3.4.1.2': 'AES-128-CBC',
  '2.16.840.1.101.3.4.1.22': 'AES-192-CBC',
  '2.16.840.1.101.3.4.1.42': 'AES-256-CBC',
  '1.2.840.113549.3.7': 'DES-EDE3-CBC',
};

const MAC_DIGESTS: Record<string, string> = {
  '1.3.14.3.2.26': 'HMAC-SHA1',
  '2.16.840.1.101.3.4.2.1': 'HMAC-SHA256',
  '2.16.840.1.101.3.4.2.2': 'HMAC-SHA384',
  '2.16.840.1.101.3.4.2.3': 'HMAC-SHA512',
};

interface Structure {
  mac: string | null;
  encryption: string[];
  legacy: boolean;
  /** Encrypted PKCS#8 key bags, decryptable with the password. */
  shroudedKeys: Buffer[];
  plainKeys: Buffer[];
  /** Certificates in unencrypted bags, readable without the password. */
  plainCerts: X509Certificate[];
}

export interface Pkcs12Read {
  details: Pkcs12Details;
  certificates: X509Certificate[];
  key: KeyObject | null;
  /** Why it could not be opened: `password-needed`, `password-wrong`, `invalid` (with a message). */
  problem: {
    code: 'pkcs12-password-needed' | 'pkcs12-password-wrong' | 'pkcs12-invalid' | 'pkcs12-legacy';
    level: 'error' | 'warning';
    message: string;
  } | null;
}

/** Reads a bundle's protection and, when the password opens it, its certificates and key. */
export function readPkcs12(der: Buffer, name: string, password: string | undefined): Pkcs12Read {
  let structure: Structure;
  try {
    structure = describe(der);
  } catch {
    return invalid(`"${name}" looks like a PKCS#12 bundle but its contents cannot be read.`);
  }
  const base: Pkcs12Details = {
    kind: 'pkcs12',
    unlocked: false,
    mac: structure.mac,
    encryption: structure.encryption,
    legacy: structure.legacy,
    certificateCount: null,
    hasKey: null,
  };
  const loaded = loadPkcs12({ name, bytes: der }, password ?? '');
  if (!loaded.ok) {
    const { cause } = loaded.error;
    const closed = (problem: NonNullable<Pkcs12Read['problem']>): Pkcs12Read => ({ details: base, certificates: [], key: null, problem });
    if (cause === 'pkcs12-password-wrong' && password) {
      return closed({
        code: 'pkcs12-password-wrong',
        level: 'error',
        message: `The password given does not open the PKCS#12 bundle "${name}" (its integrity check fails).`,
      });
    }
    if (cause === 'pkcs12-password-wrong') {
      return closed({
        code: 'pkcs12-password-needed',
        level: 'warning',
        message: `The PKCS#12 bundle "${name}" is password-protected: give its password to see the certificates and key inside.`,
      });
    }
    if (cause === 'pkcs12-unsupported-encryption') return closed({ code: 'pkcs12-legacy', level: 'error', message: loaded.error.message });
    return closed({ code: 'pkcs12-invalid', level: 'error', message: loaded.error.message });
  }
  const key = loaded.value.mode === 'converted' ? loaded.value.key : openKey(structure, password ?? '');
  // node-forge (which lists the certificates for loadPkcs12) derives PBES2 keys from a non-ASCII
  // password differently from OpenSSL; unencrypted certificate bags are read here directly.
  const certificates = loaded.value.chain.length > 0 ? loaded.value.chain : leafFirst(structure.plainCerts, key);
  const details: Pkcs12Details = {
    ...base,
    unlocked: true,
    certificateCount: certificates.length,
    hasKey: key !== null || structure.shroudedKeys.length + structure.plainKeys.length > 0,
  };
  const problem = structure.legacy
    ? {
        code: 'pkcs12-legacy' as const,
        level: 'warning' as const,
        message: `The PKCS#12 bundle "${name}" uses legacy encryption (${structure.encryption.join(', ')}) that OpenSSL 3 reads only with -legacy; brokers and tools built on OpenSSL 3 may refuse it. Re-export it with modern encryption.`,
      }
    : null;
  return { details, certificates, key, problem };

  function invalid(message: string): Pkcs12Read {
    return {
      details: { kind: 'pkcs12', unlocked: false, mac: null, encryption: [], legacy: false, certificateCount: null, hasKey: null },
      certificates: [],
      key: null,
      problem: { code: 'pkcs12-invalid', level: 'error', message },
    };
  }
}

function leafFirst(certs: X509Certificate[], key: KeyObject | null): X509Certificate[] {
  const leaf = key ? certs.find((c) => c.checkPrivateKey(key)) : undefined;
  return leaf ? [leaf, ...certs.filter((c) => c !== leaf)] : certs;
}

function openKey(structure: Structure, password: string): KeyObject | null {
  for (const der of structure.plainKeys) {
    try {
      return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    } catch {
      // try the next
    }
  }
  for (const der of structure.shroudedKeys) {
    try {
      return createPrivateKey({ key: der, format: 'der', type: 'pkcs8', passphrase: password });
    } catch {
      // try the next
    }
  }
  return null;
}

function describe(der: Buffer): Structure {
  const pfx = AsnConvert.parse(der, PFX);
  const structure: Structure = { mac: null, encryption: [], legacy: false, shroudedKeys: [], plainKeys: [], plainCerts: [] };
  if (pfx.macData) {
    const digest = pfx.macData.mac.digestAlgorithm.algorithm;
    structure.mac = `${MAC_DIGESTS[digest] ?? digest}, ${pfx.macData.iterations} iterations`;
  }
  if (pfx.authSafe.contentType !== id_data) {
    structure.encryption.push('public-key signed (not password-protected)');
    return structure;
  }
  const authSafe = AsnConvert.parse(octets(pfx.authSafe.content), AuthenticatedSafe);
  for (const info of authSafe) describePart(info, structure);
  structure.encryption = [...new Set(structure.encryption)];
  return structure;
}

function describePart(info: ContentInfo, structure: Structure): void {
  const note = (algorithm: AlgorithmIdentifier, what: string) => {
    const scheme = schemeName(algorithm);
    structure.encryption.push(`${what}: ${scheme.name}`);
    structure.legacy ||= scheme.legacy;
  };
  if (info.contentType === id_encryptedData) {
    // EncryptedData ::= SEQUENCE { version, encryptedContentInfo, ... } (RFC 5652 §8).
    const sequence = asn1js.fromBER(info.content).result as asn1js.Sequence;
    const inner = sequence.valueBlock.value[1];
    if (inner) note(AsnConvert.parse(inner.toBER(), EncryptedContentInfo).contentEncryptionAlgorithm, 'certificates');
    return;
  }
  if (info.contentType !== id_data) return;
  const contents = AsnConvert.parse(octets(info.content), SafeContents);
  if (contents.some((bag) => bag.bagId === CERT_BAG)) structure.encryption.push('certificates: none');
  for (const bag of contents) {
    if (bag.bagId === CERT_BAG) {
      const certBag = AsnConvert.parse(bag.bagValue, CertBag);
      if (certBag.certId === id_x509Certificate) structure.plainCerts.push(usableX509(Buffer.from(octets(certBag.certValue))));
    }
    if (bag.bagId === SHROUDED_KEY_BAG) {
      structure.shroudedKeys.push(Buffer.from(bag.bagValue));
      note(AsnConvert.parse(bag.bagValue, EncryptedPrivateKeyInfo).encryptionAlgorithm, 'key');
    } else if (bag.bagId === KEY_BAG) {
      structure.plainKeys.push(Buffer.from(bag.bagValue));
      structure.encryption.push('key: none');
    }
  }
}

function schemeName(algorithm: AlgorithmIdentifier): { name: string; legacy: boolean } {
  if (algorithm.algorithm !== PBES2) return SCHEMES[algorithm.algorithm] ?? { name: algorithm.algorithm, legacy: false };
  // PBES2-params ::= SEQUENCE { keyDerivationFunc, encryptionScheme } (RFC 8018 §A.4).
  try {
    const params = asn1js.fromBER(algorithm.parameters ?? new ArrayBuffer(0)).result as asn1js.Sequence;
    const scheme = params.valueBlock.value[1];
    const cipher = scheme ? AsnConvert.parse(scheme.toBER(), AlgorithmIdentifier).algorithm : '';
    return { name: `PBES2 (PBKDF2, ${CIPHERS[cipher] ?? cipher})`, legacy: false };
  } catch {
    return { name: 'PBES2', legacy: false };
  }
}

/** The bytes inside a ContentInfo's `data` content (an OCTET STRING, possibly constructed). */
function octets(content: ArrayBuffer): ArrayBuffer {
  return AsnConvert.parse(content, OctetString).buffer;
}
