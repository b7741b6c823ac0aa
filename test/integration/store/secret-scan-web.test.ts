// No secret leaves the web host: the built host process is driven over its WebSocket (as the
// browser drives it) with known secrets, against a real mosquitto with mTLS and a password
// file. Every frame the client receives, everything the host prints, the data folder and both
// kinds of export are scanned for the secret values and the key's PEM body.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { defaultSettings } from '../../../shared/connect/settings';
import type { KeyholeApi } from '../../../shared/ipc/contract';
import { createWsKeyhole, webSocketUrl, type WsKeyhole } from '../../../shared/ipc/ws-client';
import type { MaterialRef, MaterialSlot } from '../../../shared/profile/profile';
import { useBrokers, type Broker } from '../../support/mosquitto';
import { KEY_PASSPHRASE, makePki, PFX_PASSWORD, type TestPki } from '../../support/pki';
import { brokerOptions, MQTT_PASSWORD, MQTT_USER, value } from '../../support/store/device';

const REPO = resolve(__dirname, '../../..');
const EXPORT_PASSPHRASE = 'web scan export passphrase';
const brokers = useBrokers();
let dir = '';
let hostFile = '';
let host: ChildProcess | null = null;
let hostUrl = '';
let output = '';
let pki: TestPki;
let broker: Broker;
let client: WsKeyhole | null = null;
const frames: string[] = [];
const exportsWithout: string[] = [];
const exportsWith: string[] = [];

function pemBody(text: string): string[] {
  return text.split('\n').filter((l) => l.length >= 40 && !l.startsWith('-----'));
}

async function needles(): Promise<{ label: string; value: string }[]> {
  const slices = (b64: string) => [b64.slice(0, 48), b64.slice(b64.length / 2, b64.length / 2 + 48), b64.slice(-48)];
  const encryptedKey = await readFile(pki.clientGoodFormats.keyPkcs8Encrypted);
  const pfx = await readFile(pki.clientGoodFormats.pfx);
  return [
    { label: 'key passphrase', value: KEY_PASSPHRASE },
    { label: 'PKCS#12 password', value: PFX_PASSWORD },
    { label: 'MQTT password', value: MQTT_PASSWORD },
    { label: 'export passphrase', value: EXPORT_PASSPHRASE },
    ...pemBody(encryptedKey.toString()).map((v) => ({ label: 'encrypted key PEM body', value: v })),
    ...pemBody(await readFile(pki.clientGood.key, 'utf8')).map((v) => ({ label: 'decrypted key PEM body', value: v })),
    ...slices(encryptedKey.toString('base64')).map((v) => ({ label: 'key file as base64', value: v })),
    ...slices(pfx.toString('base64')).map((v) => ({ label: 'PKCS#12 bundle as base64', value: v })),
  ];
}

async function leaks(where: string, texts: string[]): Promise<string[]> {
  const all = texts.join('\n');
  return (await needles()).filter((n) => all.includes(n.value)).map((n) => `${n.label} found in ${where}`);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-web-scan-'));
  pki = await makePki(join(dir, 'pki'));
  broker = await brokers.start(brokerOptions(pki));
  hostFile = join(REPO, 'node_modules', '.cache', 'keyhole-test', randomUUID(), 'host.mjs');
  await build({
    entryPoints: [join(REPO, 'electron/web/main.ts')],
    outfile: hostFile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  const rendererDir = join(dir, 'renderer');
  await mkdir(rendererDir, { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Keyhole</title>');
  host = spawn(process.execPath, [hostFile, '--port', '0', '--data-dir', join(dir, 'data'), '--renderer-dir', rendererDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  host.stderr!.setEncoding('utf8').on('data', (s: string) => (output += s));
  hostUrl = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`no URL; output: ${output}`)), 15_000);
    host!.stdout!.setEncoding('utf8').on('data', (s: string) => {
      output += s;
      const m = /Keyhole web host: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        done(m[1]!);
      }
    });
    host!.once('exit', (code) => fail(new Error(`host exited (${code}): ${output}`)));
  });
  const port = new URL(hostUrl).port;
  client = createWsKeyhole({
    url: webSocketUrl(hostUrl),
    connect: (url) => {
      const ws = new WebSocket(url, { origin: `http://127.0.0.1:${port}` });
      ws.on('message', (data) => frames.push(data.toString()));
      return ws;
    },
  });
});

