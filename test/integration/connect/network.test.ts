// Endpoints that are not (working) MQTT brokers, an unused port, a name that does not
// resolve, and local material that must stop the attempt before any packet leaves.
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePki, type TestPki } from '../../support/pki';
import { useBrokers, type Broker } from '../../support/mosquitto';
import {
  closesAtOnce,
  garbage,
  silent,
  tlsClosesAfterHandshake,
  tlsGarbage,
  tlsSilent,
  useHostile,
  type HostileServer,
} from '../../support/hostile';
import { connect } from '../../../electron/core/connect/probe';
import { freePort } from '../../support/ports';
import { SHORT, attempt, eventually, material, outcomeOf, recordUnhandled, settings } from '../../support/connect-harness';

recordUnhandled();
const brokers = useBrokers();
const hostile = useHostile();

let dir: string;
let pki: TestPki;
/** Plain MQTT, anonymous allowed: a healthy broker that does not speak TLS. */
let plain: Broker;
let quiet: HostileServer;
let resetting: HostileServer;
let http: HostileServer;
let tlsHttp: HostileServer;
let tlsHangUp: HostileServer;
let tlsQuiet: HostileServer;
/** Nothing listens here (it was free a moment ago, and nothing in this run binds it). */
let unused: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-network-'));
  pki = await makePki(join(dir, 'pki'));
  const server = { cert: await readFile(pki.server.cert), key: await readFile(pki.server.key) };
  [plain, quiet, resetting, http, tlsHttp, tlsHangUp, tlsQuiet, unused] = await Promise.all([
    brokers.start({ allowAnonymous: true }),
    hostile.track(silent()),
    hostile.track(closesAtOnce()),
    hostile.track(garbage()),
    hostile.track(tlsGarbage(server)),
    hostile.track(tlsClosesAfterHandshake(server)),
    hostile.track(tlsSilent(server)),
    freePort(),
  ]);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const trusted = () => material({ ca: [pki.ca.cert] });
const quick = (port: number, overrides: Parameters<typeof settings>[1] = {}) => settings(port, { timeouts: { ...SHORT }, ...overrides });

/** The hostile server's side of the attempt must be closed too: nothing left half-open. */
const serverSideClosed = (s: HostileServer) =>
  eventually(
    () => s.openSockets() === 0,
    () => `${s.openSockets()} server-side socket(s) still open on port ${s.port}`,
  );

describe('before MQTT: name, port, TLS', () => {
  it('names a host that does not resolve', async () => {
    const { report } = await attempt({ settings: quick(1883, { host: 'no-such-host.invalid' }), material: await trusted() });
    expect(outcomeOf(report)).toEqual({ verdict: 'failed', phase: 'resolve', cause: 'dns-not-found' });
    expect(report.evidence.errorCode).toBe('ENOTFOUND');
    expect(report.target.address).toBeNull();
  });

  it('names a port nobody listens on as refused', async () => {
    const { report } = await attempt({ settings: quick(unused), material: await trusted() });
    expect(outcomeOf(report)).toEqual({ verdict: 'failed', phase: 'tcp', cause: 'tcp-refused' });
    expect(report.evidence).toMatchObject({ errorCode: 'ECONNREFUSED', syscall: 'connect' });
  });

  it('names mqtts:// to a plain MQTT broker as TLS not spoken', async () => {
    const { report } = await attempt({ settings: quick(plain.port), material: await trusted() });
    expect(outcomeOf(report)).toEqual({ verdict: 'failed', phase: 'tls', cause: 'tls-not-spoken' });
    expect(report.tls).toBeNull();
  });

  it('names mqtts:// to a port that resets at once as TLS not spoken', async () => {
    const before = resetting.connections();
    const { report } = await attempt({ settings: quick(resetting.port), material: await trusted() });
    expect(outcomeOf(report)).toEqual({ verdict: 'failed', phase: 'tls', cause: 'tls-not-spoken' });
    expect(resetting.connections()).toBe(before + 1);
  });

  it('names mqtts:// to an HTTP server as TLS not spoken', async () => {
    const { report } = await attempt({ settings: quick(http.port), material: await trusted() });
    expect(outcomeOf(report)).toEqual({ verdict: 'failed', phase: 'tls', cause: 'tls-not-spoken' });
    expect(report.evidence.errorCode).toBe('ERR_SSL_WRONG_VERSION_NUMBER');
    await serverSideClosed(http);
  });

  it('names a port that accepts and never answers the handshake as a TLS timeout', async () => {
    const { report } = await attempt({ settings: quick(quiet.port), material: await trusted() });
    expect(outcomeOf(report)).toEqual({ verdict: 'failed', phase: 'tls', cause: 'tls-timeout' });
    expect(report.evidence.timedOutAfterMs).toBeGreaterThanOrEqual(SHORT.tls - 50);
    expect(report.evidence.timedOutAfterMs).toBeLessThan(SHORT.tls + 1000);
    const tls = report.timeline.find((t) => t.phase === 'tls');
    expect(tls?.ok).toBe(false);
    await serverSideClosed(quiet);
  });
});

