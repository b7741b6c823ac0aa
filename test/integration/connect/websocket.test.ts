// MQTT over WebSocket against mosquitto's websockets listener (libwebsockets in Debian's build):
// wss:// with client certificates gets the same causes as mqtts:// (the TLS handshake and the
// broker's verdict on our certificate come before the upgrade), ws:// works in plain, and the
// upgrade itself is its own phase with causes of its own, shown by HTTP servers that answer as
// proxies and web servers do.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Protocol } from '../../../shared/connect/transport';
import type { TlsVersion } from '../../../shared/connect/settings';
import { makePki, type PkiCert, type TestPki } from '../../support/pki';
import { useBrokers, type Broker } from '../../support/mosquitto';
import { useWebServers } from '../../support/web-servers';
import { SHORT, attempt, eventually, material, outcomeOf, recordUnhandled, settings, socketHandles } from '../../support/connect-harness';

recordUnhandled();
const brokers = useBrokers();
const web = useWebServers();

let dir: string;
let pki: TestPki;
/** mqtts:// and wss:// listeners, both require_certificate + use_identity_as_username. */
let mtls: Broker;
let mtlsWs: Broker;
/** The same, at most TLS 1.2. */
let mtls12: Broker;
let mtlsWs12: Broker;
/** ws:// without TLS, anonymous. */
let plainWs: Broker;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-websocket-'));
  pki = await makePki(join(dir, 'pki'));
  const base = {
    cafile: pki.ca.cert,
    certfile: pki.server.cert,
    keyfile: pki.server.key,
    requireCertificate: true,
    useIdentityAsUsername: true,
  };
  [mtls, mtlsWs, mtls12, mtlsWs12, plainWs] = await Promise.all([
    brokers.start({ tls: base }),
    brokers.start({ tls: base, websockets: true }),
    brokers.start({ tls: { ...base, maxVersion: 'TLSv1.2' } }),
    brokers.start({ tls: { ...base, maxVersion: 'TLSv1.2' }, websockets: true }),
    brokers.start({ websockets: true, allowAnonymous: true }),
  ]);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const identity = (client: PkiCert | null) => material({ ca: [pki.ca.cert], ...(client ? { cert: client.cert, key: client.key } : {}) });

