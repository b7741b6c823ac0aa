// The DER reader of the connect path against @peculiar's reading of the same certificates (the
// code it replaced, kept here as the reference), on certificates made by the workbench and by
// openssl; and on hostile bytes, where it must answer without throwing.
import 'reflect-metadata';
import { Buffer } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, KeyUsage, KeyUsageFlags, id_ce_keyUsage } from '@peculiar/asn1-x509';
import * as x509 from '@peculiar/x509';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateDetails, colonHex, distinguishedName, signatureName } from '../../../../electron/core/certs/cert-details';
import { usableX509 } from '../../../../electron/core/certs/certificates';
import { readCertificateFields } from '../../../../electron/core/certs/der-fields';
import { issueCertificate, prepareIssuer, type SigningIssuer } from '../../../../electron/core/certs/issue';
import { keyUsageOf } from '../../../../electron/core/certs/preflight';
import { commonName } from '../../../../electron/core/certs/summary';
import type { KeyAlgorithm } from '../../../../shared/certs/issue';

// ---- The reference: the fields as @peculiar/x509 and @peculiar/asn1-x509 read them. ----

const KEY_USAGE_NAMES: [number, string][] = [
  [x509.KeyUsageFlags.digitalSignature, 'digitalSignature'],
  [x509.KeyUsageFlags.nonRepudiation, 'nonRepudiation'],
  [x509.KeyUsageFlags.keyEncipherment, 'keyEncipherment'],
  [x509.KeyUsageFlags.dataEncipherment, 'dataEncipherment'],
  [x509.KeyUsageFlags.keyAgreement, 'keyAgreement'],
  [x509.KeyUsageFlags.keyCertSign, 'keyCertSign'],
  [x509.KeyUsageFlags.cRLSign, 'cRLSign'],
  [x509.KeyUsageFlags.encipherOnly, 'encipherOnly'],
  [x509.KeyUsageFlags.decipherOnly, 'decipherOnly'],
];

function referenceFields(cert: X509Certificate) {
  try {
    const parsed = new x509.X509Certificate(new Uint8Array(cert.raw));
    const asn = AsnConvert.parse(cert.raw, Certificate);
    const ku = parsed.getExtension(x509.KeyUsagesExtension);
    const bc = parsed.getExtension(x509.BasicConstraintsExtension);
    const ski = parsed.getExtension(x509.SubjectKeyIdentifierExtension);
    const aki = parsed.getExtension(x509.AuthorityKeyIdentifierExtension);
    const cdp = parsed.getExtension(x509.CRLDistributionPointsExtension);
    return {
      subject: distinguishedName(parsed.subjectName.toJSON()),
      issuer: distinguishedName(parsed.issuerName.toJSON()),
      signatureAlgorithm: signatureName(asn.signatureAlgorithm.algorithm),
      keyUsage: ku ? KEY_USAGE_NAMES.filter(([flag]) => (ku.usages & flag) !== 0).map(([, name]) => name) : [],
      basicConstraints: bc ? { ca: bc.ca, pathLength: bc.pathLength ?? null, critical: bc.critical } : null,
      subjectKeyIdentifier: ski ? colonHex(ski.keyId) : null,
      authorityKeyIdentifier: aki?.keyId ? colonHex(aki.keyId) : null,
      crlDistributionPoints: cdp
        ? cdp.distributionPoints.flatMap((point) =>
            (point.distributionPoint?.fullName ?? []).map((n) => n.uniformResourceIdentifier ?? n.dNSName ?? '(non-URI name)'),
          )
        : [],
    };
  } catch {
    const name = (multiline: string) => {
      const attributes = multiline
        .split('\n')
        .filter(Boolean)
        .map((line) => ({ type: line.slice(0, line.indexOf('=')), value: line.slice(line.indexOf('=') + 1) }));
      return { text: attributes.map((a) => `${a.type}=${a.value}`).join(', '), attributes, commonName: commonName(multiline) };
    };
    return {
      subject: name(cert.subject),
      issuer: name(cert.issuer),
      signatureAlgorithm: 'unknown',
      keyUsage: [],
      basicConstraints: cert.ca ? { ca: true, pathLength: null, critical: false } : null,
      subjectKeyIdentifier: null,
      authorityKeyIdentifier: null,
      crlDistributionPoints: [],
    };
  }
}