describe('plain mqtt://: not MQTT, or no CONNACK', () => {
  it('accepts a plain broker over mqtt://', async () => {
    const { report } = await attempt({ settings: quick(plain.port, { protocol: 'mqtt' }), material: await material({}) });
    expect(outcomeOf(report)).toEqual({ verdict: 'accepted', phase: 'done', cause: 'ok' });
    expect(report.tls).toBeNull();
  });

  it('names an HTTP answer on mqtt:// as not MQTT, with the first bytes', async () => {
    const { report } = await attempt({ settings: quick(http.port, { protocol: 'mqtt' }), material: await material({}) });
    expect(outcomeOf(report)).toEqual({ verdict: 'failed', phase: 'connack', cause: 'not-mqtt' });
    // "HTTP/1.1 " — 0x48 is no CONNACK (0x20).
    expect(report.evidence.firstBytesHex?.startsWith('48 54 54 50 2f 31 2e 31')).toBe(true);
  });

  it('names a plain port that resets after accepting as closed before CONNACK (mqtt://)', async () => {
    const { report } = await attempt({ settings: quick(resetting.port, { protocol: 'mqtt' }), material: await material({}) });
    expect(outcomeOf(report)).toEqual({ verdict: 'rejected', phase: 'connack', cause: 'closed-before-connack' });
  });
});

// These servers ask for no client certificate, so client-auth is settled at the end of the
// handshake under both versions (the report says so) and the silence falls in connack. Against
// a broker that asks for one, TLS 1.3 keeps client-auth open until its first bytes
// (client-cert.test.ts and report-truth.test.ts).
describe.each([
  { tls: 'TLSv1.3', tlsMax: undefined, silentPhase: 'connack' },
  { tls: 'TLSv1.2', tlsMax: 'TLSv1.2', silentPhase: 'connack' },
] as const)('after a $tls handshake: not MQTT, or no CONNACK', ({ tls, tlsMax, silentPhase }) => {
  const over = (port: number) => quick(port, { tlsMax });

  it('names a TLS server that answers CONNECT with HTTP as not MQTT', async () => {
    const { report } = await attempt({ settings: over(tlsHttp.port), material: await trusted() });
    expect(outcomeOf(report)).toEqual({ verdict: 'failed', phase: 'connack', cause: 'not-mqtt' });
    expect(report.evidence.firstBytesHex?.startsWith('48 54 54 50')).toBe(true);
    expect(report.tls).toMatchObject({ protocol: tls, authorized: true });
    await serverSideClosed(tlsHttp);
  });

  it('names a TLS server that hangs up after the handshake as closed before CONNACK', async () => {
    const { report } = await attempt({ settings: over(tlsHangUp.port), material: await trusted() });
    expect(outcomeOf(report)).toEqual({ verdict: 'rejected', phase: silentPhase, cause: 'closed-before-connack' });
    expect(report.evidence.connack).toBeUndefined();
    expect(report.evidence.tlsAlert).toBeUndefined();
    // The transport was TLS already: no follow-up check.
    expect(report.evidence.tlsCheck).toBeUndefined();
    expect(report.tls?.clientCertificateRequested).toBe(false);
  });

  it('names a TLS server that never answers CONNECT as a CONNACK timeout', async () => {
    const received = tlsQuiet.bytesReceived();
    const { report } = await attempt({ settings: over(tlsQuiet.port), material: await trusted() });
    expect(outcomeOf(report)).toEqual({ verdict: 'failed', phase: silentPhase, cause: 'connack-timeout' });
    expect(report.evidence.timedOutAfterMs).toBeGreaterThanOrEqual(SHORT.connack - 50);
    expect(report.evidence.timedOutAfterMs).toBeLessThan(SHORT.connack + 1000);
    // The CONNECT did reach it: the silence is the server's, not ours.
    expect(tlsQuiet.bytesReceived()).toBeGreaterThan(received);
    await serverSideClosed(tlsQuiet);
  });

  it('ends an aborted attempt with one report', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const { report } = await attempt(
      { settings: settings(tlsQuiet.port, { tlsMax }), material: await trusted() },
      { signal: controller.signal },
    );
    expect(outcomeOf(report)).toEqual({ verdict: 'failed', phase: silentPhase, cause: 'aborted' });
    expect(report.durationMs).toBeLessThan(2000);
    await serverSideClosed(tlsQuiet);
  });
});

