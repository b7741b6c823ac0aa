// What a report claims on good connections, against real mosquitto: it says what it did not
// check (access), it does not claim our certificate passed when nobody asked for it, and each
// phase keeps its own time (client-auth until the broker's first bytes, CONNACK from CONNECT
// sent to CONNACK read).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectReport, Phase } from '../../../shared/connect/report';
import { BLOCKED_CLIENT_CN, GOOD_CLIENT_CN, makePki, type TestPki } from '../../support/pki';
import { useBrokers, type Broker } from '../../support/mosquitto';
import { attempt, material, outcomeOf, recordUnhandled, settings } from '../../support/connect-harness';

recordUnhandled();
const brokers = useBrokers();

let dir: string;
let pki: TestPki;
/** mTLS, the CN is the username, and an ACL that gives the blocked CN no rights at all. */
let acl: Broker;
/** One-way TLS: the broker asks for no client certificate. */
let oneWay: Broker;

const TOPIC = 'devices/check';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-truth-'));
  pki = await makePki(join(dir, 'pki'));
  const server = { cafile: pki.ca.cert, certfile: pki.server.cert, keyfile: pki.server.key };
  [acl, oneWay] = await Promise.all([
    brokers.start({
      tls: { ...server, requireCertificate: true, useIdentityAsUsername: true },
      acl: `user ${GOOD_CLIENT_CN}\ntopic readwrite devices/#\n`,
    }),
    brokers.start({ tls: server, allowAnonymous: true }),
  ]);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const device = (cert: { cert: string; key: string }) => material({ ca: [pki.ca.cert], cert: cert.cert, key: cert.key });
const entry = (r: ConnectReport, phase: Phase) => {
  const found = r.timeline.find((t) => t.phase === phase);
  if (!found) throw new Error(`no ${phase} entry in ${r.timeline.map((t) => t.phase).join(', ')}`);
  return found;
};

describe('what an accepted report did not check', () => {
  it('says "access not checked" for a disallowed CN the broker lets in, and the access check then rejects it', async () => {
    const { report } = await attempt({ settings: settings(acl.port), material: await device(pki.clientBlocked) });
    expect(outcomeOf(report)).toEqual({ verdict: 'accepted', phase: 'done', cause: 'ok' });
    expect(report.notes.map((n) => n.code)).toContain('access-not-checked');
    expect(report.warnings).toEqual([]);
    expect(report.hint).toContain('Access was not checked');
    expect(report.timeline.some((t) => t.phase === 'access')).toBe(false);

    const checked = await attempt({ settings: settings(acl.port, { accessCheckTopic: TOPIC }), material: await device(pki.clientBlocked) });
    // MQTT 5: mosquitto's acl_file answers the denied QoS 1 PUBLISH with PUBACK 0x87.
    expect(outcomeOf(checked.report)).toEqual({ verdict: 'rejected', phase: 'access', cause: 'access-publish-denied' });
    expect(checked.report.notes.map((n) => n.code)).not.toContain('access-not-checked');
    expect(checked.report.tls?.clientCertificate?.commonName).toBe(BLOCKED_CLIENT_CN);
  });

  it('does not add the note once access was checked and granted', async () => {
    const { report } = await attempt({ settings: settings(acl.port, { accessCheckTopic: TOPIC }), material: await device(pki.clientGood) });
    expect(outcomeOf(report)).toEqual({ verdict: 'accepted', phase: 'done', cause: 'ok' });
    expect(report.notes).toEqual([]);
    expect(report.access?.echo).toBe(true);
  });

  it('leaves no access-check listener on a session kept open', async () => {
    const { report, session } = await attempt(
      { settings: settings(acl.port, { accessCheckTopic: TOPIC }), material: await device(pki.clientGood) },
      { keepOpen: true },
    );
    expect(report.cause).toBe('ok');
    if (!session) throw new Error('no session');
    try {
      // mqtt.js's own 'message' listeners are none: every one would be the probe's.
      expect(session.client.listenerCount('message')).toBe(0);
      const before = session.client.listenerCount('packetreceive');
      await session.client.publishAsync(TOPIC, 'after the check', { qos: 1 });
      expect(session.client.listenerCount('packetreceive')).toBe(before);
    } finally {
      await session.close();
    }
  });
});

