// Import-time recognition of files, on files made by openssl.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES } from '../../../../shared/ipc/contract';
import { decodeImportBytes, inspectMaterial, readImportFile } from '../../../../electron/core/certs/material-file';

let dir = '';
const file = (name: string) => readFile(join(dir, name));
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-material-'));
  openssl(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-subj',
    '/CN=Import Test CA',
    '-days',
    '30',
  );
  openssl(
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    'client.key',
    '-out',
    'client.csr',
    '-subj',
    '/CN=device-1',
  );
  openssl('x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-out', 'client.pem', '-days', '30');
  openssl('pkcs8', '-topk8', '-in', 'client.key', '-out', 'client-enc.key', '-passout', 'pass:secret-pass');
  openssl('pkcs12', '-export', '-in', 'client.pem', '-inkey', 'client.key', '-out', 'client.p12', '-passout', 'pass:p12-secret');
  const chain = Buffer.concat([await file('client.pem'), await file('ca.pem')]);
  await writeFile(join(dir, 'chain.pem'), chain);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('inspectMaterial', () => {
  it('summarises a CA certificate', async () => {
    const ref = inspectMaterial('ca', 'ca.pem', await file('ca.pem'), new Date('2025-01-01T00:00:00Z'), 'id-1');
    expect(ref).toMatchObject({ id: 'id-1', slot: 'ca', kind: 'certificate', fileName: 'ca.pem', importedAt: '2025-01-01T00:00:00.000Z' });
    expect(ref.summary?.commonName).toBe('Import Test CA');
    expect(ref.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(ref.problem).toBeUndefined();
  });

  it('lists every certificate of a chain, leaf first', async () => {
    const ref = inspectMaterial('cert', 'chain.pem', await file('chain.pem'));
    expect(ref.kind).toBe('certificate-chain');
    expect(ref.certificates?.map((c) => c.commonName)).toEqual(['device-1', 'Import Test CA']);
  });

  it('recognises plain and encrypted keys without a passphrase, and never keeps key text', async () => {
    const plain = inspectMaterial('key', 'client.key', await file('client.key'));
    const encrypted = inspectMaterial('key', 'client-enc.key', await file('client-enc.key'));
    expect(plain.kind).toBe('private-key');
    expect(encrypted.kind).toBe('encrypted-private-key');
    // The public half of the key matches the certificate's: the UI can pair them without key bytes.
    const cert = inspectMaterial('cert', 'client.pem', await file('client.pem'));
    expect(plain.publicKeyFingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(plain.publicKeyFingerprint).toBe(cert.publicKeyFingerprint);
    expect(inspectMaterial('cert', 'ca.pem', await file('ca.pem')).publicKeyFingerprint).not.toBe(plain.publicKeyFingerprint);
    expect(JSON.stringify([plain, encrypted])).not.toMatch(/PRIVATE KEY|BEGIN/);
  });

  it('accepts a password-protected PKCS#12 bundle before the password is known', async () => {
    expect(inspectMaterial('pfx', 'client.p12', await file('client.p12'))).toMatchObject({ kind: 'pkcs12' });
  });

  it('opens an encrypted key or bundle with its secret, and names a wrong one', async () => {
    const cert = inspectMaterial('cert', 'client.pem', await file('client.pem'));
    const key = inspectMaterial('key', 'client-enc.key', await file('client-enc.key'), new Date(), 'k', 'secret-pass');
    expect(key).toMatchObject({ kind: 'encrypted-private-key', publicKeyFingerprint: cert.publicKeyFingerprint });
    expect(key.problem).toBeUndefined();
    const wrong = inspectMaterial('key', 'client-enc.key', await file('client-enc.key'), new Date(), 'k', 'nope');
    expect(wrong.problem).toMatch(/passphrase/i);
    expect(wrong.publicKeyFingerprint).toBeUndefined();

    const bundle = inspectMaterial('pfx', 'client.p12', await file('client.p12'), new Date(), 'p', 'p12-secret');
    expect(bundle.summary?.commonName).toBe('device-1');
    expect(bundle.publicKeyFingerprint).toBe(cert.publicKeyFingerprint);
    expect(inspectMaterial('pfx', 'client.p12', await file('client.p12'), new Date(), 'p', 'nope').problem).toMatch(/password/i);
  });

  it('keeps a file that does not fit its slot, saying why', async () => {
    const keyAsCa = inspectMaterial('ca', 'client.key', await file('client.key'));
    expect(keyAsCa.kind).toBe('unknown');
    expect(keyAsCa.problem).toMatch(/private key/);
    expect(inspectMaterial('cert', 'x.pem', Buffer.from('hello')).problem).toBeTruthy();
  });
});

describe('reading imports', () => {
  it('reads a file and refuses directories, missing and oversized files', async () => {
    const ok = await readImportFile(join(dir, 'ca.pem'));
    expect(ok.ok && ok.value.fileName).toBe('ca.pem');
    expect(await readImportFile(dir)).toMatchObject({ ok: false, error: { code: 'file-unreadable' } });
    expect(await readImportFile(join(dir, 'missing.pem'))).toMatchObject({ ok: false, error: { code: 'file-unreadable' } });
    await writeFile(join(dir, 'big.pem'), Buffer.alloc(MAX_FILE_BYTES + 1));
    expect(await readImportFile(join(dir, 'big.pem'))).toMatchObject({ ok: false, error: { code: 'file-too-large' } });
  });

  it('decodes browser bytes, keeping only the last part of the name', () => {
    const d = decodeImportBytes('C:\\Users\\me\\..\\ca.pem', Buffer.from('abc').toString('base64'));
    expect(d.ok && d.value.fileName).toBe('ca.pem');
    expect(d.ok && d.value.bytes.toString()).toBe('abc');
    expect(decodeImportBytes('big', Buffer.alloc(MAX_FILE_BYTES + 1).toString('base64'))).toMatchObject({
      ok: false,
      error: { code: 'file-too-large' },
    });
  });
});
