// The web host as a browser meets it: the built host process on a free loopback port, its
// token / Host / Origin gates, and the whole contract over its WebSocket against a real
// mosquitto with mutual TLS: files in, profiles, secrets, connect, subscribe, publish, a
// session taken over, disconnect. Nothing secret may ever come back over the socket.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { defaultSettings } from '../../../shared/connect/settings';
import { events, type ConnectionInfo, type EventName, type EventPayload, type KeyholeApi } from '../../../shared/ipc/contract';
import { createWsKeyhole, webSocketUrl, type WsKeyhole } from '../../../shared/ipc/ws-client';
import type { MaterialRef, MaterialSlot, Profile } from '../../../shared/profile/profile';
import { useBrokers, type Broker } from '../../support/mosquitto';
import { freePort } from '../../support/ports';
import { GOOD_CLIENT_CN, KEY_PASSPHRASE, makePki, type TestPki } from '../../support/pki';

const brokers = useBrokers();
const MQTT_USER = 'device-user';
const MQTT_PASSWORD = `mqtt-password-${randomUUID()}`;
const REPO = resolve(__dirname, '../../..');

let dir = '';
let pki: TestPki;
let broker: Broker;
let hostFile = '';
let host: ChildProcess | null = null;
let hostUrl = '';
let port = 0;
let stdout = '';
let stderr = '';
const clients: WsKeyhole[] = [];