describe.each([
  { tls: 'TLSv1.3', tlsMax: undefined },
  { tls: 'TLSv1.2', tlsMax: 'TLSv1.2' },
] as const)('a one-way TLS listener ($tls)', ({ tls, tlsMax }) => {
  it('does not claim our certificate passed when the broker asked for none', async () => {
    const { report } = await attempt({ settings: settings(oneWay.port, { tlsMax }), material: await device(pki.clientGood) });
    expect(outcomeOf(report)).toEqual({ verdict: 'accepted', phase: 'done', cause: 'ok' });
    expect(report.tls).toMatchObject({ protocol: tls, clientCertificateRequested: false, clientCertificate: null });
    const clientAuth = entry(report, 'client-auth');
    expect(clientAuth.detail).toBe('the broker asked for no client certificate, so ours was not sent');
    expect(clientAuth.detail).not.toMatch(/passed|took|checked/);
    expect(report.notes.find((n) => n.code === 'client-cert-not-requested')?.message).toContain(`"${GOOD_CLIENT_CN}" was not sent`);
    expect(report.explanation).toContain('it asked for no client certificate');
    expect(report.warnings).toEqual([]);
  });

  it('says so without a certificate of ours, too', async () => {
    const { report } = await attempt({ settings: settings(oneWay.port, { tlsMax }), material: await material({ ca: [pki.ca.cert] }) });
    expect(report.cause).toBe('ok');
    expect(entry(report, 'client-auth').detail).toBe('the broker asked for no client certificate');
    expect(report.notes.map((n) => n.code)).not.toContain('client-cert-not-requested');
  });
});

describe('each phase keeps its own time', () => {
  it('TLS 1.3: client-auth ends with the broker first bytes; CONNACK runs from CONNECT sent to CONNACK read', async () => {
    const { report, events } = await attempt({ settings: settings(acl.port), material: await device(pki.clientGood) });
    expect(report.cause).toBe('ok');
    expect(report.tls?.protocol).toBe('TLSv1.3');
    const tls = entry(report, 'tls');
    const clientAuth = entry(report, 'client-auth');
    const connack = entry(report, 'connack');
    expect(clientAuth.detail).toContain(`the broker took "${GOOD_CLIENT_CN}"`);
    expect(['session-ticket', 'data']).toContain(clientAuth.data?.endedBy);
    expect(clientAuth.startMs).toBeGreaterThanOrEqual(tls.endMs);
    // CONNECT went out right after the handshake, before the broker's first bytes came back:
    // the CONNACK phase starts there, so it carries the broker's answer time instead of the
    // few microseconds of parsing it used to show.
    expect(connack.startMs).toBeLessThan(clientAuth.endMs);
    expect(connack.endMs).toBeGreaterThanOrEqual(clientAuth.endMs);
    expect(connack.endMs - connack.startMs).toBeGreaterThan(clientAuth.endMs - connack.startMs);
    // Live events say the same.
    const connackStarted = events.find((e) => e.phase === 'connack' && e.state === 'started');
    expect(connackStarted?.atMs).toBe(connack.startMs);
  });

  it('TLS 1.2: client-auth is settled with the handshake; CONNACK runs from CONNECT sent', async () => {
    const { report } = await attempt({ settings: settings(acl.port, { tlsMax: 'TLSv1.2' }), material: await device(pki.clientGood) });
    expect(report.cause).toBe('ok');
    const tls = entry(report, 'tls');
    const clientAuth = entry(report, 'client-auth');
    const connack = entry(report, 'connack');
    expect(clientAuth.detail).toBe(`TLSv1.2: the broker checked "${GOOD_CLIENT_CN}" within the handshake`);
    expect(clientAuth.endMs - clientAuth.startMs).toBeLessThan(tls.endMs - tls.startMs);
    expect(connack.startMs).toBeGreaterThanOrEqual(clientAuth.endMs);
  });
});
