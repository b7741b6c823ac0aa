// No secret leaves the host: the whole API is driven in-process (openAppCore, the same core the
// desktop app and the web host run) with known secret values, and everything a client
// receives (responses, events), everything logged (core logger and console), the store on disk
// and every export are scanned for the values and for the key's PEM body.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultSettings } from '../../../../shared/connect/settings';
import type { EventEnvelope } from '../../../../shared/ipc/contract';
import type { MaterialRef } from '../../../../shared/profile/profile';
import { KeyholeExport } from '../../../../shared/profile/transfer';
import { openAppCore, type AppCore } from '../../../../electron/core/host/app-core';
import { decryptWithPassphrase } from '../../../../electron/core/transfer/passphrase-crypto';
import { CA_PEM, CERT_PEM, ENCRYPTED_KEY_PEM, KEY_PASSPHRASE, KEY_PEM, pemBodyLines } from '../../../support/fixture-material';

const PASSWORD = 'scan-mqtt-password-7f3a';
const PFX_PASSWORD = 'scan-pfx-password-91c2';
const EXPORT_PASSPHRASE = 'scan export passphrase 55e1';

let dir = '';
let core: AppCore;
let pfx: Buffer;
const received: string[] = [];
const logged: string[] = [];
const exportsWithout: string[] = [];
const exportsWith: string[] = [];

/** Slices of a base64 text long enough to be unmistakable. */
const base64Slices = (bytes: Buffer) => {
  const b64 = bytes.toString('base64');
  return [b64.slice(0, 48), b64.slice(Math.floor(b64.length / 2), Math.floor(b64.length / 2) + 48), b64.slice(-48)];
};

function needles(): { label: string; value: string }[] {
  return [
    { label: 'key passphrase', value: KEY_PASSPHRASE },
    { label: 'MQTT password', value: PASSWORD },
    { label: 'PKCS#12 password', value: PFX_PASSWORD },
    { label: 'export passphrase', value: EXPORT_PASSPHRASE },
    ...pemBodyLines(ENCRYPTED_KEY_PEM).map((value) => ({ label: 'encrypted key PEM body', value })),
    ...pemBodyLines(KEY_PEM).map((value) => ({ label: 'decrypted key PEM body', value })),
    ...base64Slices(ENCRYPTED_KEY_PEM).map((value) => ({ label: 'key file as base64', value })),
    ...base64Slices(pfx).map((value) => ({ label: 'PKCS#12 bundle as base64', value })),
  ];
}

function leaks(where: string, texts: string[]): string[] {
  const all = texts.join('\n');
  return needles()
    .filter((n) => all.includes(n.value))
    .map((n) => `${n.label} found in ${where}`);
}

async function call(channel: string, payload: unknown) {
  const result = await core.api.dispatch(channel, payload);
  received.push(JSON.stringify(result));
  return result;
}

async function value<T>(channel: string, payload: unknown): Promise<T> {
  const r = await call(channel, payload);
  if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-scan-'));
  await writeFile(join(dir, 'key.pem'), KEY_PEM, { mode: 0o600 });
  await writeFile(join(dir, 'cert.pem'), CERT_PEM);
  pfx = execFileSync('openssl', [
    'pkcs12',
    '-export',
    '-inkey',
    join(dir, 'key.pem'),
    '-in',
    join(dir, 'cert.pem'),
    '-passout',
    `pass:${PFX_PASSWORD}`,
  ]);
  for (const method of ['log', 'error', 'warn', 'info', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation(
      (...args: unknown[]) => void logged.push(args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 10 }))).join(' ')),
    );
  }
  core = await openAppCore({
    dataDir: join(dir, 'data'),
    host: 'web',
    version: 'scan',
    send: (e: EventEnvelope) => void received.push(JSON.stringify(e)),
    allowPathImport: false,
    logError: (message, error) => void logged.push(`${message} ${inspect(error, { depth: 10 })}`),
  });
});

