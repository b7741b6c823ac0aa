// Plain MQTT to a port that speaks TLS is a wrong transport, not a rejection: the probe checks
// the same port with a TLS ClientHello after a plain connection ends before its CONNACK, and
// names `tls-required` with the mqtts:// URL to use. Where the port does not speak TLS, the
// cause stays what it was. Nothing upgrades mqtt:// to TLS behind the user's back.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePki, type TestPki } from '../../support/pki';
import { useBrokers, type Broker } from '../../support/mosquitto';
import { LOOPBACK } from '../../support/ports';
import { SHORT, attempt, material, outcomeOf, recordUnhandled, settings } from '../../support/connect-harness';

recordUnhandled();
const brokers = useBrokers();

let dir: string;
let pki: TestPki;
let oneWay: Broker;
let mtls: Broker;
let mtls12: Broker;
/** Plain MQTT whose packet limit is below any CONNECT we send: it closes after CONNECT without a CONNACK. */
let closesAfterConnect: Broker;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-transport-'));
  pki = await makePki(join(dir, 'pki'));
  const server = { cafile: pki.ca.cert, certfile: pki.server.cert, keyfile: pki.server.key };
  const mtlsTls = { ...server, requireCertificate: true, useIdentityAsUsername: true };
  [oneWay, mtls, mtls12, closesAfterConnect] = await Promise.all([
    brokers.start({ tls: server, allowAnonymous: true }),
    brokers.start({ tls: mtlsTls }),
    brokers.start({ tls: { ...mtlsTls, maxVersion: 'TLSv1.2' } }),
    brokers.start({ allowAnonymous: true, extra: ['max_packet_size 20'] }),
  ]);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const plain = (port: number) => settings(port, { protocol: 'mqtt', timeouts: { ...SHORT } });
const tlsMaterial = () => material({ ca: [pki.ca.cert], cert: pki.clientGood.cert, key: pki.clientGood.key });

describe('mqtt:// to a mosquitto TLS listener', () => {
  it.each([
    ['one-way TLS', () => oneWay, 'TLSv1.3'],
    ['mTLS', () => mtls, 'TLSv1.3'],
    ['mTLS, TLS 1.2 only', () => mtls12, 'TLSv1.2'],
  ] as const)('is tls-required without TLS material (%s)', async (_name, broker, protocol) => {
    const port = broker().port;
    const { report } = await attempt({ settings: plain(port), material: await material({}) });
    expect(outcomeOf(report)).toEqual({ verdict: 'failed', phase: 'connack', cause: 'tls-required' });
    expect(report.evidence.tlsCheck).toMatchObject({ port, speaksTls: true });
    // mosquitto answers the check's ClientHello with its ServerHello; without a client
    // certificate a TLS 1.2 mTLS listener then refuses with handshake_failure, still a TLS answer.
    expect(report.evidence.tlsCheck?.answer).toMatch(protocol === 'TLSv1.3' ? /TLSv1\.3 ServerHello/ : /ServerHello|TLS alert 40/);
    expect(report.explanation).toContain(`Port ${port} on 127.0.0.1 speaks TLS`);
    expect(report.explanation).not.toContain('not used');
    expect(report.hint).toContain(`mqtts://127.0.0.1:${port}`);
    expect(report.tls).toBeNull();
  });

  it('is tls-required with TLS material given, says it went unused, and never upgrades to TLS', async () => {
    const { report } = await attempt({ settings: plain(mtls.port), material: await tlsMaterial() });
    expect(outcomeOf(report)).toEqual({ verdict: 'failed', phase: 'connack', cause: 'tls-required' });
    expect(report.explanation).toContain('The CA and client certificate given were not used: mqtt:// connects without TLS.');
    expect(report.warnings.map((w) => w.code)).toContain('tls-material-unused');
    expect(report.hint).toBe(`Connect with mqtts://127.0.0.1:${mtls.port}: the same host and port, with TLS.`);
    // The plain attempt stayed plain: no handshake of ours, and the broker took no client.
    expect(report.tls).toBeNull();
    expect(report.timeline.map((t) => t.phase)).toEqual(['preflight', 'resolve', 'tcp', 'connack']);
    expect(mtls.log()).not.toContain(`as ${report.mqtt?.clientId}`);
  });

  it('connects once switched to mqtts:// on the same port', async () => {
    const { report } = await attempt({ settings: settings(mtls.port), material: await tlsMaterial() });
    expect(outcomeOf(report)).toEqual({ verdict: 'accepted', phase: 'done', cause: 'ok' });
  });
});

describe('mqtt:// where the transport was right', () => {
  it('keeps closed-before-connack for a plain mosquitto that closes after CONNECT', async () => {
    const { report } = await attempt({ settings: plain(closesAfterConnect.port), material: await material({}) });
    expect(outcomeOf(report)).toEqual({ verdict: 'rejected', phase: 'connack', cause: 'closed-before-connack' });
    expect(report.evidence.tlsCheck).toMatchObject({ port: closesAfterConnect.port, speaksTls: false });
    expect(report.explanation).toContain('does not speak TLS either');
    // The broker's own account: the CONNECT was too large for it.
    expect(closesAfterConnect.log()).toContain('disconnected due to oversize packet');
  });

  it('accepts a plain broker over mqtt:// without any check', async () => {
    const open = await brokers.start({ allowAnonymous: true });
    const { report } = await attempt({ settings: plain(open.port), material: await material({}) });
    expect(outcomeOf(report)).toEqual({ verdict: 'accepted', phase: 'done', cause: 'ok' });
    expect(report.evidence.tlsCheck).toBeUndefined();
  });

  it('bounds the check by the TLS time limit and closes its socket', async () => {
    // Closes the first connection after CONNECT, then reads and never answers: the check's
    // ClientHello goes unanswered.
    const sockets = new Set<Socket>();
    let connections = 0;
    const server: Server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
      if (++connections === 1) socket.once('data', () => socket.destroy());
      else socket.resume();
    });
    await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const { report } = await attempt({ settings: plain(port), material: await material({}) });
      expect(outcomeOf(report)).toEqual({ verdict: 'rejected', phase: 'connack', cause: 'closed-before-connack' });
      expect(report.evidence.tlsCheck).toMatchObject({ speaksTls: false, answer: `no answer within ${SHORT.tls} ms` });
      expect(report.evidence.tlsCheck!.durationMs).toBeGreaterThanOrEqual(SHORT.tls - 50);
      expect(report.evidence.tlsCheck!.durationMs).toBeLessThan(SHORT.tls + 1000);
      expect(connections).toBe(2);
      // Our side of the check is closed; the server sees its end go too.
      await new Promise((r) => setTimeout(r, 100));
      expect(sockets.size).toBe(0);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