describe('preflight failures never reach the network', () => {
  // Each case points at the silent server, which counts every TCP connection it accepts.
  const cases = [
    {
      name: 'a wrong key passphrase',
      cause: 'key-passphrase-wrong',
      input: () => material({ ca: [pki.ca.cert], cert: pki.clientGood.cert, key: pki.clientGoodFormats.keyPkcs8Encrypted }),
      secrets: { passphrase: 'wrong horse' },
    },
    {
      name: 'a missing key passphrase',
      cause: 'key-passphrase-missing',
      input: () => material({ ca: [pki.ca.cert], cert: pki.clientGood.cert, key: pki.clientGoodFormats.keyLegacyEncrypted }),
      secrets: {},
    },
    {
      name: 'a key that belongs to another certificate',
      cause: 'key-cert-mismatch',
      input: () => material({ ca: [pki.ca.cert], cert: pki.clientGood.cert, key: pki.broken.mismatchedKey }),
      secrets: {},
    },
    {
      name: 'a wrong PKCS#12 password',
      cause: 'pkcs12-password-wrong',
      input: () => material({ ca: [pki.ca.cert], pfx: pki.clientGoodFormats.pfx }),
      secrets: { pfxPassword: 'not-the-password' },
    },
    {
      name: 'a truncated client certificate',
      cause: 'cert-invalid',
      input: () => material({ ca: [pki.ca.cert], cert: pki.broken.truncatedCert, key: pki.clientGood.key }),
      secrets: {},
    },
    {
      name: 'a CA file of random bytes',
      cause: 'ca-invalid',
      input: () => material({ ca: [pki.broken.garbage] }),
      secrets: {},
    },
    {
      name: 'a password without a username',
      cause: 'config-invalid',
      input: () => material({ ca: [pki.ca.cert] }),
      secrets: { password: 'no-user-for-me' },
    },
  ] as const;

  it.each(cases)('stops at $name ($cause) without a connection', async ({ cause, input, secrets }) => {
    const before = quiet.connections();
    const { report, events } = await attempt({ settings: quick(quiet.port), material: await input(), secrets });
    expect(outcomeOf(report)).toEqual({ verdict: 'failed', phase: 'preflight', cause });
    expect(report.timeline.map((t) => t.phase)).toEqual(['preflight']);
    expect(events.map((e) => e.phase)).not.toContain('tcp');
    expect(report.target.address).toBeNull();
    // Give a stray connect time to land before counting.
    await new Promise((r) => setTimeout(r, 100));
    expect(quiet.connections()).toBe(before);
    // Secrets never end up in a report.
    const text = JSON.stringify(report);
    for (const secret of Object.values(secrets)) expect(text).not.toContain(secret);
  });

  it('stops at a file the profile names but does not hold (material-missing), naming it and where it was', async () => {
    const before = quiet.connections();
    const missingFiles = [
      { slot: 'cert' as const, fileName: 'device-001.crt', path: '/old/laptop/device-001.crt', reason: 'no such file' },
    ];
    const input = { settings: quick(quiet.port), material: await material({ ca: [pki.ca.cert] }), secrets: {}, missingFiles };
    const outcome = await connect(input, {});
    const { report } = outcome;
    expect(outcomeOf(report)).toEqual({ verdict: 'failed', phase: 'preflight', cause: 'material-missing' });
    expect(report.explanation).toContain('the client certificate "device-001.crt" (was /old/laptop/device-001.crt); no such file.');
    expect(report.explanation).toContain('Nothing was sent over the network.');
    expect(report.evidence.file).toBe('device-001.crt');
    expect(report.hint).toMatch(/Choose the missing file/);
    await new Promise((r) => setTimeout(r, 100));
    expect(quiet.connections()).toBe(before);
  });
});