afterAll(async () => {
  await core?.close();
  vi.restoreAllMocks();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('secrets never leave the host', () => {
  it('through a full session: import, save, secrets, attempts, history, status, exports, import', async () => {
    const file = (slot: string, fileName: string, bytes: Buffer) =>
      value<MaterialRef>('files:import', { slot, file: { source: 'bytes', fileName, base64: bytes.toString('base64') } });
    const ca = await file('ca', 'ca.pem', CA_PEM);
    const cert = await file('cert', 'client.pem', CERT_PEM);
    const key = await file('key', 'client.key', ENCRYPTED_KEY_PEM);
    const bundle = await file('pfx', 'client.p12', pfx);
    // Nothing listens on port 1: every attempt runs the whole preflight (unlocking the key), then fails at TCP.
    const settings = defaultSettings({
      host: '127.0.0.1',
      port: 1,
      clientId: 'scan',
      username: 'scan-user',
      timeouts: { resolve: 2000, tcp: 2000, tls: 2000, connack: 2000, access: 2000 },
    });
    const p1 = await value<{ id: string }>('profiles:save', {
      name: 'Key profile',
      groupId: null,
      settings,
      material: { ca: [ca], cert, key, pfx: null },
    });
    const ca2 = await file('ca', 'ca.pem', CA_PEM);
    const p2 = await value<{ id: string }>('profiles:save', {
      name: 'Bundle profile',
      groupId: null,
      settings,
      material: { ca: [ca2], cert: null, key: null, pfx: bundle },
    });
    await value('secrets:set', { profileId: p1.id, passphrase: KEY_PASSPHRASE, password: PASSWORD });
    await value('secrets:set', { profileId: p2.id, pfxPassword: PFX_PASSWORD, password: PASSWORD });
    await value('profiles:list', {});
    await value('profiles:get', { id: p1.id });

    const r1 = await value<{ state: { status: string; report?: { cause: string } } }>('connection:connect', { profileId: p1.id });
    expect(r1.state.report?.cause).toBe('tcp-refused');
    const r2 = await value<{ state: { report?: { cause: string } } }>('connection:connect', { profileId: p2.id });
    expect(r2.state.report?.cause).toBe('tcp-refused');
    // One-off secrets, wrong and right, as the retry dialog sends them.
    await value('connection:connect', { profileId: p1.id, secrets: { passphrase: `${KEY_PASSPHRASE}-wrong`, password: PASSWORD } });
    await value('reports:history', { profileId: p1.id });
    await value('reports:history', { profileId: p2.id });
    await value('store:status', {});
    await value('settings:get', {});
    await value('app:info', {});
    // Malformed requests that carry secrets are refused without echoing them.
    await call('secrets:set', { profileId: p1.id, passphrase: 12, password: PASSWORD, extra: KEY_PASSPHRASE });
    await call('no:such', { password: PASSWORD });

    const plain = await value<{ json: string }>('transfer:export', { withSecrets: false });
    exportsWithout.push(plain.json);
    const sealed = await value<{ json: string }>('transfer:export', { withSecrets: true, passphrase: EXPORT_PASSPHRASE });
    exportsWith.push(sealed.json);
    const preview = await value<{ token: string }>('transfer:preview', { text: sealed.json, passphrase: EXPORT_PASSPHRASE });
    await value('transfer:apply', { token: preview.token });
    await value('profiles:list', {});
    await core.close();

    expect(received.length).toBeGreaterThan(20);
    expect(leaks('responses and events', received)).toEqual([]);
    expect(leaks('logs', logged)).toEqual([]);
    expect(leaks('exports without secrets', exportsWithout)).toEqual([]);
    expect(leaks('exports with secrets', exportsWith)).toEqual([]);
  });

  it('not in the store files on disk either', async () => {
    const data = join(dir, 'data');
    const names = (await readdir(data)).filter((n) => n !== 'secret.key');
    expect(names).toContain('profiles.json');
    const texts = await Promise.all(names.map((n) => readFile(join(data, n), 'latin1')));
    expect(leaks('the data folder', texts)).toEqual([]);
  });

  it('while the sealed export does carry them, for whoever has the passphrase', async () => {
    const doc = KeyholeExport.parse(JSON.parse(exportsWith[0]!));
    const opened = await decryptWithPassphrase(doc.encryptedSecrets!, EXPORT_PASSPHRASE);
    if (!opened.ok) throw new Error('the export did not open');
    const text = opened.plaintext.toString();
    expect(text).toContain(PASSWORD);
    expect(text).toContain(KEY_PASSPHRASE);
    expect(text).toContain(PFX_PASSWORD);
    expect(text).toContain(ENCRYPTED_KEY_PEM.toString('base64'));
    expect(text).toContain(pfx.toString('base64'));
    // And the scan would have seen a leak: the needles are in the decrypted text.
    expect(leaks('the decrypted export', [text]).length).toBeGreaterThan(5);
  });
});
