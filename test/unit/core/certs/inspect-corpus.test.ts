// The inspector over the corpus in test/fixtures/certs plus key-bearing inputs made here with
// openssl: every input gets its specific finding or summary, none throws, none hangs.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InspectedInput, type InspectCode } from '../../../../shared/certs/inspect';
import { inspectInputs } from '../../../../electron/core/certs/inspect';
import type { FileBytes } from '../../../../electron/core/certs/material';

const CORPUS = fileURLToPath(new URL('../../../fixtures/certs/', import.meta.url));
/** Between the corpus's fixed dates: its 100-year certificates are valid, 2000 is past, 2090 future. */
const NOW = new Date('2030-06-01T00:00:00Z');
const PASS = 'fixture pass';

let dir: string;
const fixture = (name: string): FileBytes => ({ name, bytes: readFileSync(join(CORPUS, name)) });
const made = (name: string): FileBytes => ({ name, bytes: readFileSync(join(dir, name)) });
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'keyhole-corpus-'));
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'rsa.key.pem',
    '-subj',
    '/CN=rsa-device',
    '-days',
    '36500',
    '-out',
    'rsa.cert.pem',
  );
  openssl(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    'ec.key.pem',
    '-subj',
    '/CN=ec-device',
    '-days',
    '36500',
    '-out',
    'ec.cert.pem',
  );
  openssl('rsa', '-in', 'rsa.key.pem', '-traditional', '-out', 'rsa-pkcs1.key.pem');
  openssl('ec', '-in', 'ec.key.pem', '-out', 'ec-sec1.key.pem');
  openssl('pkey', '-in', 'ec.key.pem', '-outform', 'DER', '-out', 'ec.key.der');
  openssl('pkcs8', '-topk8', '-in', 'ec.key.pem', '-v2', 'aes-256-cbc', '-passout', `pass:${PASS}`, '-out', 'ec-encrypted.key.pem');
  openssl('rsa', '-in', 'rsa.key.pem', '-aes256', '-traditional', '-passout', `pass:${PASS}`, '-out', 'rsa-legacy-encrypted.key.pem');
  openssl('pkcs12', '-export', '-in', 'ec.cert.pem', '-inkey', 'ec.key.pem', '-passout', `pass:${PASS}`, '-out', 'ec.p12');
  writeFileSync(
    join(dir, 'ec-cert-and-key.pem'),
    Buffer.concat([readFileSync(join(dir, 'ec.cert.pem')), readFileSync(join(dir, 'ec.key.pem'))]),
  );
  // A 5 MB file: PEM-looking text padded with junk.
  writeFileSync(join(dir, 'huge.pem'), Buffer.concat([readFileSync(join(CORPUS, 'client.pem')), randomBytes(5 * 1024 * 1024)]));
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Case {
  input: () => FileBytes;
  /** Inspected together with these (a key's certificates, a chain's CA). */
  with?: () => FileBytes[];
  passphrase?: string;
  kind: InspectedInput['kind'];
  /** Codes that must be among the findings; `[]` means no finding at all. */
  codes: InspectCode[];
  /** Words the summary or a finding's message must contain: the specific message. */
  says: string;
}

