import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertSummary } from '../../../../shared/connect/report';
import { commonName, compressIpv6, issuedBy, subjectAltNames, summarizeCertificate } from '../../../../electron/core/certs/summary';
import type { TestPki } from '../../../support/pki';
import { GOOD_CLIENT_CN, makePki } from '../../../support/pki';

let dir: string;
let pki: TestPki;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'keyhole-summary-'));
  pki = await makePki(dir);
}, 30_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const load = (path: string) => new X509Certificate(readFileSync(path));

describe('summarizeCertificate', () => {
  it('summarises the broker certificate: CN, SANs, issuer, dates, key, EKU', () => {
    const cert = load(pki.server.cert);
    const summary = summarizeCertificate(cert, 'server.crt');
    expect(summary).toEqual({
      subject: 'O=Keyhole Test, CN=localhost',
      commonName: 'localhost',
      subjectAltNames: ['DNS:localhost', 'IP:127.0.0.1', 'IP:::1'],
      issuer: 'O=Keyhole Test, CN=Keyhole Test CA',
      issuerCommonName: 'Keyhole Test CA',
      validFrom: pki.server.notBefore.toISOString(),
      validTo: pki.server.notAfter.toISOString(),
      serialNumber: cert.serialNumber,
      fingerprint256: cert.fingerprint256,
      keyType: 'EC P-256',
      isCA: false,
      selfSigned: false,
      extKeyUsage: ['serverAuth'],
      source: 'server.crt',
    });
    expect(summary.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(CertSummary.safeParse(summary).success).toBe(true);
  });

  it.each([
    ['ca', 'Keyhole Test CA', 'RSA 2048', true, true, []],
    ['foreignCa', 'Keyhole Foreign CA', 'EC P-256', true, true, []],
    ['intermediate', 'Keyhole Test Intermediate CA', 'EC P-256', true, false, []],
    ['serverSelfSigned', 'localhost', 'EC P-256', false, true, ['serverAuth']],
    ['clientGood', GOOD_CLIENT_CN, 'RSA 2048', false, false, ['clientAuth']],
    ['clientNoEku', 'server-only-device', 'EC P-256', false, false, ['serverAuth']],
    ['clientEd25519', 'ed25519-device', 'Ed25519', false, false, ['clientAuth']],
  ] as const)('%s: CN %s, %s, isCA %s, selfSigned %s, EKU %j', (which, cn, keyType, isCA, selfSigned, eku) => {
    const summary = summarizeCertificate(load(pki[which].cert));
    expect(summary).toMatchObject({ commonName: cn, keyType, isCA, selfSigned, extKeyUsage: [...eku] });
    expect(summary.source).toBeUndefined();
  });

  it('lists SANs as the certificate has them, and none for a client without SANs', () => {
    expect(summarizeCertificate(load(pki.serverWrongHost.cert)).subjectAltNames).toEqual(['DNS:wrong.example']);
    expect(summarizeCertificate(load(pki.serverSelfSigned.cert)).subjectAltNames).toEqual(['DNS:localhost', 'IP:127.0.0.1', 'IP:::1']);
    expect(summarizeCertificate(load(pki.clientGood.cert)).subjectAltNames).toEqual([]);
  });

  it('reports validity dates as ISO strings, in the past for an expired certificate', () => {
    const summary = summarizeCertificate(load(pki.clientExpired.cert));
    expect(summary.validTo).toBe(pki.clientExpired.notAfter.toISOString());
    expect(Date.parse(summary.validTo)).toBeLessThan(Date.now());
  });

  it('takes an issuer only when its signature verifies, not for its name', () => {
    const leaf = load(pki.clientGood.cert);
    const impostor = load(pki.impostorCa.cert);
    expect(summarizeCertificate(impostor)).toMatchObject({ commonName: 'Keyhole Test CA', selfSigned: true, isCA: true });
    expect(leaf.checkIssued(impostor)).toBe(true);
    expect(issuedBy(leaf, impostor)).toBe(false);
    expect(issuedBy(leaf, load(pki.ca.cert))).toBe(true);
    expect(issuedBy(load(pki.clientIntermediate.cert), load(pki.ca.cert))).toBe(false);
    expect(issuedBy(load(pki.clientIntermediate.cert), load(pki.intermediate.cert))).toBe(true);
  });
});

describe('name and SAN parsing', () => {
  it.each([
    ['O=Keyhole Test\nCN=device-1', 'device-1'],
    ['CN=outer\nOU=x\nCN=inner', 'inner'],
    ['O=no common name', null],
    ['CN=a\\,b\\+c', 'a,b+c'],
    ['CN=tab\\09here', 'tab\there'],
    ['CN=caf\u00e9', 'caf\u00e9'],
  ])('commonName(%j) = %j', (subject, expected) => {
    expect(commonName(subject)).toBe(expected);
  });

  it.each([
    ['DNS:localhost, IP Address:127.0.0.1', ['DNS:localhost', 'IP:127.0.0.1']],
    ['IP Address:0:0:0:0:0:0:0:1', ['IP:::1']],
    ['DNS:"a, b", URI:https://x.example/p', ['DNS:a, b', 'URI:https://x.example/p']],
    ['email:dev@example.com', ['email:dev@example.com']],
    ['', []],
  ])('subjectAltNames(%j)', (text, expected) => {
    expect(subjectAltNames(text)).toEqual(expected);
  });

  it.each([
    ['0:0:0:0:0:0:0:1', '::1'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['2001:DB8:0:0:0:0:2:1', '2001:db8::2:1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
    ['FE80:0:0:0:0:0:0:0', 'fe80::'],
  ])('compressIpv6(%s) = %s (RFC 5952)', (input, expected) => {
    expect(compressIpv6(input)).toBe(expected);
  });
});