function referenceKeyUsage(cert: X509Certificate): string[] | null {
  let extension;
  try {
    extension = AsnConvert.parse(cert.raw, Certificate).tbsCertificate.extensions?.find((e) => e.extnID === id_ce_keyUsage);
  } catch {
    return null;
  }
  if (!extension) return null;
  try {
    const flags = AsnConvert.parse(extension.extnValue, KeyUsage).toNumber();
    return Object.entries(KeyUsageFlags)
      .filter((entry): entry is [string, number] => typeof entry[1] === 'number' && (flags & entry[1]) !== 0)
      .map(([name]) => name);
  } catch {
    return null;
  }
}

// ---- What is compared: the certificate details' fields that come from the reader, and keyUsageOf. ----

const FIELDS = [
  'subject',
  'issuer',
  'signatureAlgorithm',
  'keyUsage',
  'basicConstraints',
  'subjectKeyIdentifier',
  'authorityKeyIdentifier',
  'crlDistributionPoints',
] as const;

function expectSameAsReference(label: string, cert: X509Certificate): void {
  const details = certificateDetails(cert, new Date());
  const ours = Object.fromEntries(FIELDS.map((f) => [f, details[f]]));
  // Cloned as certificateDetails always cloned them (@peculiar's arrays are its own Array subclasses).
  const reference = structuredClone(referenceFields(cert));
  for (const f of FIELDS) expect(ours[f], `${label}: ${f}`).toStrictEqual(reference[f]);
  expect(keyUsageOf(cert), `${label}: keyUsageOf`).toStrictEqual(referenceKeyUsage(cert));
}

// ---- Certificates made by openssl. ----

let dir = '';
let n = 0;

const CONFIG = (mask: string) => `[req]\ndistinguished_name = dn\nstring_mask = ${mask}\nutf8 = yes\n[dn]\n`;

function openssl(args: string[]): string {
  return execFileSync('openssl', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function newKey(kind: 'rsa' | 'ec' | 'ed25519'): string {
  const file = `key${++n}.pem`;
  if (kind === 'rsa') openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', file]);
  else if (kind === 'ec') openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file]);
  else openssl(['genpkey', '-algorithm', 'ED25519', '-out', file]);
  return file;
}

interface Made {
  cert: string;
  key: string;
}

/** A certificate by openssl: self-signed when `issuer` is absent; `extensions` as an extfile section. */
function opensslCert(opts: { key: 'rsa' | 'ec' | 'ed25519'; subject: string; extensions: string; issuer?: Made; mask?: string }): Made {
  const key = newKey(opts.key);
  const config = `cfg${++n}.cnf`;
  writeFileSync(join(dir, config), `${CONFIG(opts.mask ?? 'utf8only')}[ext]\n${opts.extensions}\n`);
  const cert = `cert${n}.pem`;
  const digest = opts.key === 'ed25519' ? [] : ['-sha256'];
  const subj = ['-subj', opts.subject, '-multivalue-rdn'];
  if (!opts.issuer) {
    openssl([
      'req',
      '-new',
      '-x509',
      '-config',
      config,
      '-key',
      key,
      ...subj,
      ...digest,
      '-days',
      '30',
      '-extensions',
      'ext',
      '-out',
      cert,
    ]);
  } else {
    const csr = `req${n}.csr`;
    openssl(['req', '-new', '-config', config, '-key', key, ...subj, '-out', csr]);
    openssl([
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      opts.issuer.cert,
      '-CAkey',
      opts.issuer.key,
      '-set_serial',
      String(1000 + n),
      '-days',
      '30',
      ...digest,
      '-extfile',
      config,
      '-extensions',
      'ext',
      '-out',
      cert,
    ]);
  }
  return { cert, key };
}