const CASES: Record<string, Case> = {
  'a device certificate': { input: () => fixture('client.pem'), kind: 'certificate', codes: [], says: 'fixture-device-1' },
  'the same in DER': { input: () => fixture('client.der'), kind: 'certificate', codes: [], says: 'fixture-device-1' },
  'the same with CRLF line endings': { input: () => fixture('client-crlf.pem'), kind: 'certificate', codes: [], says: 'fixture-device-1' },
  'a certificate inside an e-mail': {
    input: () => fixture('client-in-email.txt'),
    kind: 'certificate',
    codes: [],
    says: 'fixture-device-1',
  },
  'a root CA': { input: () => fixture('root-ca.pem'), kind: 'certificate', codes: [], says: 'CA certificate "Fixture Root CA"' },
  'a root CA in DER': { input: () => fixture('root-ca.der'), kind: 'certificate', codes: [], says: 'Fixture Root CA' },
  'an intermediate anchored in the root next to it': {
    input: () => fixture('intermediate-ca.pem'),
    with: () => [fixture('root-ca.pem')],
    kind: 'certificate',
    codes: [],
    says: 'Fixture Intermediate CA',
  },
  'an intermediate whose root is not given': {
    input: () => fixture('intermediate-ca.pem'),
    with: () => [fixture('other-ca.pem')],
    kind: 'certificate',
    codes: ['chain-unanchored'],
    says: 'Fixture Root CA',
  },
  'a broker certificate': { input: () => fixture('server.pem'), kind: 'certificate', codes: [], says: 'broker.example' },
  'a broker certificate without SANs': {
    input: () => fixture('server-no-san.pem'),
    kind: 'certificate',
    codes: [],
    says: 'broker.example',
  },
  'a certificate with 3,000 SANs': { input: () => fixture('server-3000-sans.pem'), kind: 'certificate', codes: [], says: 'fleet.example' },
  'an expired certificate': { input: () => fixture('client-expired.pem'), kind: 'certificate', codes: ['cert-expired'], says: 'expired' },
  'a not-yet-valid certificate': {
    input: () => fixture('client-not-yet-valid.pem'),
    kind: 'certificate',
    codes: ['cert-not-yet-valid'],
    says: '2090',
  },
  'an Ed25519 certificate': { input: () => fixture('client-ed25519.pem'), kind: 'certificate', codes: [], says: 'Ed25519' },
  'an RSA-1024 certificate': { input: () => fixture('client-rsa1024.pem'), kind: 'certificate', codes: [], says: 'RSA 1024' },
  'a SHA-1 signed certificate': { input: () => fixture('client-sha1.pem'), kind: 'certificate', codes: [], says: 'sha1-device' },
  'a certificate without AKI': { input: () => fixture('client-no-aki.pem'), kind: 'certificate', codes: [], says: 'no-aki-device' },
  'a chain, leaf first': {
    input: () => fixture('chain.pem'),
    kind: 'chain',
    codes: [],
    says: '"fixture-device-1" ← "Fixture Intermediate CA" ← "Fixture Root CA"',
  },
  'a chain in DER, back to back': { input: () => fixture('chain.der'), kind: 'chain', codes: [], says: 'chain of 2' },
  'a chain root first': { input: () => fixture('chain-reversed.pem'), kind: 'chain', codes: ['chain-out-of-order'], says: 'root first' },
  'a chain in the wrong order': {
    input: () => fixture('chain-scrambled.pem'),
    kind: 'chain',
    codes: ['chain-out-of-order'],
    says: 'not in order',
  },
  'a chain with a link that does not belong': {
    input: () => fixture('chain-broken.pem'),
    kind: 'chain',
    codes: ['chain-broken'],
    says: 'did not issue',
  },
  'a bundle of CAs': { input: () => fixture('ca-bundle.pem'), kind: 'bundle', codes: [], says: 'bundle of 2 CA certificates' },
  'a PEM file cut off before its END line': {
    input: () => fixture('client-cut-off.pem'),
    kind: 'unreadable',
    codes: ['pem-truncated'],
    says: 'no END line',
  },
  'a PEM body with lines missing': {
    input: () => fixture('client-truncated-body.pem'),
    kind: 'unreadable',
    codes: ['der-truncated'],
    says: 'announces',
  },
  'a PEM body with a damaged character': {
    input: () => fixture('client-bad-base64.pem'),
    kind: 'unreadable',
    codes: ['pem-bad-base64'],
    says: 'not valid base64',
  },
  'an empty PEM block': {
    input: () => fixture('empty-block.pem'),
    kind: 'unreadable',
    codes: ['pem-empty-block'],
    says: 'nothing between',
  },
  'an unknown PEM label': {
    input: () => fixture('unknown-label.pem'),
    kind: 'certificate',
    codes: ['pem-unknown-label'],
    says: 'relabel it "CERTIFICATE"',
  },
  'a certificate labelled as a CSR': {
    input: () => fixture('wrong-label-csr.pem'),
    kind: 'certificate',
    codes: ['pem-label-mismatch'],
    says: 'labelled "CERTIFICATE REQUEST" but holds a certificate',
  },
  'a malformed BEGIN line': {
    input: () => fixture('malformed-begin.pem'),
    kind: 'unreadable',
    codes: ['not-recognised'],
    says: 'no well-formed PEM block',
  },
  'a truncated DER certificate': {
    input: () => fixture('client-truncated.der'),
    kind: 'unreadable',
    codes: ['der-truncated'],
    says: 'only 300 are present',
  },
  'a DER certificate with trailing bytes': {
    input: () => fixture('client-trailing.der'),
    kind: 'certificate',
    codes: ['der-trailing-bytes'],
    says: 'unreadable bytes',
  },
  'a CSR': { input: () => fixture('request.csr.pem'), kind: 'csr', codes: [], says: 'certificate request "csr-device"' },
  'a CSR in DER': { input: () => fixture('request.csr.der'), kind: 'csr', codes: [], says: 'csr-device' },
  'a CRL with its issuer': {
    input: () => fixture('root.crl.pem'),
    with: () => [fixture('root-ca.pem')],
    kind: 'crl',
    codes: [],
    says: '1 revoked',
  },
  'a CRL in DER': { input: () => fixture('root.crl.der'), kind: 'crl', codes: [], says: 'Fixture Root CA' },
  'a CRL past its next update': { input: () => fixture('stale.crl.pem'), kind: 'crl', codes: ['crl-stale'], says: 'CRL has expired' },
  'a CRL with the wrong CA': {
    input: () => fixture('root.crl.pem'),
    with: () => [fixture('other-ca.pem'), { name: 'root-impostor.pem', bytes: fixture('tight-root-ca.pem').bytes }],
    kind: 'crl',
    codes: [],
    says: 'Fixture Root CA',
  },
  'a public key': { input: () => fixture('public-key.pem'), kind: 'public-key', codes: ['public-key-only'], says: 'public key EC P-256' },
  'a PKCS#7 bundle': {
    input: () => fixture('chain.p7b.pem'),
    kind: 'unreadable',
    codes: ['pem-unsupported'],
    says: 'openssl pkcs7 -print_certs',
  },
  'random bytes': { input: () => fixture('random.bin'), kind: 'unreadable', codes: ['not-recognised'], says: 'neither PEM' },
  'an empty file': { input: () => fixture('empty.pem'), kind: 'unreadable', codes: ['empty'], says: 'is empty' },
  'a file of blank lines': { input: () => fixture('whitespace.pem'), kind: 'unreadable', codes: ['empty'], says: 'only whitespace' },
  'a text file': { input: () => fixture('notes.txt'), kind: 'unreadable', codes: ['not-recognised'], says: 'neither PEM' },
  'a 5 MB file': { input: () => made('huge.pem'), kind: 'unreadable', codes: ['too-large'], says: '5.0 MiB' },
  'an RSA key (PKCS#8) with its certificate': {
    input: () => made('rsa.key.pem'),
    with: () => [made('rsa.cert.pem')],
    kind: 'private-key',
    codes: [],
    says: 'belongs to "rsa-device"',
  },
  'an RSA key (PKCS#1)': {
    input: () => made('rsa-pkcs1.key.pem'),
    with: () => [made('rsa.cert.pem')],
    kind: 'private-key',
    codes: [],
    says: 'PKCS#1',
  },
  'an EC key (SEC1)': {
    input: () => made('ec-sec1.key.pem'),
    with: () => [made('ec.cert.pem')],
    kind: 'private-key',
    codes: [],
    says: 'SEC1',
  },
  'an EC key in DER': {
    input: () => made('ec.key.der'),
    with: () => [made('ec.cert.pem')],
    kind: 'private-key',
    codes: [],
    says: 'belongs to "ec-device"',
  },
  'a key that belongs to none of the certificates': {
    input: () => made('ec.key.pem'),
    with: () => [made('rsa.cert.pem')],
    kind: 'private-key',
    codes: ['key-matches-no-certificate'],
    says: 'belongs to none',
  },
  'an encrypted key without its passphrase': {
    input: () => made('ec-encrypted.key.pem'),
    kind: 'private-key',
    codes: ['key-passphrase-needed'],
    says: 'locked',
  },
  'an encrypted key with its passphrase': {
    input: () => made('ec-encrypted.key.pem'),
    with: () => [made('ec.cert.pem')],
    passphrase: PASS,
    kind: 'private-key',
    codes: [],
    says: 'belongs to "ec-device"',
  },
  'an encrypted key with a wrong passphrase': {
    input: () => made('ec-encrypted.key.pem'),
    passphrase: 'wrong',
    kind: 'private-key',
    codes: ['key-passphrase-wrong'],
    says: 'does not decrypt',
  },
  'a legacy encrypted key with its passphrase': {
    input: () => made('rsa-legacy-encrypted.key.pem'),
    passphrase: PASS,
    kind: 'private-key',
    codes: [],
    says: 'legacy encrypted PKCS#1',
  },
  'a certificate and its key in one file': {
    input: () => made('ec-cert-and-key.pem'),
    kind: 'mixed',
    codes: [],
    says: 'certificate, private-key',
  },
  'a PKCS#12 bundle without its password': {
    input: () => made('ec.p12'),
    kind: 'pkcs12',
    codes: ['pkcs12-password-needed'],
    says: 'locked',
  },
  'a PKCS#12 bundle with its password': {
    input: () => made('ec.p12'),
    passphrase: PASS,
    kind: 'pkcs12',
    codes: [],
    says: 'leaf "ec-device"',
  },
  'a PKCS#12 bundle with a wrong password': {
    input: () => made('ec.p12'),
    passphrase: 'wrong',
    kind: 'pkcs12',
    codes: ['pkcs12-password-wrong'],
    says: 'does not open',
  },
};

