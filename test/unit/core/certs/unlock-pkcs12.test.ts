// Costly PKCS#12 bundles, made per run by openssl from the test PKI, opened on the unlocking
// thread and taken apart there: the key and certificates must be exactly those of the PEM files
// the bundle was made from, and the preflight must then build the same identity and trust from
// PEM as Node's pfx mode builds from the bundle.
import { X509Certificate, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileBytes, IdentityMaterial, IdentitySecrets, PreparedTls } from '../../../../electron/core/certs/material';
import { kdfTotal, kdfUses } from '../../../../electron/core/certs/kdf-cost';
import { preflight } from '../../../../electron/core/certs/preflight';
import { INLINE_KDF_COST, unlockMaterial } from '../../../../electron/core/certs/unlock';
import { unlockOffThread, type WalkedPkcs12 } from '../../../../electron/core/certs/unlock-worker';
import { exportClientPkcs12, makePki, type TestPki } from '../../../support/pki';

const PASSWORD = 'costly-p12-pass';

let dir: string;
let pki: TestPki;
let NOW: Date;
/** Bundles by name: client-good's certificate and key, with the test CA inside. */
const bundles: Record<string, string> = {};

/** client-good + the CA as `<name>.p12`, with the given encryption options. */
const exportBundle = (name: string, options: string[], password = PASSWORD): string =>
  exportClientPkcs12(pki, join(dir, `${name}.p12`), password, options);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'keyhole-unlock-p12-'));
  pki = await makePki(join(dir, 'pki'));
  NOW = new Date(Date.now() + 1000);
  // OpenSSL 3's default: PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) for key and certificates, SHA-256 MAC.
  bundles.modern = exportBundle('modern', ['-iter', '300000']);
  // The PKCS#12 PBE of RFC 7292 Appendix C with 3DES for both parts and a SHA-1 MAC, as older tools write.
  bundles.legacy3des = exportBundle('legacy-3des', [
    '-iter',
    '100000',
    '-keypbe',
    'PBE-SHA1-3DES',
    '-certpbe',
    'PBE-SHA1-3DES',
    '-macalg',
    'sha1',
  ]);
  bundles.emptyPassword = exportBundle('empty-password', ['-iter', '30000'], '');
  // Camellia is not among the ciphers the worker takes apart (OpenSSL opens it all the same).
  bundles.camellia = exportBundle('camellia', ['-iter', '30000', '-certpbe', 'CAMELLIA-256-CBC']);
  // `-legacy`: RC2-40 certificates, which OpenSSL 3 refuses without its legacy provider.
  bundles.rc2 = exportBundle('rc2', ['-iter', '300000', '-legacy']);
  // The same bundle at ordinary cost, loaded by Node's pfx mode on the calling thread.
  bundles.cheap = exportBundle('cheap', ['-iter', '2048']);
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const file = (path: string): FileBytes => ({ name: basename(path), bytes: new Uint8Array(readFileSync(path)) });
const spki = (key: KeyObject) => createPublicKey(key).export({ type: 'spki', format: 'der' }).toString('hex');
const der = (pemPath: string) => Buffer.from(new X509Certificate(readFileSync(pemPath)).raw).toString('hex');

async function walk(path: string, password: string | undefined): Promise<WalkedPkcs12> {
  const outcome = await unlockOffThread({ kind: 'pfx', pfx: readFileSync(path), passphrase: password }, 60_000);
  if (outcome.kind !== 'done' || !outcome.pfx) throw new Error(`not taken apart: ${JSON.stringify(outcome)}`);
  return outcome.pfx;
}

async function unlockAndPreflight(material: IdentityMaterial, secrets: IdentitySecrets) {
  const unlocked = await unlockMaterial(material, secrets, 60_000);
  if (unlocked.kind !== 'ready') throw new Error(`expected ready, got ${JSON.stringify(unlocked)}`);
  return { material: unlocked.material, result: preflight(unlocked.material, secrets, NOW) };
}

/** What the report makes of a prepared identity, less the file names. */
const parts = (p: PreparedTls) => ({
  chain: p.clientChain.map((c) => c.fingerprint256),
  cas: p.caCertificates.map((c) => c.fingerprint256),
  findings: p.findings.map((f) => f.code),
  identity: p.identity && {
    issuerName: p.identity.issuerName,
    chainsToLoadedCa: p.identity.chainsToLoadedCa,
    unsentIssuer: p.identity.unsentIssuer,
    clientAuthProblem: p.identity.clientAuthProblem,
    validity: p.identity.validity,
  },
});

function accepted(result: ReturnType<typeof preflight>): PreparedTls {
  if (!result.ok) throw new Error(`expected success, got ${result.error.cause}: ${result.error.message}`);
  return result.value;
}