describe('wss:// with a client certificate, as mqtts://', () => {
  it('accepts the good device over wss:// with the upgrade as its own phase', async () => {
    const { report } = await attempt({ settings: settings(mtlsWs.port, { protocol: 'wss' }), material: await identity(pki.clientGood) });
    expect(outcomeOf(report)).toEqual({ verdict: 'accepted', phase: 'done', cause: 'ok' });
    expect(report.target).toMatchObject({ url: `wss://127.0.0.1:${mtlsWs.port}/mqtt`, protocol: 'wss', path: '/mqtt' });
    expect(report.timeline.map((t) => [t.phase, t.ok])).toEqual([
      ['preflight', true],
      ['resolve', true],
      ['tcp', true],
      ['tls', true],
      ['client-auth', true],
      ['websocket', true],
      ['connack', true],
    ]);
    const upgrade = report.timeline.find((t) => t.phase === 'websocket')!;
    expect(upgrade.detail).toBe('HTTP 101 Switching Protocols, subprotocol mqtt');
    expect(report.tls?.clientCertificate?.commonName).toBe(pki.clientGood.commonName);
    expect(report.explanation).toContain(`Connected over TLSv1.3 (MQTT over WebSocket, wss://127.0.0.1:${mtlsWs.port}/mqtt)`);
    // mosquitto took the certificate's CN as the username of a WebSocket client.
    await eventually(
      () => mtlsWs.log().includes(`u'${pki.clientGood.commonName}'`),
      () => `mosquitto did not log the CN as the username:\n${mtlsWs.log()}`,
    );
  });

  it.each(['3.1.1', '5'] as const)('accepts MQTT %s and checks access over wss://', async (mqttVersion) => {
    const { report } = await attempt({
      settings: settings(mtlsWs.port, { protocol: 'wss', mqttVersion, accessCheckTopic: 'devices/ws/check', path: '/any/path' }),
      material: await identity(pki.clientGood),
    });
    expect(outcomeOf(report)).toEqual({ verdict: 'accepted', phase: 'done', cause: 'ok' });
    expect(report.access).toMatchObject({ echo: true });
    expect(report.target.url).toBe(`wss://127.0.0.1:${mtlsWs.port}/any/path`);
  });

  const cases: [string, () => PkiCert | null, string, { number: number; name: string } | null][] = [
    ['no client certificate', () => null, 'client-cert-required', null],
    [
      'a certificate from a CA the broker does not trust',
      () => pki.clientForeign,
      'client-cert-unknown-ca',
      { number: 48, name: 'unknown_ca' },
    ],
    ['an expired certificate', () => pki.clientExpired, 'client-cert-expired', { number: 45, name: 'certificate_expired' }],
    ['a certificate without clientAuth', () => pki.clientNoEku, 'client-cert-rejected', { number: 43, name: 'unsupported_certificate' }],
  ];
  describe.each([
    { tls: 'TLSv1.3' as TlsVersion, phase: 'client-auth', brokers: () => [mtls, mtlsWs] as const },
    { tls: 'TLSv1.2' as TlsVersion, phase: 'tls', brokers: () => [mtls12, mtlsWs12] as const },
  ])('under $tls', ({ tls, phase, brokers: pair }) => {
    it.each(cases)('refuses %s with the same cause over mqtts:// and wss://', async (_name, client, cause, alert) => {
      const [tcp, ws] = pair();
      const outcomes = [];
      for (const [protocol, port] of [
        ['mqtts', tcp.port],
        ['wss', ws.port],
      ] as [Protocol, number][]) {
        const { report } = await attempt({ settings: settings(port, { protocol }), material: await identity(client()) });
        expect(report.tls?.protocol).toBe(tls);
        if (alert) expect(report.evidence.tlsAlert).toEqual({ ...alert, direction: 'received' });
        // Refused before the upgrade: under wss:// no WebSocket phase was reached.
        expect(report.timeline.some((t) => t.phase === 'websocket')).toBe(false);
        outcomes.push(outcomeOf(report));
      }
      expect(outcomes[0]).toEqual({ verdict: 'rejected', phase, cause });
      expect(outcomes[1]).toEqual(outcomes[0]);
    });
  });

  it('keeps a live session over wss:// that carries messages, and closes its sockets', async () => {
    const before = socketHandles();
    const { report, session } = await attempt(
      { settings: settings(mtlsWs.port, { protocol: 'wss' }), material: await identity(pki.clientGood) },
      { keepOpen: true },
    );
    expect(outcomeOf(report)).toEqual({ verdict: 'accepted', phase: 'done', cause: 'ok' });
    if (session === null) throw new Error('keepOpen gave no session');
    const echo = new Promise<string>((resolve) => session.client.once('message', (_t, payload) => resolve(payload.toString())));
    await session.client.subscribeAsync('devices/ws/kept', { qos: 1 });
    await session.client.publishAsync('devices/ws/kept', 'over a websocket', { qos: 1 });
    expect(await echo).toBe('over a websocket');
    await session.close();
    await eventually(
      () => socketHandles() <= before,
      () => `sockets left open: ${socketHandles()} now, ${before} before`,
    );
  });
});

describe('ws:// without TLS', () => {
  it('connects to a plain WebSocket listener', async () => {
    const { report } = await attempt({ settings: settings(plainWs.port, { protocol: 'ws' }), material: await material({}) });
    expect(outcomeOf(report)).toEqual({ verdict: 'accepted', phase: 'done', cause: 'ok' });
    expect(report.timeline.map((t) => t.phase)).toEqual(['preflight', 'resolve', 'tcp', 'websocket', 'connack']);
    expect(report.explanation).toContain('Connected over plain WebSocket (no TLS)');
    expect(report.tls).toBeNull();
  });

  it('says a plain MQTT port does not speak WebSocket', async () => {
    const { report } = await attempt({
      settings: settings(plainWs.mqttPort!, { protocol: 'ws', timeouts: { ...SHORT } }),
      material: await material({}),
    });
    expect(outcomeOf(report)).toEqual({ verdict: 'failed', phase: 'websocket', cause: 'websocket-not-spoken' });
    expect(report.evidence.websocket).toMatchObject({ status: null, subprotocolOffered: 'mqtt' });
    expect(report.explanation).toContain('without answering the WebSocket upgrade');
    // The follow-up check found no TLS there either.
    expect(report.evidence.tlsCheck).toMatchObject({ speaksTls: false });
  });

  it('is tls-required with the wss:// URL when the port speaks TLS', async () => {
    const { report } = await attempt({
      settings: settings(mtlsWs.port, { protocol: 'ws', path: '/mqtt', timeouts: { ...SHORT } }),
      material: await material({}),
    });
    expect(outcomeOf(report)).toEqual({ verdict: 'failed', phase: 'websocket', cause: 'tls-required' });
    expect(report.evidence.tlsCheck).toMatchObject({ speaksTls: true });
    expect(report.hint).toContain(`wss://127.0.0.1:${mtlsWs.port}/mqtt`);
    expect(report.explanation).toContain('the plain WebSocket upgrade request');
  });
});