describe('inspector corpus', () => {
  it('has at least 40 inputs, and every committed fixture is in it', () => {
    expect(Object.keys(CASES).length).toBeGreaterThanOrEqual(40);
    const used = new Set(Object.values(CASES).flatMap((c) => [c.input().name, ...(c.with?.() ?? []).map((f) => f.name)]));
    const committed = readdirSync(CORPUS).filter((f) => !['README.md', 'make-fixtures.sh'].includes(f));
    const unused = committed.filter((f) => !used.has(f) && !LINT_ONLY.has(f));
    expect(unused).toEqual([]);
  });

  it.each(Object.entries(CASES))('%s', async (_name, c) => {
    const input = c.input();
    const results = await inspectInputs([input, ...(c.with?.() ?? [])], { now: NOW, passphrase: c.passphrase });
    const result = InspectedInput.parse(results[0]);
    expect(result.name).toBe(input.name);
    expect(result.kind, result.summary).toBe(c.kind);
    const codes = result.findings.map((f) => f.code).filter((code) => code !== 'cert-expires-soon');
    if (c.codes.length === 0) expect(result.findings.filter((f) => f.level !== 'note')).toEqual([]);
    for (const code of c.codes) expect(codes, JSON.stringify(result.findings)).toContain(code);
    const text = [result.summary, ...result.findings.map((f) => f.message)].join('\n');
    expect(text).toContain(c.says);
  });
});