afterAll(async () => {
  client?.close();
  if (host && host.exitCode === null) host.kill('SIGKILL');
  if (hostFile) await rm(resolve(hostFile, '..'), { recursive: true, force: true });
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function importFile(api: KeyholeApi, slot: MaterialSlot, path: string): Promise<MaterialRef> {
  const bytes = await readFile(path);
  return value(await api.files.import({ slot, file: { source: 'bytes', fileName: basename(path), base64: bytes.toString('base64') } }));
}

describe('the web host over its WebSocket', () => {
  it('sends no secret in any frame, prints none, stores none in clear, exports none in clear', async () => {
    const api = client!.api;
    const settings = defaultSettings({ host: '127.0.0.1', port: broker.port, clientId: 'web-scan', username: MQTT_USER });
    const withKey = value(
      await api.profiles.save({
        name: 'Key',
        groupId: null,
        settings,
        material: {
          ca: [await importFile(api, 'ca', pki.ca.cert)],
          cert: await importFile(api, 'cert', pki.clientGood.cert),
          key: await importFile(api, 'key', pki.clientGoodFormats.keyPkcs8Encrypted),
          pfx: null,
        },
      }),
    );
    const withBundle = value(
      await api.profiles.save({
        name: 'Bundle',
        groupId: null,
        settings: { ...settings, clientId: 'web-scan-2' },
        material: {
          ca: [await importFile(api, 'ca', pki.ca.cert)],
          cert: null,
          key: null,
          pfx: await importFile(api, 'pfx', pki.clientGoodFormats.pfx),
        },
      }),
    );
    value(await api.secrets.set({ profileId: withKey.id, passphrase: KEY_PASSPHRASE, password: MQTT_PASSWORD }));
    value(await api.secrets.set({ profileId: withBundle.id, pfxPassword: PFX_PASSWORD, password: MQTT_PASSWORD }));

    for (const p of [withKey, withBundle]) {
      const open = value(await api.connection.connect({ profileId: p.id }));
      expect(open.state.status, JSON.stringify(open.state)).toBe('open');
      value(await api.connection.disconnect({ profileId: p.id }));
    }
    const wrong = value(await api.connection.connect({ profileId: withKey.id, secrets: { passphrase: `${KEY_PASSPHRASE} (wrong)` } }));
    expect(wrong.state.status === 'failed' && wrong.state.report.cause).toBe('key-passphrase-wrong');
    value(await api.reports.history({ profileId: withKey.id }));
    value(await api.store.status());
    value(await api.settings.save({ ui: { theme: 'dark' } }));
    value(await api.profiles.list());

    const plain = value(await api.transfer.export({ withSecrets: false }));
    exportsWithout.push(plain.json);
    const sealed = value(await api.transfer.export({ withSecrets: true, passphrase: EXPORT_PASSPHRASE }));
    exportsWith.push(sealed.json);
    const preview = value(await api.transfer.preview({ text: sealed.json, passphrase: EXPORT_PASSPHRASE }));
    value(await api.transfer.apply({ token: preview.token }));

    // The web host reads no path named inside an import file.
    const mqttx = value(
      await api.transfer.preview({
        text: JSON.stringify([
          {
            name: 'X',
            clientId: 'x',
            host: '127.0.0.1',
            port: broker.port,
            protocol: 'mqtts',
            ssl: true,
            certType: 'self',
            ca: pki.ca.cert,
            key: pki.clientGood.key,
          },
        ]),
      }),
    );
    expect(mqttx.items[0]!.files.map((f) => f.status)).toEqual(['unreadable', 'unreadable']);

    host!.kill('SIGTERM');
    await new Promise((r) => host!.once('exit', r));

    expect(frames.length).toBeGreaterThan(30);
    expect(await leaks('WebSocket frames', frames)).toEqual([]);
    expect(await leaks('host output', [output])).toEqual([]);
    expect(await leaks('exports without secrets', exportsWithout)).toEqual([]);
    expect(await leaks('exports with secrets', exportsWith)).toEqual([]);
    const data = join(dir, 'data');
    const files = (await readdir(data)).filter((n) => n !== 'secret.key');
    expect(files).toEqual(['profiles.json', 'reports.jsonl']);
    expect(await leaks('the data folder', await Promise.all(files.map((n) => readFile(join(data, n), 'latin1'))))).toEqual([]);
    expect(output).toMatch(/profiles in .*profiles\.json, secrets sealed with .*secret\.key/);
  });
});