/** Every text frame the host sent to any test client. */
const received: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-web-host-'));
  pki = await makePki(join(dir, 'pki'));
  broker = await brokers.start({
    tls: { cafile: pki.ca.cert, certfile: pki.server.cert, keyfile: pki.server.key, requireCertificate: true },
    users: { [MQTT_USER]: MQTT_PASSWORD },
    // A limit to break on purpose: a larger PUBLISH earns a DISCONNECT 0x95 (MQTT 5.0 §3.2.2.3.6).
    extra: ['max_packet_size 4096'],
  });

  // The host bundle, built like `npm run build` builds it, inside node_modules so that its
  // external imports (ws, mqtt, zod) resolve from this checkout.
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
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Keyhole</title><div id="root"></div>');
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log("app")');

  port = await freePort();
  host = spawn(process.execPath, [hostFile, '--port', String(port), '--data-dir', join(dir, 'data'), '--renderer-dir', rendererDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  host.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  hostUrl = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host printed no URL; stderr: ${stderr}`)), 15_000);
    host!.stdout!.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
      const m = /^Keyhole web host: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/m.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]!);
      }
    });
    host!.once('exit', (code) => reject(new Error(`web host exited (${code}); stderr: ${stderr}`)));
  });
});

afterAll(async () => {
  for (const c of clients) c.close();
  if (host && host.exitCode === null) {
    host.kill('SIGKILL');
  }
  if (hostFile) await rm(resolve(hostFile, '..'), { recursive: true, force: true });
  if (dir) await rm(dir, { recursive: true, force: true });
});

const token = () => new URL(hostUrl).searchParams.get('token')!;
const origin = () => `http://127.0.0.1:${port}`;

interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(path: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return new Promise((resolveAnswer, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (s: string) => (body += s));
      res.on('end', () => resolveAnswer({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Tries a WebSocket upgrade; the HTTP status it was refused with, or 101 when it opened. */
function upgradeStatus(url: string, options: WebSocket.ClientOptions): Promise<number> {
  return new Promise((resolveStatus) => {
    const ws = new WebSocket(url, options);
    ws.on('open', () => {
      ws.close();
      resolveStatus(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      resolveStatus(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', () => resolveStatus(-1));
  });
}

/** A `window.keyhole` over the host's WebSocket, recording every frame it receives. */
function connectClient(): KeyholeApi {
  const client = createWsKeyhole({
    url: webSocketUrl(hostUrl),
    connect: (url) => {
      const ws = new WebSocket(url, { origin: origin() });
      ws.on('message', (data) => received.push(data.toString()));
      return ws;
    },
  });
  clients.push(client);
  return client.api;
}

/** Collects events of one kind and waits for one that matches. */
function collect<E extends EventName>(api: KeyholeApi, event: E) {
  const seen: EventPayload<E>[] = [];
  api.on(event, (p) => {
    expect(() => events[event].parse(p), `${event} payload`).not.toThrow();
    seen.push(p);
  });
  return {
    seen,
    async until(match: (p: EventPayload<E>) => boolean, what: string, withinMs = 10_000): Promise<EventPayload<E>> {
      const deadline = Date.now() + withinMs;
      for (;;) {
        const hit = seen.find(match);
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error(`no ${event} event: ${what}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

function value<T>(result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

async function importFile(api: KeyholeApi, slot: MaterialSlot, path: string): Promise<MaterialRef> {
  const bytes = await readFile(path);
  return value(await api.files.import({ slot, file: { source: 'bytes', fileName: basename(path), base64: bytes.toString('base64') } }));
}

/** Sends raw bytes to the host and returns what it answered (until it closes, or 3 s pass). */
function raw(bytes: string): Promise<string> {
  return new Promise((resolveAnswer) => {
    let answer = '';
    const socket = tcpConnect({ host: '127.0.0.1', port }, () => socket.write(bytes));
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolveAnswer(answer);
    };
    const timer = setTimeout(done, 3000);
    socket.setEncoding('utf8').on('data', (s: string) => {
      answer += s;
      if (/\r\n\r\n/.test(answer)) done();
    });
    socket.on('error', done);
    socket.on('close', done);
  });
}

describe('web host gates', () => {
  it('prints one parseable URL bound to 127.0.0.1 with a long random token', () => {
    expect(hostUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/\\?token=`));
    expect(token().length).toBeGreaterThanOrEqual(32);
  });

  it('serves the renderer only with the token, then by cookie, with a strict CSP', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/?token=wrong')).status).toBe(401);
    const first = await get(`/?token=${token()}`);
    expect(first.status).toBe(200);
    expect(first.body).toContain('<div id="root">');
    expect(first.headers['content-security-policy']).toMatch(/script-src 'self';/);
    expect(first.headers['x-content-type-options']).toBe('nosniff');
    const cookie = String(first.headers['set-cookie']).split(';')[0]!;
    expect(String(first.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    const asset = await get('/assets/app.js', { Cookie: cookie });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect((await get('/assets/app.js', { Cookie: 'keyhole_token_1=x' })).status).toBe(401);
    // Dot segments never reach outside the renderer folder, encoded or not.
    const dotted = await get(`/%2e%2e/%2e%2e/etc/passwd?token=${token()}`);
    expect(dotted.body).not.toMatch(/root:/);
    expect((await get(`/..%2f..%2f..%2fetc%2fpasswd?token=${token()}`)).status).toBe(404);
  });

  it('refuses a foreign Host header even with the token (DNS rebinding)', async () => {
    expect((await get(`/?token=${token()}`, { Host: `attacker.example:${port}` })).status).toBe(421);
    expect((await get(`/?token=${token()}`, { Host: `localhost:${port}` })).status).toBe(200);
  });

  it('refuses HTTP requests that carry a foreign Origin, and serves our own', async () => {
    expect((await get(`/?token=${token()}`, { Origin: 'http://attacker.example' })).status).toBe(403);
    expect((await get(`/?token=${token()}`, { Origin: `http://127.0.0.1:${port + 1}` })).status).toBe(403);
    expect((await get(`/?token=${token()}`, { Origin: origin() })).status).toBe(200);
  });

  it('opens the WebSocket only with token, our Origin and our Host', async () => {
    const ws = `ws://127.0.0.1:${port}/ws`;
    expect(await upgradeStatus(ws, { origin: origin() })).toBe(401);
    expect(await upgradeStatus(`${ws}?token=nope`, { origin: origin() })).toBe(401);
    expect(await upgradeStatus(`${ws}?token=${token()}`, { origin: 'http://attacker.example' })).toBe(403);
    expect(await upgradeStatus(`${ws}?token=${token()}`, {})).toBe(403);
    expect(await upgradeStatus(`${ws}?token=${token()}`, { origin: origin(), headers: { Host: `rebound.example:${port}` } })).toBe(421);
    expect(await upgradeStatus(`${ws}?token=${token()}`, { origin: origin() })).toBe(101);
  });

  it('answers malformed frames with invalid-request values', async () => {
    const api = connectClient();
    const bad = await (api.profiles.get as (r: unknown) => Promise<unknown>)({ id: 42 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-request', issues: [{ path: 'id' }] } });
    expect(value(await api.app.info())).toMatchObject({ host: 'web', capabilities: { nativeFilePicker: false, pathImport: false } });
    expect(await api.files.pick({ slot: 'ca' })).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    expect(await api.files.import({ slot: 'ca', file: { source: 'path', path: '/etc/passwd' } })).toMatchObject({
      ok: false,
      error: { code: 'unsupported' },
    });
  });
  it('answers malformed request targets with a status and keeps serving (HTTP and WebSocket upgrade)', async () => {
    const targets = ['//', '///x', 'http://[', '//[::1', '/\\x', '%', '/ws%', '//ws', 'http://user@:99999/ws', '*'];
    const upgrade = (target: string) =>
      `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${origin()}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
      `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`;
    for (const target of targets) {
      for (const request of [upgrade(target), `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`]) {
        const answer = await raw(request);
        expect(answer, `${JSON.stringify(target)} answered`).toMatch(/^HTTP\/1\.1 (4\d\d) /);
      }
    }
    expect(host!.exitCode, stderr).toBeNull();
    expect((await get(`/?token=${token()}`)).status).toBe(200);
    expect(await upgradeStatus(`ws://127.0.0.1:${port}/ws?token=${token()}`, { origin: origin() })).toBe(101);
  });
});

describe('profiles and connections over the WebSocket, against mosquitto with mTLS', () => {
  let api: KeyholeApi;
  let profile: Profile;

  beforeAll(async () => {
    api = connectClient();
  });

  it('imports files as bytes once and returns only their summaries', async () => {
    const ca = await importFile(api, 'ca', pki.ca.cert);
    const cert = await importFile(api, 'cert', pki.clientGood.cert);
    const key = await importFile(api, 'key', pki.clientGoodFormats.keyPkcs8Encrypted);
    expect(ca).toMatchObject({ slot: 'ca', kind: 'certificate' });
    expect(cert.summary?.commonName).toBe(GOOD_CLIENT_CN);
    expect(key).toMatchObject({ slot: 'key', kind: 'encrypted-private-key' });
    expect(key.summary).toBeUndefined();

    const changed = collect(api, 'profiles:changed');
    profile = value(
      await api.profiles.save({
        name: 'Device 346a',
        groupId: null,
        settings: defaultSettings({
          host: '127.0.0.1',
          port: broker.port,
          clientId: `keyhole-web-${randomUUID().slice(0, 8)}`,
          username: MQTT_USER,
        }),
        material: { ca: [ca], cert, key, pfx: null },
      }),
    );
    expect(profile.material.cert?.fingerprint).toBe(cert.fingerprint);
    await changed.until((p) => p.profiles.some((x) => x.id === profile.id), 'the new profile');
    expect(value(await api.profiles.list()).map((p) => p.id)).toEqual([profile.id]);
  });

  it('fails before the network while the key passphrase is missing', async () => {
    const info = value(await api.connection.connect({ profileId: profile.id }));
    expect(info.state).toMatchObject({ status: 'failed', report: { cause: 'key-passphrase-missing', phase: 'preflight' } });
  });

  it('writes secrets and answers with flags only', async () => {
    const flags = value(await api.secrets.set({ profileId: profile.id, passphrase: KEY_PASSPHRASE, password: MQTT_PASSWORD }));
    expect(flags).toEqual({ hasPassphrase: true, hasPassword: true, hasPfxPassword: false });
    const stored = value(await api.profiles.get({ id: profile.id }));
    expect(stored.secrets).toEqual(flags);
    // With its passphrase the key was opened: its public half is known to match the certificate.
    expect(stored.material.key?.publicKeyFingerprint).toBeTruthy();
    expect(stored.material.key?.publicKeyFingerprint).toBe(stored.material.cert?.publicKeyFingerprint);
  });

  it('connects, reporting phases and states, and keeps the session open', async () => {
    const phases = collect(api, 'connection:phase');
    const states = collect(api, 'connection:state');
    const info = value(await api.connection.connect({ profileId: profile.id }));
    expect(info.state.status).toBe('open');
    if (info.state.status !== 'open') return;
    expect(info.state.report.verdict).toBe('accepted');
    expect(info.state.report.mqtt?.passwordSent).toBe(true);
    expect(phases.seen.filter((p) => p.profileId === profile.id && p.event.state === 'passed').map((p) => p.event.phase)).toEqual(
      expect.arrayContaining(['preflight', 'tcp', 'tls', 'connack']),
    );
    expect(states.seen.map((s) => s.state.status)).toEqual(expect.arrayContaining(['connecting', 'open']));
    expect(await api.connection.connect({ profileId: profile.id })).toMatchObject({ ok: false, error: { code: 'busy' } });
    const reports = value(await api.reports.history({ profileId: profile.id }));
    expect(reports.map((r) => r.cause)).toEqual(['ok', 'key-passphrase-missing']);
  });

  it('subscribes, publishes, and delivers messages in batches', async () => {
    const batches = collect(api, 'messages:batch');
    const sub = value(await api.mqtt.subscribe({ profileId: profile.id, topic: 'devices/#', qos: 1 }));
    expect(sub).toMatchObject({ topic: 'devices/#', granted: true, code: 1 });
    const list = value(await api.connection.list());
    expect(list.find((c) => c.profileId === profile.id)?.subscriptions).toEqual([sub]);

    for (let i = 0; i < 25; i++) {
      value(
        await api.mqtt.publish({
          profileId: profile.id,
          topic: `devices/${i}`,
          payload: `{"n":${i}}`,
          encoding: 'utf8',
          qos: 1,
          retain: false,
        }),
      );
    }
    const binary = value(
      await api.mqtt.publish({
        profileId: profile.id,
        topic: 'devices/bin',
        payload: Buffer.from([0, 255, 1]).toString('base64'),
        encoding: 'base64',
        qos: 0,
        retain: false,
      }),
    );
    expect(binary).toEqual({ code: null, codeName: null });

    await batches.until(
      () => batches.seen.flatMap((b) => b.messages).filter((m) => m.direction === 'in').length >= 26,
      '26 incoming messages',
    );
    const incoming = batches.seen.flatMap((b) => b.messages).filter((m) => m.direction === 'in');
    expect(incoming.slice(0, 25).map((m) => m.payload)).toEqual(Array.from({ length: 25 }, (_, i) => `{"n":${i}}`));
    expect(incoming[25]).toMatchObject({ topic: 'devices/bin', encoding: 'base64', payload: 'AP8B', size: 3 });
    // Batched: far fewer events than messages (26 in + 26 out).
    expect(batches.seen.length).toBeLessThan(26);
    const history = value(await api.messages.history({ profileId: profile.id }));
    expect(history.filter((m) => m.direction === 'out')).toHaveLength(26);
    const seqs = history.map((m) => m.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);

    value(await api.mqtt.unsubscribe({ profileId: profile.id, topic: 'devices/#' }));
    expect(value(await api.connection.list()).find((c) => c.profileId === profile.id)?.subscriptions).toEqual([]);
  });

  it('keeps several sessions at once, and says how the broker ended one', async () => {
    const copy = value(await api.profiles.duplicate({ id: profile.id }));
    expect(copy.secrets).toEqual({ hasPassphrase: true, hasPassword: true, hasPfxPassword: false });
    const states = collect(api, 'connection:state');
    // The copy has the same client id, so the broker hands it the session and drops the
    // original (MQTT 5.0 §3.1.4): mosquitto 2.0.11 just closes the socket, later versions send
    // DISCONNECT 0x8E first. Either way the original is closed, not silently "open".
    expect(value(await api.connection.connect({ profileId: copy.id })).state.status).toBe('open');
    const taken = await states.until((s) => s.profileId === profile.id && s.state.status === 'closed', 'the original closed');
    if (taken.state.status !== 'closed') throw new Error('unreachable');
    if (taken.state.reason.kind === 'server-disconnect') expect(taken.state.reason.code).toBe(0x8e);
    else expect(taken.state.reason).toMatchObject({ kind: 'connection-lost', message: expect.any(String) });

    // With its own client id, the original and the copy stay open side by side.
    const own = value(
      await api.profiles.save({ ...profile, settings: { ...profile.settings, clientId: `keyhole-web-${randomUUID().slice(0, 8)}` } }),
    );
    expect(value(await api.connection.connect({ profileId: own.id })).state.status).toBe('open');
    const open = value(await api.connection.list()).filter((c: ConnectionInfo) => c.state.status === 'open');
    expect(open.map((c) => c.profileId).sort()).toEqual([profile.id, copy.id].sort());

    // A PUBLISH over the broker's maximum packet size: DISCONNECT 0x95, named in the closed
    // state, and the publish waiting for its PUBACK is answered instead of hanging.
    const publish = await api.mqtt.publish({
      profileId: copy.id,
      topic: 'devices/big',
      payload: 'x'.repeat(8000),
      encoding: 'utf8',
      qos: 1,
      retain: false,
    });
    expect(publish).toMatchObject({ ok: false, error: { code: 'not-connected' } });
    const ended = await states.until((s) => s.profileId === copy.id && s.state.status === 'closed', 'the copy closed by the broker');
    expect(ended.state).toMatchObject({ status: 'closed', reason: { kind: 'server-disconnect', code: 0x95, name: 'Packet too large' } });
    expect(value(await api.connection.list()).find((c) => c.profileId === profile.id)?.state.status).toBe('open');

    expect(await api.connection.disconnect({ profileId: copy.id })).toMatchObject({ ok: false, error: { code: 'not-connected' } });
    value(await api.profiles.delete({ id: copy.id }));
  });

  it('disconnects on request', async () => {
    const other = value(
      await api.profiles.save({
        name: 'Short-lived',
        groupId: null,
        settings: { ...profile.settings, clientId: `keyhole-web-${randomUUID().slice(0, 8)}` },
        material: {
          ca: [await importFile(api, 'ca', pki.ca.cert)],
          cert: await importFile(api, 'cert', pki.clientGood.cert),
          key: await importFile(api, 'key', pki.clientGood.key),
          pfx: null,
        },
      }),
    );
    value(await api.secrets.set({ profileId: other.id, password: MQTT_PASSWORD }));
    expect(value(await api.connection.connect({ profileId: other.id })).state.status).toBe('open');
    const done = value(await api.connection.disconnect({ profileId: other.id }));
    expect(done.state).toMatchObject({ status: 'closed', reason: { kind: 'user' } });
    value(await api.profiles.delete({ id: other.id }));
  });

  it('reports a broker rejection of a profile without a client certificate as failed', async () => {
    // Files belong to one profile: a new profile imports its own copy.
    const ca = await importFile(api, 'ca', pki.ca.cert);
    const bare = value(
      await api.profiles.save({
        name: 'No client cert',
        groupId: null,
        settings: { ...profile.settings, clientId: 'keyhole-web-bare' },
        material: { ca: [ca], cert: null, key: null, pfx: null },
      }),
    );
    const info = value(await api.connection.connect({ profileId: bare.id }));
    expect(info.state).toMatchObject({ status: 'failed', report: { verdict: 'rejected', cause: 'client-cert-required' } });
  });

  it('never sent a key byte, the passphrase or the password to the client', async () => {
    const keyFile = await readFile(pki.clientGoodFormats.keyPkcs8Encrypted, 'utf8');
    const keyBody = keyFile.split('\n').filter((l) => l && !l.startsWith('-----'));
    const all = received.join('\n');
    expect(received.length).toBeGreaterThan(20);
    expect(all).not.toContain(KEY_PASSPHRASE);
    expect(all).not.toContain(MQTT_PASSWORD);
    expect(all).not.toContain('PRIVATE KEY');
    for (const line of keyBody) expect(all).not.toContain(line);
    expect(all).not.toContain((await readFile(pki.clientGoodFormats.keyPkcs8Encrypted)).toString('base64').slice(0, 40));
  });

  it('closes every session and exits cleanly on SIGTERM', async () => {
    const states = collect(api, 'connection:state');
    const exited = new Promise<number | null>((r) => host!.once('exit', (code) => r(code)));
    host!.kill('SIGTERM');
    const shutdown = await states.until(
      (s) => s.profileId === profile.id && s.state.status === 'closed',
      `closed at shutdown (stderr: ${stderr}) ${JSON.stringify(states.seen)}`,
      10_000,
    );
    expect(shutdown.state).toMatchObject({ reason: { kind: 'shutdown' } });
    expect(await exited).toBe(0);
    expect(stderr).not.toMatch(/Error|at .*\.mjs/);
    // What the host stored survives it.
    const stored = await readFile(join(dir, 'data', 'profiles.json'), 'utf8');
    expect(stored).toContain(profile.id);
  });
});
