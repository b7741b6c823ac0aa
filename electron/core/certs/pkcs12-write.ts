// Writes PKCS#12 bundles (RFC 7292) that OpenSSL 3 and Node open without the legacy provider:
// the key is a pkcs8ShroudedKeyBag encrypted with PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC, as
// Node's own encrypted PKCS#8 export makes it), the integrity MAC is HMAC-SHA256. The
// certificates are left unencrypted (as `openssl pkcs12 -export -certpbe NONE` does): they are
// public, and the MAC still covers them. The structures are built with @peculiar's ASN.1 schemas.
import { Buffer } from 'node:buffer';
import { createHash, createHmac, randomBytes, type KeyObject, type X509Certificate } from 'node:crypto';
import { ContentInfo, id_data } from '@peculiar/asn1-cms';
import { AuthenticatedSafe, CertBag, MacData, PFX, PKCS12Attribute, SafeBag, SafeContents, id_x509Certificate } from '@peculiar/asn1-pfx';
import { DigestInfo } from '@peculiar/asn1-rsa';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import * as asn1js from 'asn1js';
import forge from 'node-forge';

/** RFC 7292 Appendix D bag types and PKCS#9 attributes. */
const OID = {
  certBag: '1.2.840.113549.1.12.10.1.3',
  pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

/** OpenSSL 3's default MAC iteration count. */
const MAC_ITERATIONS = 2048;

export interface Pkcs12Input {
  key: KeyObject;
  /** Leaf first, then any CA certificates to include. */
  chain: X509Certificate[];
  /** Protects both the key and the MAC; RFC 7292 allows an empty one, which OpenSSL reads as "no password". */
  password: string;
  /** Shown by tools as the entry's name (the device's CN, say). */
  friendlyName?: string;
}

/** A DER PKCS#12 bundle holding the key and the chain. */
export function writePkcs12(input: Pkcs12Input): Buffer {
  const leaf = input.chain[0];
  if (!leaf) throw new Error('writePkcs12: the chain is empty');
  // localKeyId ties the key to its certificate (PKCS#9 §5.5.1); OpenSSL uses the certificate's SHA-1.
  const keyId = createHash('sha1').update(leaf.raw).digest();
  const attributes = (withName: boolean): PKCS12Attribute[] => {
    const list = [attribute(OID.localKeyId, der(new OctetString(keyId)))];
    if (withName && input.friendlyName)
      list.unshift(attribute(OID.friendlyName, new asn1js.BmpString({ value: input.friendlyName }).toBER()));
    return list;
  };

  const certBags = input.chain.map(
    (cert, i) =>
      new SafeBag({
        bagId: OID.certBag,
        bagValue: der(new CertBag({ certId: id_x509Certificate, certValue: der(new OctetString(cert.raw)) })),
        ...(i === 0 ? { bagAttributes: attributes(true) } : {}),
      }),
  );
  // EncryptedPrivateKeyInfo is exactly the value of a pkcs8ShroudedKeyBag (RFC 7292 §4.2.2).
  const shrouded = input.key.export({ type: 'pkcs8', format: 'der', cipher: 'aes-256-cbc', passphrase: input.password });
  const keyBag = new SafeBag({ bagId: OID.pkcs8ShroudedKeyBag, bagValue: arrayBuffer(shrouded), bagAttributes: attributes(true) });

  const authSafe = new AuthenticatedSafe([dataContent(new SafeContents(certBags)), dataContent(new SafeContents([keyBag]))]);
  const authSafeDer = Buffer.from(der(authSafe));
  const salt = randomBytes(16);
  const pfx = new PFX({
    version: 3,
    authSafe: new ContentInfo({ contentType: id_data, content: der(new OctetString(authSafeDer)) }),
    macData: new MacData({
      mac: new DigestInfo({
        digestAlgorithm: new AlgorithmIdentifier({ algorithm: OID.sha256, parameters: null }),
        digest: new OctetString(mac(authSafeDer, input.password, salt)),
      }),
      macSalt: new OctetString(salt),
      iterations: MAC_ITERATIONS,
    }),
  });
  return Buffer.from(der(pfx));
}

/** HMAC-SHA256 with the key derived by the PKCS#12 KDF (RFC 7292 Appendix B.2, ID 3 = MAC key). */
function mac(data: Buffer, password: string, salt: Buffer): Buffer {
  const key = forge.pkcs12.generateKey(
    password,
    forge.util.createBuffer(salt.toString('latin1')),
    3,
    MAC_ITERATIONS,
    32,
    forge.md.sha256.create(),
  );
  return createHmac('sha256', Buffer.from(key.getBytes(), 'latin1')).update(data).digest();
}

/** The class's constructor drops its argument (asn1-pfx 2.11: `Object.assign(params)`), so the fields are set here. */
function attribute(attrId: string, value: ArrayBuffer): PKCS12Attribute {
  return Object.assign(new PKCS12Attribute(), { attrId, attrValues: [value] });
}

function dataContent(contents: SafeContents): ContentInfo {
  return new ContentInfo({ contentType: id_data, content: der(new OctetString(der(contents))) });
}

function der(value: unknown): ArrayBuffer {
  return AsnConvert.serialize(value);
}

function arrayBuffer(bytes: Buffer): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
