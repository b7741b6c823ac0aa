// The causes that need neither a misconfigured mosquitto nor a network we do not have: local
// material that is not what it claims, an ALPN the server refuses, and a session that goes
// silent after CONNACK.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePki, type TestPki } from '../../support/pki';
import {
  backlogFull,
  silent,
  tlsConnackRefusal,
  tlsConnackThenSilent,
  tlsServerWithAlpn,
  tlsSilent,
  useHostile,
  type HostileServer,
} from '../../support/hostile';
import { SHORT, attempt, material, outcomeOf, recordUnhandled, settings } from '../../support/connect-harness';

recordUnhandled();
const hostile = useHostile();

let dir: string;
let pki: TestPki;
let quiet: HostileServer;
let alpnServer: HostileServer;
let hangsAfterConnack: HostileServer;
let blackHole: HostileServer;
let serverIdentity: { cert: Buffer; key: Buffer };
let notAPfx: string;
let notAKey: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-edge-'));
  pki = await makePki(join(dir, 'pki'));
  const server = { cert: await readFile(pki.server.cert), key: await readFile(pki.server.key) };
  serverIdentity = server;
  [quiet, alpnServer, hangsAfterConnack, blackHole] = await Promise.all([
    hostile.track(silent()),
    hostile.track(tlsServerWithAlpn({ ...server, alpn: ['mqtt'] })),
    hostile.track(tlsConnackThenSilent(server)),
    hostile.track(backlogFull()),
  ]);
  notAPfx = join(dir, 'device.p12');
  await writeFile(notAPfx, 'this is not a PKCS#12 bundle\n');
  notAKey = join(dir, 'device.key');
  // A certificate where the key should be: a common mix-up.
  await writeFile(notAKey, await readFile(pki.clientGood.cert));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const quick = (port: number, overrides: Parameters<typeof settings>[1] = {}) => settings(port, { timeouts: { ...SHORT }, ...overrides });

describe('local material that is not what it claims', () => {
  it('names a file that is no PKCS#12 bundle (pkcs12-invalid), before any connection', async () => {
    const before = quiet.connections();
    const { report } = await attempt({
      settings: quick(quiet.port),
      material: await material({ ca: [pki.ca.cert], pfx: notAPfx }),
      secrets: { pfxPassword: 'x' },
    });
    expect(outcomeOf(report)).toEqual({ verdict: 'failed', phase: 'preflight', cause: 'pkcs12-invalid' });
    expect(report.evidence.file).toBe('device.p12');
    expect(quiet.connections()).toBe(before);
  });

  it('names a certificate given as the key (key-invalid)', async () => {
    const { report } = await attempt({
      settings: quick(quiet.port),
      material: await material({ ca: [pki.ca.cert], cert: pki.clientGood.cert, key: notAKey }),
    });
    expect(outcomeOf(report)).toEqual({ verdict: 'failed', phase: 'preflight', cause: 'key-invalid' });
    expect(report.evidence.file).toBe('device.key');
  });

  it('names a PKCS#12 cipher nothing here can read (pkcs12-unsupported-encryption)', async () => {
    const rc4 = pki.clientGoodFormats.pfxRc4;
    expect(rc4, pki.clientGoodFormats.pfxLegacyUnavailable ?? 'the test PKI could not write an RC4 bundle').not.toBeNull();
    const { report } = await attempt({
      settings: quick(quiet.port),
      material: await material({ ca: [pki.ca.cert], pfx: rc4! }),
      secrets: { pfxPassword: pki.pfxPassword },
    });
    expect(outcomeOf(report)).toEqual({ verdict: 'failed', phase: 'preflight', cause: 'pkcs12-unsupported-encryption' });
  });
});