describe('a costly bundle taken apart on the unlocking thread', () => {
  it('is costly enough to go to the worker', () => {
    for (const name of ['modern', 'legacy3des', 'emptyPassword', 'camellia', 'rc2']) {
      expect(kdfTotal(kdfUses(readFileSync(bundles[name]!))), name).toBeGreaterThan(INLINE_KDF_COST);
    }
    expect(kdfTotal(kdfUses(readFileSync(bundles.cheap!)))).toBeLessThanOrEqual(INLINE_KDF_COST);
  });

  it.each([
    ['modern', 'PBES2 / AES-256-CBC'],
    ['legacy3des', 'PKCS#12 PBE / 3DES'],
  ])(
    'gives the key and certificates of the PEM files (%s: %s)',
    async (name) => {
      const walked = await walk(bundles[name]!, PASSWORD);
      expect(walked.key).not.toBeNull();
      expect(spki(walked.key!)).toBe(spki(createPrivateKey(readFileSync(pki.clientGood.key))));
      expect(walked.key!.type).toBe('private');
      expect(walked.certs.map((c) => Buffer.from(c).toString('hex'))).toEqual([der(pki.clientGood.cert), der(pki.ca.cert)]);
    },
    60_000,
  );

  it('reads a bundle without a password', async () => {
    const walked = await walk(bundles.emptyPassword!, undefined);
    expect(spki(walked.key!)).toBe(spki(createPrivateKey(readFileSync(pki.clientGood.key))));
    expect(walked.certs).toHaveLength(2);
  }, 60_000);

  it('leaves a bundle it cannot take apart to the preflight, which loads it as before', async () => {
    const outcome = await unlockOffThread({ kind: 'pfx', pfx: readFileSync(bundles.camellia!), passphrase: PASSWORD }, 60_000);
    expect(outcome).toMatchObject({ kind: 'done', pfx: null, problem: expect.stringMatching(/unknown PBES2 cipher/) });
    const { material, result } = await unlockAndPreflight({ ca: [], pfx: file(bundles.camellia!) }, { pfxPassword: PASSWORD });
    expect(material.openedPfx).toBeUndefined();
    expect(accepted(result).pfx).toBeInstanceOf(Buffer);
  }, 60_000);

  it('hands the preflight PEM with the same identity, findings and trust as pfx mode', async () => {
    const cheap = accepted(preflight({ ca: [], pfx: file(bundles.cheap!) }, { pfxPassword: PASSWORD }, NOW));
    for (const name of ['modern', 'legacy3des']) {
      const { material, result } = await unlockAndPreflight({ ca: [], pfx: file(bundles[name]!) }, { pfxPassword: PASSWORD });
      expect(material.openedPfx?.kind, name).toBe('decoded');
      const prepared = accepted(result);
      expect(prepared.pfx, name).toBeUndefined();
      const pemOf = (path: string) => new X509Certificate(readFileSync(path)).toString();
      expect(prepared.cert, name).toBe(pemOf(pki.clientGood.cert) + pemOf(pki.ca.cert));
      expect(spki(createPrivateKey(prepared.key!)), name).toBe(spki(createPrivateKey(readFileSync(pki.clientGood.key))));
      expect(prepared.secureContext, name).toBeDefined();
      expect(parts(prepared), name).toEqual(parts(cheap));
      expect(prepared.caCertificates.map((c) => c.source)).toEqual([`${basename(bundles[name]!)} (bundled CA)`]);
      expect(prepared.findings.map((f) => f.code)).toContain('pkcs12-bundled-ca');
    }
  }, 60_000);

  it('still says pkcs12-password-wrong for a wrong password', async () => {
    for (const name of ['modern', 'legacy3des']) {
      const unlocked = await unlockMaterial({ ca: [], pfx: file(bundles[name]!) }, { pfxPassword: 'not-the-password' }, 60_000);
      expect(unlocked.kind === 'failed' ? [unlocked.failure.cause, unlocked.failure.file] : unlocked.kind, name).toEqual([
        'pkcs12-password-wrong',
        basename(bundles[name]!),
      ]);
    }
  }, 60_000);

  it('says pkcs12-unsupported-encryption for a costly RC2 bundle without opening it again', async () => {
    const { material, result } = await unlockAndPreflight({ ca: [], pfx: file(bundles.rc2!) }, { pfxPassword: PASSWORD });
    expect(material.openedPfx).toEqual({ kind: 'unsupported', code: 'ERR_CRYPTO_UNSUPPORTED_OPERATION' });
    expect(result.ok ? 'ok' : [result.error.cause, result.error.errorCode]).toEqual([
      'pkcs12-unsupported-encryption',
      'ERR_CRYPTO_UNSUPPORTED_OPERATION',
    ]);
  }, 60_000);
});