/** Fixtures the lint tests use (inspected there through lint, and here only as plain certificates). */
const LINT_ONLY = new Set([
  'client-foreign.pem',
  'client-no-digital-signature.pem',
  'leaf-as-ca.pem',
  'client-under-leaf.pem',
  'client-too-deep.pem',
  'chain-too-deep.pem',
  'tight-intermediate-1.pem',
  'tight-intermediate-2.pem',
  'tight-root-ca.pem',
]);

describe('inspector details', () => {
  it('reads every field of a certificate', async () => {
    const [result] = await inspectInputs([fixture('client.pem')], { now: NOW });
    const cert = result?.items[0];
    if (cert?.kind !== 'certificate') throw new Error('not a certificate');
    const text = execFileSync('openssl', [
      'x509',
      '-in',
      join(CORPUS, 'client.pem'),
      '-noout',
      '-serial',
      '-fingerprint',
      '-sha256',
    ]).toString();
    expect(text).toContain(`serial=${cert.serialNumber}`);
    expect(text).toContain(`Fingerprint=${cert.fingerprintSha256}`);
    expect(cert.subject.attributes).toEqual([
      { type: 'O', value: 'Keyhole Fixtures' },
      { type: 'CN', value: 'fixture-device-1' },
    ]);
    expect(cert.issuer.commonName).toBe('Fixture Intermediate CA');
    expect(cert.publicKey).toMatchObject({ kind: 'ec', label: 'EC P-256', bits: 256, curve: 'P-256' });
    expect(cert.signatureAlgorithm).toBe('ecdsa-with-SHA256');
    expect(cert.keyUsage).toEqual(['digitalSignature']);
    expect(cert.extKeyUsage).toEqual(['clientAuth']);
    expect(cert.basicConstraints).toEqual({ ca: false, pathLength: null, critical: true });
    expect(cert.subjectKeyIdentifier).toMatch(/^([0-9A-F]{2}:){19}[0-9A-F]{2}$/);
    expect(cert.authorityKeyIdentifier).toMatch(/^([0-9A-F]{2}:){19}[0-9A-F]{2}$/);
    expect(cert.crlDistributionPoints).toEqual(['http://crl.example/fixtures.crl']);
    expect(cert.fingerprintSha1).toMatch(/^([0-9A-F]{2}:){19}[0-9A-F]{2}$/);
    expect(cert.status).toBe('valid');
    expect(cert.daysLeft).toBeGreaterThan(10_000);
  });

  it('lists all 3,001 SANs and the revoked serials of a CRL with dates and reasons', async () => {
    const [sans, crl] = await inspectInputs(
      [fixture('server-3000-sans.pem'), fixture('root.crl.pem'), fixture('root-ca.pem'), fixture('client-expired.pem')],
      { now: NOW },
    );
    expect(sans?.items[0]?.kind === 'certificate' && sans.items[0].subjectAltNames.length).toBe(3001);
    const item = crl?.items[0];
    if (item?.kind !== 'crl') throw new Error('not a CRL');
    const expired = readFileSync(join(CORPUS, 'client-expired.pem'));
    const serial = execFileSync('openssl', ['x509', '-noout', '-serial'], { input: expired }).toString().trim().replace('serial=', '');
    expect(item.revoked).toEqual([{ serialNumber: serial, revokedAt: expect.any(String), reason: 'keyCompromise' }]);
    expect(item.verifiedBy?.source).toBe('root-ca.pem');
    expect(item.crlNumber).toBe('4096');
  });

  it('suggests the order of a scrambled chain, leaf first', async () => {
    const [result] = await inspectInputs([fixture('chain-scrambled.pem')], { now: NOW });
    expect(result?.chain).toMatchObject({ order: 'unordered', suggestedOrder: [1, 0, 2] });
  });

  it('gives a result for each of many inputs at once, in order', async () => {
    const names = ['random.bin', 'client.pem', 'empty.pem', 'root.crl.der'];
    const results = await inspectInputs(names.map(fixture), { now: NOW });
    expect(results.map((r) => [r.name, r.kind])).toEqual([
      ['random.bin', 'unreadable'],
      ['client.pem', 'certificate'],
      ['empty.pem', 'unreadable'],
      ['root.crl.der', 'crl'],
    ]);
  });
});
