// Files that set their own unlocking cost: a bundle or key asking for 2^31-1 iterations is
// refused from its DER before any derivation runs; random bytes never throw out of the readers.
import { Buffer } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync, X509Certificate, type KeyObject } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KDF_COST_CODE, MAX_KDF_ITERATIONS, kdfCostProblem, kdfUses } from '../../../../electron/core/certs/kdf-cost';
import { loadPkcs12 } from '../../../../electron/core/certs/pkcs12';
import { writePkcs12 } from '../../../../electron/core/certs/pkcs12-write';
import { parsePrivateKey } from '../../../../electron/core/certs/private-key';
import { unlockMaterial } from '../../../../electron/core/certs/unlock';

const HUGE = 2 ** 31 - 1;
let key: KeyObject;
let bundle: Buffer;
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-kdf-'));
  const args = ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'k.pem', '-out', 'c.pem'];
  execFileSync('openssl', [...args, '-subj', '/CN=kdf-device', '-days', '30'], { cwd: dir, stdio: 'pipe' });
  key = createPrivateKey(await readFile(join(dir, 'k.pem')));
  bundle = writePkcs12({ key, chain: [new X509Certificate(await readFile(join(dir, 'c.pem')))], password: 'pw' });
});

afterAll(() => rm(dir, { recursive: true, force: true }));

function sequence(node: asn1js.AsnType): asn1js.Sequence {
  return node as asn1js.Sequence;
}

/** The bundle with its MAC iteration count replaced. */
function withMacIterations(der: Buffer, iterations: number): Buffer {
  const pfx = sequence(asn1js.fromBER(der).result);
  const macData = sequence(pfx.valueBlock.value[2]!);
  macData.valueBlock.value[2] = new asn1js.Integer({ value: iterations });
  return Buffer.from(pfx.toBER());
}

/** An encrypted PKCS#8 key (PBES2 + PBKDF2) whose iteration count is replaced. */
function keyWithIterations(iterations: number): Buffer {
  const der = key.export({ type: 'pkcs8', format: 'der', cipher: 'aes-256-cbc', passphrase: 'pw' });
  const info = sequence(asn1js.fromBER(der).result);
  const pbes2 = sequence(sequence(info.valueBlock.value[0]!).valueBlock.value[1]!);
  const kdf = sequence(sequence(pbes2.valueBlock.value[0]!).valueBlock.value[1]!);
  kdf.valueBlock.value[1] = new asn1js.Integer({ value: iterations });
  return Buffer.from(info.toBER());
}