describe('the upgrade refused, as servers in front of brokers refuse it', () => {
  const tlsServer = async () => ({
    cert: await readFile(pki.server.cert),
    key: await readFile(pki.server.key),
    ca: await readFile(pki.ca.cert),
  });
  const wssTo = (port: number, extra = {}) => settings(port, { protocol: 'wss', path: '/mqtt', timeouts: { ...SHORT }, ...extra });

  it.each([
    [404, 'Not Found', {}, 'websocket-not-found', 'failed', 'nothing serves WebSocket on the path "/mqtt"'],
    [
      401,
      'Unauthorized',
      { 'WWW-Authenticate': 'Basic realm="mqtt"' },
      'websocket-unauthorized',
      'rejected',
      'asking for Basic realm="mqtt"',
    ],
    [403, 'Forbidden', {}, 'websocket-forbidden', 'rejected', 'it had our client certificate "346a004d-1dab-4016-bb38-03cca7094415"'],
    [502, 'Bad Gateway', {}, 'websocket-refused', 'failed', 'HTTP 502 (Bad Gateway) instead of 101'],
    [200, 'OK', {}, 'websocket-not-spoken', 'failed', 'as a web server that does not speak WebSocket would'],
  ] as const)('names HTTP %i', async (status, reason, headers, cause, verdict, words) => {
    const server = await web.start({ tls: await tlsServer(), answer: { kind: 'status', status, reason, headers } });
    const { report } = await attempt({ settings: wssTo(server.port), material: await identity(pki.clientGood) });
    expect(outcomeOf(report)).toEqual({ verdict, phase: 'websocket', cause });
    expect(report.evidence.websocket).toMatchObject({ status, statusText: reason, subprotocolOffered: 'mqtt' });
    expect(report.explanation).toContain(words);
    // The request was a WebSocket upgrade for the path, offering the mqtt subprotocol.
    const [request] = server.requests();
    expect(request).toMatchObject({ method: 'GET', url: '/mqtt' });
    expect(request!.headers).toMatchObject({ upgrade: 'websocket', 'sec-websocket-protocol': 'mqtt' });
  });

  it('names a 101 with a Sec-WebSocket-Accept not derived from our key', async () => {
    const server = await web.start({ tls: await tlsServer(), answer: { kind: 'bad-accept' } });
    const { report } = await attempt({ settings: wssTo(server.port), material: await identity(null) });
    expect(outcomeOf(report)).toEqual({ verdict: 'failed', phase: 'websocket', cause: 'websocket-not-spoken' });
    expect(report.evidence.websocket).toMatchObject({ status: 101, acceptValid: false });
    expect(report.explanation).toContain('not derived from our key');
  });

  it('names a WebSocket server that does not choose the mqtt subprotocol', async () => {
    const server = await web.start({ tls: await tlsServer(), answer: { kind: 'ws-without-subprotocol' } });
    const { report } = await attempt({ settings: wssTo(server.port), material: await identity(null) });
    expect(outcomeOf(report)).toEqual({ verdict: 'failed', phase: 'websocket', cause: 'websocket-subprotocol-refused' });
    expect(report.evidence.websocket).toMatchObject({ status: 101, acceptValid: true, subprotocolAnswered: null });
    expect(report.explanation).toContain('without choosing a subprotocol instead of "mqtt"');
  });

  it('times the upgrade out on its own', async () => {
    const server = await web.start({ tls: await tlsServer(), answer: { kind: 'silent' } });
    const { report } = await attempt({ settings: wssTo(server.port), material: await identity(null) });
    expect(outcomeOf(report)).toEqual({ verdict: 'failed', phase: 'websocket', cause: 'websocket-timeout' });
    expect(report.evidence.timedOutAfterMs).toBeGreaterThanOrEqual(SHORT.connack - 50);
    expect(report.explanation).toContain('did not answer the WebSocket upgrade within');
  });

  it('names a plain HTTP server met with ws:// by its status too', async () => {
    const server = await web.start({ answer: { kind: 'status', status: 404, reason: 'Not Found' } });
    const { report } = await attempt({ settings: settings(server.port, { protocol: 'ws', path: '/ws' }), material: await material({}) });
    expect(outcomeOf(report)).toEqual({ verdict: 'failed', phase: 'websocket', cause: 'websocket-not-found' });
    expect(server.requests()[0]?.url).toBe('/ws');
  });
});