const read = (made: Made) => new X509Certificate(readFileSync(join(dir, made.cert)));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'keyhole-der-fields-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('readCertificateFields against @peculiar', () => {
  it('reads openssl certificates of every kind the same way', () => {
    const rsaRoot = opensslCert({
      key: 'rsa',
      subject: '/C=DE/ST=Berlin/L=Berlin/O=Test Org/OU=PKI/CN=RSA Root',
      extensions: 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash',
    });
    const ecIntermediate = opensslCert({
      key: 'ec',
      subject: '/O=Test Org/CN=EC Intermediate',
      extensions:
        'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=keyCertSign,cRLSign,digitalSignature\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid,issuer:always\ncrlDistributionPoints=URI:http://crl.example.test/root.crl,URI:ldap://ldap.example.test/cn=root',
      issuer: rsaRoot,
    });
    const edRoot = opensslCert({
      key: 'ed25519',
      subject: '/CN=Ed25519 Root/DC=example/DC=test',
      extensions: 'basicConstraints=CA:TRUE,pathlen:3\nsubjectKeyIdentifier=none\nauthorityKeyIdentifier=none',
    });
    const leaves = [
      opensslCert({
        key: 'ec',
        subject: '/CN=device-1/emailAddress=ops@example.test/serialNumber=42/title=Sensor/GN=Ada/SN=Lovelace',
        extensions:
          'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyAgreement,decipherOnly\nextendedKeyUsage=clientAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\ncrlDistributionPoints=URI:http://crl.example.test/int.crl,email:crl@example.test,DNS:crl.example.test',
        issuer: ecIntermediate,
      }),
      opensslCert({
        key: 'rsa',
        subject: '/CN=no extensions',
        extensions: 'subjectKeyIdentifier=none\nauthorityKeyIdentifier=none',
        issuer: edRoot,
      }),
      opensslCert({ key: 'ed25519', subject: '/CN=ed leaf/O=Org', extensions: 'keyUsage=digitalSignature', issuer: edRoot }),
      opensslCert({ key: 'ec', subject: '/CN=a+O=b+CN=c/OU=x+OU=y', extensions: 'basicConstraints=CA:FALSE', issuer: rsaRoot }),
      opensslCert({ key: 'ec', subject: '/CN=Zoë Ünïcödé/O=Ärger GmbH', extensions: 'keyUsage=nonRepudiation', issuer: rsaRoot }),
      // pkix: BMPString for what PrintableString cannot hold; default: T61String for Latin-1.
      opensslCert({ key: 'ec', subject: '/CN=Привет мир/O=Plain', extensions: 'keyUsage=keyEncipherment', issuer: rsaRoot, mask: 'pkix' }),
      opensslCert({ key: 'ec', subject: '/CN=Café/O=Plain', extensions: 'keyUsage=dataEncipherment', issuer: rsaRoot, mask: 'default' }),
      opensslCert({
        key: 'ec',
        subject: '/CN=escape, me+"<x>";\\\\/O=a=b',
        extensions: 'keyUsage=encipherOnly,keyAgreement',
        issuer: rsaRoot,
      }),
    ];
    const all = [rsaRoot, ecIntermediate, edRoot, ...leaves].map(read);
    const kinds = new Set(all.map((c) => certificateDetails(c, new Date()).publicKey.kind));
    expect([...kinds].sort()).toEqual(['ec', 'ed25519', 'rsa']);
    for (const [i, cert] of all.entries()) expectSameAsReference(`openssl certificate ${i}: ${cert.subject}`, cert);

    // The cases the comparison is meant to cover are really in these certificates.
    const [root, intermediate, ed, leaf, bare, , multi, utf8, bmp, t61] = all.map((c) => certificateDetails(c, new Date()));
    expect(root!.basicConstraints).toEqual({ ca: true, pathLength: null, critical: true });
    expect(intermediate!.basicConstraints).toEqual({ ca: true, pathLength: 0, critical: true });
    expect(intermediate!.crlDistributionPoints).toEqual(['http://crl.example.test/root.crl', 'ldap://ldap.example.test/cn=root']);
    expect(intermediate!.authorityKeyIdentifier).toBe(root!.subjectKeyIdentifier);
    expect(ed!.basicConstraints).toEqual({ ca: true, pathLength: 3, critical: false });
    expect(ed!.subjectKeyIdentifier).toBeNull();
    expect(leaf!.keyUsage).toEqual(['digitalSignature', 'keyAgreement', 'decipherOnly']);
    expect(leaf!.crlDistributionPoints).toEqual(['http://crl.example.test/int.crl', '(non-URI name)', 'crl.example.test']);
    expect(leaf!.subject.attributes.map((a) => a.type)).toEqual(['CN', 'emailAddress', '2.5.4.5', 'T', 'G', 'SN']);
    expect(bare!.keyUsage).toEqual([]);
    expect(bare!.basicConstraints).toBeNull();
    expect(multi!.subject.text).toBe('CN=a, CN=c, O=b, OU=x, OU=y');
    expect(utf8!.subject.commonName).toBe('Zoë Ünïcödé');
    expect(bmp!.subject.commonName).toBe('Привет мир');
    expect(t61!.subject.commonName).toBe('Café');
    const der = (i: number) => all[i]!.raw.toString('hex');
    expect(der(8)).toContain(`1e14${Buffer.from('Привет мир', 'utf16le').swap16().toString('hex')}`); // BMPString
    expect(der(9)).toContain(`1404${Buffer.from('Café', 'latin1').toString('hex')}`); // T61String
  }, 120_000);

  it('reads workbench certificates of every profile and key the same way', async () => {
    const window = {
      notBefore: new Date(Date.now() - 86_400_000).toISOString(),
      notAfter: new Date(Date.now() + 86_400_000).toISOString(),
    };
    const subject = {
      country: 'NL',
      state: 'Noord-Holland',
      locality: 'Amsterdam',
      organization: 'Ørsted & Co',
      organizationalUnit: 'IoT',
    };
    const certs: X509Certificate[] = [];
    for (const key of ['rsa-2048', 'ec-p256', 'ec-p384', 'ed25519'] as KeyAlgorithm[]) {
      const root = await issueCertificate({ profile: 'ca', subject: { ...subject, commonName: `Root ${key}` }, key, validity: window });
      if (!root.ok) throw new Error(root.error.message);
      const rootSigner = await signer(root.value.certificate, root.value.key);
      const intermediate = await issueCertificate(
        { profile: 'intermediate', subject: { commonName: `Intermediate ${key}` }, key, validity: window },
        rootSigner,
      );
      if (!intermediate.ok) throw new Error(intermediate.error.message);
      const intSigner = await signer(intermediate.value.certificate, intermediate.value.key);
      const server = await issueCertificate(
        {
          profile: 'server',
          subject: { commonName: 'broker.test' },
          key,
          validity: window,
          dnsNames: ['broker.test'],
          ipAddresses: ['127.0.0.1'],
        },
        intSigner,
      );
      const client = await issueCertificate(
        { profile: 'client', subject: { ...subject, commonName: `device ${key} ✓` }, key, validity: window },
        intSigner,
      );
      if (!server.ok || !client.ok) throw new Error('issuing failed');
      certs.push(root.value.certificate, intermediate.value.certificate, server.value.certificate, client.value.certificate);
    }
    for (const [i, cert] of certs.entries()) expectSameAsReference(`workbench certificate ${i}: ${cert.subject}`, cert);
  }, 120_000);

  it('reads the string types openssl does not write (Universal, Numeric, IA5, BMP) the same way', () => {
    const made = opensslCert({ key: 'ec', subject: '/CN=abcdefghijkl/O=Org', extensions: 'keyUsage=digitalSignature', mask: 'nombstr' });
    const raw = read(made).raw;
    const printable = raw.indexOf(Buffer.from('130c6162636465666768696a6b6c', 'hex'), 60); // the subject's CN
    expect(printable).toBeGreaterThan(0);
    const variants: [string, (b: Buffer) => void][] = [
      ['UniversalString', (b) => b.set([0x1c, 0x0c, 0, 0, 0, 0x61, 0, 0, 0x04, 0x1f, 0, 0x01, 0xf6, 0x00], printable)],
      ['NumericString', (b) => (b[printable] = 0x12)],
      ['IA5String', (b) => (b[printable] = 0x16)],
      ['UTF8String', (b) => (b[printable] = 0x0c)],
      ['BMPString', (b) => (b[printable] = 0x1e)],
      ['invalid UTF-8', (b) => b.set([0x0c, 0x0c, 0xc3, 0x28, 0xe2, 0x82, 0xed, 0xa0, 0x80, 0xff], printable)],
    ];
    const refused: string[] = [];
    for (const [label, change] of variants) {
      const bytes = Buffer.from(raw);
      change(bytes);
      let cert: X509Certificate;
      try {
        cert = usableX509(bytes);
      } catch {
        refused.push(label); // OpenSSL itself refuses it: it never reaches the details
        continue;
      }
      expectSameAsReference(label, cert);
    }
    expect(refused).toEqual(['invalid UTF-8']);
    const cn = (index: number) => {
      const bytes = Buffer.from(raw);
      variants[index]![1](bytes);
      return certificateDetails(usableX509(bytes), new Date()).subject.commonName;
    };
    expect(cn(0)).toBe('aП\uf600'); // as asn1js reads UTF-32: the low 16 bits of each character
    expect(cn(1)).toBe('#120c6162636465666768696a6b6c');
  }, 60_000);

  it("falls back to Node's names where neither can read an extension, as before", () => {
    const made = opensslCert({ key: 'ec', subject: '/CN=broken usage/O=Org', extensions: 'keyUsage=digitalSignature,keyCertSign' });
    const raw = read(made).raw;
    // The key usage's BIT STRING (03 02 uu bb) with its unused-bit count set to 9: no DER reader can take it.
    const at = raw.indexOf(Buffer.from('0603551d0f', 'hex'));
    const bits = raw.indexOf(Buffer.from([0x03, 0x02]), at);
    expect(at).toBeGreaterThan(0);
    const broken = Buffer.from(raw);
    broken[bits + 2] = 9;
    const cert = new X509Certificate(broken);
    expect(readCertificateFields(cert.raw)).toBeNull();
    expectSameAsReference('broken key usage', cert);
    expect(certificateDetails(cert, new Date()).signatureAlgorithm).toBe('unknown');
    expect(certificateDetails(cert, new Date()).subject.commonName).toBe('broken usage');
  });
});

