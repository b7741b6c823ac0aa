import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificates } from '../../../../electron/core/certs/certificates';
import type { FileBytes } from '../../../../electron/core/certs/material';
import type { TestPki } from '../../../support/pki';
import { makePki } from '../../../support/pki';

let dir: string;
let pki: TestPki;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'keyhole-certificates-'));
  pki = await makePki(dir);
}, 30_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const der = (path: string) => new X509Certificate(readFileSync(path)).raw;
const named = (name: string, bytes: Uint8Array): FileBytes => ({ name, bytes });

describe('parseCertificates', () => {
  it('reads every certificate of a PEM bundle, in order, ignoring text around the blocks', () => {
    const text = `Bag Attributes: friendlyName: x\n${readFileSync(pki.caBundle, 'utf8')}trailing notes\n`;
    const result = parseCertificates(named('bundle.pem', new TextEncoder().encode(text)));
    expect(result.ok && result.value.map((c) => c.subject.split('\n').at(-1))).toEqual([
      'CN=Keyhole Test CA',
      'CN=Keyhole Test Intermediate CA',
    ]);
  });

  it('accepts CRLF line ends', () => {
    const text = readFileSync(pki.ca.cert, 'utf8').replace(/\n/g, '\r\n');
    const result = parseCertificates(named('crlf.pem', new TextEncoder().encode(text)));
    expect(result.ok && result.value.length).toBe(1);
  });

  it('reads one DER certificate, and DER certificates back to back', () => {
    const one = parseCertificates(named('ca.der', der(pki.ca.cert)));
    expect(one.ok && one.value[0]?.fingerprint256).toBe(new X509Certificate(readFileSync(pki.ca.cert)).fingerprint256);
    const two = parseCertificates(named('two.der', Buffer.concat([der(pki.clientGood.cert), der(pki.ca.cert)])));
    expect(two.ok && two.value.map((c) => c.ca)).toEqual([false, true]);
  });

  it('says cert-invalid by default and ca-invalid when asked', () => {
    const garbage = named('g.bin', readFileSync(pki.broken.garbage));
    const asCert = parseCertificates(garbage);
    const asCa = parseCertificates(garbage, 'ca-invalid');
    expect(asCert.ok ? null : asCert.error.cause).toBe('cert-invalid');
    expect(asCa.ok ? null : asCa.error.cause).toBe('ca-invalid');
    expect(asCa.ok ? null : asCa.error.message).toMatch(/^The CA file "g.bin"/);
  });

  it.each([
    [
      'a DER certificate cut short',
      () => der(pki.ca.cert).subarray(0, 200),
      /truncated: its encoding announces \d+ bytes but only 200 are present/,
    ],
    [
      'a good DER certificate followed by junk',
      () => Buffer.concat([der(pki.ca.cert), Buffer.from([1, 2, 3])]),
      /3 unreadable bytes after certificate 1/,
    ],
    [
      'a PEM file whose key block is cut off',
      () => new TextEncoder().encode('-----BEGIN PRIVATE KEY-----\nMIIE\n'),
      /"PRIVATE KEY" block has no END line/,
    ],
    [
      'a BEGIN line with a mismatched END',
      () => new TextEncoder().encode('-----BEGIN CERTIFICATE-----\nMIIE\n-----END X509 CRL-----\n'),
      /truncated/,
    ],
  ])('rejects %s, with a precise message', (_label, bytes, message) => {
    const result = parseCertificates(named('f', bytes()));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(message);
  });
});