describe('refusals mosquitto never sends', () => {
  const refusals = [
    { cause: 'connack-bad-credentials', v311: 4, v5: 0x86, name5: 'Bad User Name or Password' },
    { cause: 'connack-protocol-unsupported', v311: 1, v5: 0x84, name5: 'Unsupported Protocol Version' },
    { cause: 'connack-server-unavailable', v311: 3, v5: 0x88, name5: 'Server unavailable' },
  ] as const;
  it.each(refusals)('names CONNACK $v311 / $v5 as $cause under MQTT 3.1.1 and 5', async ({ cause, v311, v5, name5 }) => {
    const server = await hostile.track(tlsConnackRefusal(serverIdentity, { v311, v5, reasonString: 'refused by test' }));
    const old = await attempt({ settings: quick(server.port, { mqttVersion: '3.1.1' }), material: await material({ ca: [pki.ca.cert] }) });
    expect(outcomeOf(old.report)).toEqual({ verdict: 'rejected', phase: 'connack', cause });
    expect(old.report.evidence.connack).toMatchObject({ version: '3.1.1', code: v311 });
    const now = await attempt({ settings: quick(server.port, { mqttVersion: '5' }), material: await material({ ca: [pki.ca.cert] }) });
    expect(outcomeOf(now.report)).toEqual({ verdict: 'rejected', phase: 'connack', cause });
    expect(now.report.evidence.connack).toMatchObject({ version: '5', code: v5, name: name5, reasonString: 'refused by test' });
  });
});

describe('a handshake with nothing in common', () => {
  it('names a handshake_failure alert, with our certificate offered, as a failed handshake', async () => {
    // TLS 1.2 only, and a cipher list that fits no cipher of the server key: no shared cipher.
    const ciphers = pki.server.keyType.startsWith('EC') ? 'ECDHE-RSA-AES128-GCM-SHA256' : 'ECDHE-ECDSA-AES128-GCM-SHA256';
    const server = await hostile.track(tlsSilent({ ...serverIdentity, maxVersion: 'TLSv1.2', ciphers }));
    const { report } = await attempt({
      settings: quick(server.port, { tlsMax: 'TLSv1.2' }),
      material: await material({ ca: [pki.ca.cert], cert: pki.clientGood.cert, key: pki.clientGood.key }),
    });
    expect(outcomeOf(report)).toEqual({ verdict: 'failed', phase: 'tls', cause: 'tls-handshake-failed' });
    expect(report.evidence.tlsAlert).toMatchObject({ number: 40, name: 'handshake_failure' });
  });
});

describe('a port that swallows the connection', () => {
  it('names a connect that is never answered as a TCP timeout', async () => {
    const { report } = await attempt({
      settings: quick(blackHole.port, { timeouts: { ...SHORT, tcp: 1000 } }),
      material: await material({ ca: [pki.ca.cert] }),
    });
    expect(outcomeOf(report)).toEqual({ verdict: 'failed', phase: 'tcp', cause: 'tcp-timeout' });
    expect(report.evidence.timedOutAfterMs).toBeGreaterThanOrEqual(1000);
  });
});

describe('TLS extensions and a broker that stops answering', () => {
  it('names an ALPN protocol the server refuses (alert 120)', async () => {
    const { report } = await attempt({
      settings: quick(alpnServer.port, { alpn: ['x-not-mqtt'] }),
      material: await material({ ca: [pki.ca.cert] }),
    });
    expect(outcomeOf(report)).toEqual({ verdict: 'failed', phase: 'tls', cause: 'tls-alpn-rejected' });
    expect(report.evidence.tlsAlert).toMatchObject({ number: 120, name: 'no_application_protocol' });
  });

  it('reports the negotiated ALPN protocol when the server takes it', async () => {
    const { report } = await attempt({
      settings: quick(alpnServer.port, { alpn: ['mqtt'] }),
      material: await material({ ca: [pki.ca.cert] }),
    });
    // The server speaks no MQTT after the handshake; what matters here is the TLS record.
    expect(report.tls?.alpn).toBe('mqtt');
    expect(report.timeline.find((t) => t.phase === 'tls')?.ok).toBe(true);
  });

  it.each(['3.1.1', '5'] as const)('names a session that goes silent after CONNACK as an access timeout (MQTT %s)', async (mqttVersion) => {
    const { report } = await attempt({
      settings: quick(hangsAfterConnack.port, { mqttVersion, accessCheckTopic: 'keyhole/edge' }),
      material: await material({ ca: [pki.ca.cert] }),
    });
    expect(outcomeOf(report)).toEqual({ verdict: 'failed', phase: 'access', cause: 'access-timeout' });
    expect(report.mqtt?.connackCode).toBe(0);
    expect(report.access?.subscribe).toBeNull();
  });
});