async function signer(certificate: X509Certificate, key: Parameters<typeof prepareIssuer>[0]['key']): Promise<SigningIssuer> {
  const prepared = await prepareIssuer({ certificate, key });
  if (!prepared.ok) throw new Error(prepared.error.message);
  return prepared.value;
}

// ---- Hostile bytes. ----

describe('readCertificateFields on hostile bytes', () => {
  let valid: Uint8Array = new Uint8Array();
  beforeAll(() => {
    const made = opensslCert({
      key: 'ec',
      subject: '/CN=fuzz+OU=a/O=Org/emailAddress=x@y.test',
      extensions:
        'basicConstraints=critical,CA:TRUE,pathlen:1\nkeyUsage=critical,keyCertSign,digitalSignature\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\ncrlDistributionPoints=URI:http://crl.example.test/a.crl',
    });
    valid = new Uint8Array(read(made).raw);
    expect(readCertificateFields(valid)?.basicConstraints).toEqual({ ca: true, pathLength: 1, critical: true });
  });

  /** Never throws, answers quickly, and answers null or well-formed fields. */
  function check(bytes: Uint8Array): void {
    const started = performance.now();
    const fields = readCertificateFields(bytes);
    expect(performance.now() - started).toBeLessThan(250);
    if (fields === null) return;
    expect(typeof fields.signatureAlgorithm).toBe('string');
    for (const name of [fields.subject, fields.issuer]) {
      const dn = distinguishedName(name);
      expect(typeof dn.text).toBe('string');
    }
    expect(fields.keyUsage === null || fields.keyUsage.every((k) => typeof k === 'string')).toBe(true);
    expect(fields.crlDistributionPoints.every((u) => typeof u === 'string')).toBe(true);
  }

  it('never throws on random bytes, truncations or bit flips of a valid certificate (10,000 runs each)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => check(bytes)),
      { numRuns: 10_000 },
    );
    fc.assert(
      fc.property(fc.nat({ max: valid.length }), fc.nat({ max: valid.length }), (from, to) =>
        check(valid.slice(Math.min(from, to), Math.max(from, to))),
      ),
      { numRuns: 10_000 },
    );
    fc.assert(
      fc.property(fc.array(fc.nat({ max: valid.length * 8 - 1 }), { minLength: 1, maxLength: 8 }), (flips) => {
        const bytes = new Uint8Array(valid);
        for (const bit of flips) bytes[bit >> 3]! ^= 1 << (bit & 7);
        check(bytes);
        // What Node still reads goes through the certificate details whole, without throwing.
        let cert: X509Certificate;
        try {
          cert = usableX509(bytes);
        } catch {
          return;
        }
        expect(certificateDetails(cert, new Date()).subject.attributes.length).toBeGreaterThanOrEqual(0);
        expect(keyUsageOf(cert) === null || Array.isArray(keyUsageOf(cert))).toBe(true);
      }),
      { numRuns: 10_000 },
    );
    fc.assert(
      fc.property(fc.nat({ max: valid.length - 1 }), fc.uint8Array({ minLength: 1, maxLength: 6 }), (at, bytes) => {
        const spliced = new Uint8Array(valid);
        spliced.set(bytes.subarray(0, valid.length - at), at);
        check(spliced);
      }),
      { numRuns: 10_000 },
    );
  }, 300_000);

  it('answers null at once for deep nesting, huge lengths and non-DER lengths', () => {
    const deep = new Uint8Array(200_000);
    for (let i = 0; i < deep.length; i += 2) deep.set([0x30, 0x80], i); // indefinite lengths, nested
    check(deep);
    expect(readCertificateFields(deep)).toBeNull();
    const nested = new Uint8Array(100_000).fill(0x30); // 30 30 30 …: each a SEQUENCE of length 0x30
    expect(readCertificateFields(nested)).toBeNull();
    expect(readCertificateFields(Uint8Array.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x30]))).toBeNull();
    expect(readCertificateFields(Uint8Array.from([0x30, 0x81, 0x05, 0x30, 0x03, 0x02, 0x01, 0x00]))).toBeNull(); // long form for 5
    expect(readCertificateFields(new Uint8Array())).toBeNull();
    expect(readCertificateFields('not bytes' as unknown as Uint8Array)).toBeNull();
  });
});