describe('key-derivation cost caps', () => {
  it('reads the MAC and every bag derivation of a bundle', () => {
    const uses = kdfUses(bundle);
    expect(uses.find((u) => u.what === 'mac')?.cost).toBe(2048);
    expect(uses.filter((u) => u.what === 'pbkdf2').map((u) => u.cost)).toEqual([2048]);
    expect(kdfCostProblem(uses)).toBeNull();
  });

  it('refuses a bundle with 2^31-1 MAC iterations before deriving anything', () => {
    const costly = withMacIterations(bundle, HUGE);
    const loaded = loadPkcs12({ name: 'costly.p12', bytes: costly }, 'pw');
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.error.cause).toBe('pkcs12-invalid');
    expect(loaded.error.errorCode).toBe(KDF_COST_CODE);
    expect(loaded.error.message).toContain('2,147,483,647 iterations');
    expect(loaded.error.message).toContain(MAX_KDF_ITERATIONS.toLocaleString('en-US'));
  });

  it('lets a bundle under the cap through to OpenSSL (a changed MAC count then fails its integrity check)', () => {
    const loaded = loadPkcs12({ name: 'changed.p12', bytes: withMacIterations(bundle, 4096) }, 'pw');
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.error.cause).toBe('pkcs12-password-wrong');
  });

  it('refuses an encrypted key with 2^31-1 PBKDF2 iterations, DER and PEM', () => {
    const der = keyWithIterations(HUGE);
    const pem = `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${der.toString('base64')}\n-----END ENCRYPTED PRIVATE KEY-----\n`;
    for (const bytes of [der, Buffer.from(pem)]) {
      const parsed = parsePrivateKey({ name: 'costly.key', bytes }, 'pw');
      expect(parsed.ok).toBe(false);
      if (parsed.ok) continue;
      expect(parsed.error.cause).toBe('key-invalid');
      expect(parsed.error.errorCode).toBe(KDF_COST_CODE);
      expect(parsed.error.message).toMatch(/PBKDF2 asks for 2,147,483,647 iterations/);
    }
  });

  it('still opens an encrypted key of ordinary cost, and lets one under the cap through to OpenSSL', () => {
    expect(parsePrivateKey({ name: 'ok.key', bytes: keyWithIterations(2048) }, 'pw').ok).toBe(true);
    // Another count derives another key: OpenSSL, not the cap, refuses it.
    const changed = parsePrivateKey({ name: 'changed.key', bytes: keyWithIterations(10_000) }, 'pw');
    expect(changed.ok).toBe(false);
    if (!changed.ok) expect(changed.error.errorCode).not.toBe(KDF_COST_CODE);
  });

  it('refuses a sum of derivations above the total cap', () => {
    const uses = Array.from({ length: 4 }, () => ({ what: 'pbkdf2' as const, cost: MAX_KDF_ITERATIONS }));
    expect(kdfCostProblem(uses)).toMatch(/4,000,000 iterations in all/);
  });
});

describe('unlocking off the event loop', () => {
  it('hands the preflight a costly key decrypted on a worker, and names a wrong passphrase', async () => {
    const args = ['pkcs8', '-topk8', '-v2', 'aes-256-cbc', '-iter', '100000', '-in', 'k.pem', '-out', 'slow.pem', '-passout', 'pass:pw'];
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    const keyFile = { name: 'slow.pem', bytes: await readFile(join(dir, 'slow.pem')) };
    const cert = { name: 'c.pem', bytes: await readFile(join(dir, 'c.pem')) };
    const opened = await unlockMaterial({ ca: [], cert, key: keyFile }, { passphrase: 'pw' }, 30_000);
    expect(opened.kind).toBe('ready');
    if (opened.kind === 'ready') expect(opened.material.unlockedKey?.equals(key)).toBe(true);
    const wrong = await unlockMaterial({ ca: [], cert, key: keyFile }, { passphrase: 'nope' }, 30_000);
    expect(wrong.kind === 'failed' && wrong.failure.cause).toBe('key-passphrase-wrong');
    const controller = new AbortController();
    const aborted = unlockMaterial({ ca: [], cert, key: keyFile }, { passphrase: 'pw' }, 30_000, controller.signal);
    controller.abort();
    expect((await aborted).kind).toBe('aborted');
  });
});

describe('readers fed random bytes', () => {
  it('kdfUses never throws', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        expect(Array.isArray(kdfUses(bytes))).toBe(true);
      }),
      { numRuns: 10_000 },
    );
  });

  it('kdfUses never throws on a bundle with bytes flipped', () => {
    fc.assert(
      fc.property(fc.nat({ max: bundle.length - 1 }), fc.integer({ min: 0, max: 255 }), (at, value) => {
        const copy = Buffer.from(bundle);
        copy[at] = value;
        expect(Array.isArray(kdfUses(copy))).toBe(true);
      }),
      { numRuns: 10_000 },
    );
  });

  it('parsePrivateKey and loadPkcs12 always answer with a Result', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const seed = privateKey.export({ type: 'pkcs8', format: 'der' });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.constant(new Uint8Array(seed))), fc.string(), (bytes, pass) => {
        const k = parsePrivateKey({ name: 'x', bytes }, pass);
        const p = loadPkcs12({ name: 'x', bytes }, pass);
        expect(typeof k.ok).toBe('boolean');
        expect(typeof p.ok).toBe('boolean');
      }),
      { numRuns: 1_000 },
    );
  });
});
