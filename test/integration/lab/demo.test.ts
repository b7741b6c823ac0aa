// The lab broker against the real probe: every demo identity gets its expected verdict and cause,
// under TLS 1.2 and TLS 1.3 (client-certificate rejections inside the handshake under 1.2, after
// it under 1.3), and the lab's own events of each attempt tell the same story.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAUSE_INFO } from '../../../shared/connect/cause-catalog';
import type { ConnectReport } from '../../../shared/connect/report';
import { LabEvent } from '../../../shared/lab/lab-event';
import { labEventsOf } from '../../../electron/core/lab/attempt-match';
import type { DemoProfile } from '../../../electron/core/lab/demo-profiles';
import { startLab, type Lab } from '../../../electron/core/lab/lab';
import { toProbeInput } from '../../../electron/core/profiles/probe-input';
import { attempt, recordUnhandled } from '../../support/connect-harness';

recordUnhandled();

let dataDir: string;
let lab: Lab;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'keyhole-lab-'));
  const started = await startLab({ dataDir, port: 0 });
  if (!started.ok) throw new Error(started.error.message);
  lab = started.value;
});

afterAll(async () => {
  await lab?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const run = async (profile: DemoProfile) => (await attempt(toProbeInput(profile))).report;

/** The lab's events of a report, once its closing event is in (it follows the probe's verdict). */
async function eventsOf(report: ConnectReport): Promise<LabEvent[]> {
  for (let i = 0; i < 50; i++) {
    const events = lab.eventsOf(report);
    if (events.some((e) => e.kind === 'closed')) return events;
    await new Promise((r) => setTimeout(r, 20));
  }
  return lab.eventsOf(report);
}

const NAMES = [
  'device-001',
  'uuid-device',
  'passphrase-device',
  'pkcs12-device',
  'quiet-device',
  'rogue-device',
  'wrong-password-device',
  'expired-device',
  'not-yet-valid-device',
  'foreign-ca-device',
  'revoked-device',
  'no-certificate',
  'mqtt5-device-001',
] as const;

describe.each(['TLSv1.3', 'TLSv1.2'] as const)('every demo identity under %s', (tls) => {
  let profiles: DemoProfile[];
  beforeAll(async () => {
    profiles = await lab.demoProfiles({ tls });
  });

  it('the demo covers acceptance and every layer of rejection, and the list above is all of it', () => {
    expect(profiles.map((p) => p.name)).toEqual([...NAMES]);
    expect(new Set(profiles.map((p) => CAUSE_INFO[p.expect.cause].layer))).toEqual(new Set(['done', 'access', 'connack', 'client-auth']));
  });

  it.each(NAMES)('%s', async (name) => {
    const profile = profiles.find((p) => p.name === name)!;
    const report = await run(profile);
    expect({ verdict: report.verdict, cause: report.cause }, report.explanation).toEqual(profile.expect);
    // Under TLS 1.2 a rejected certificate fails the handshake itself: no TLS session to describe.
    if (report.phase !== 'tls') expect(report.tls?.protocol).toBe(tls);
    if (report.cause.startsWith('client-cert-')) {
      // TLS 1.2: the alert comes inside the handshake; TLS 1.3: after the client's Finished.
      expect(report.phase).toBe(tls === 'TLSv1.2' ? 'tls' : 'client-auth');
      expect(report.evidence.tlsAlert?.direction).toBe('received');
    }
    const events = await eventsOf(report);
    expect(events.length, 'the lab saw this attempt').toBeGreaterThan(2);
    for (const e of events) expect(() => LabEvent.parse(e)).not.toThrow();
    const cert = events.find((e) => e.kind === 'client-cert');
    expect(cert?.kind === 'client-cert' && cert.protocol).toBe(tls);
    expect(events.at(-1)?.kind).toBe('closed');
  });
});

describe("the lab's side of an attempt", () => {
  const byName = async (name: string) => (await lab.demoProfiles()).find((p) => p.name === name)!;

  it("names OpenSSL's reason and the alert it sent for the revoked device (the CRL)", async () => {
    const report = await run(await byName('revoked-device'));
    expect(report.cause).toBe('client-cert-revoked');
    expect(report.evidence.tlsAlert).toMatchObject({ number: 44, name: 'certificate_revoked' });
    const events = await eventsOf(report);
    expect(events.find((e) => e.kind === 'client-cert')).toMatchObject({
      verdict: 'rejected',
      commonName: 'revoked-device',
      reason: 'CERT_REVOKED',
      reasonText: 'certificate revoked',
      alert: { number: 44, name: 'certificate_revoked' },
    });
    expect(
      events.some((e) => e.kind === 'mqtt-connect'),
      'no MQTT after a rejected certificate',
    ).toBe(false);
  });

  it('records the hello (SNI, offered versions), the lookup, the CONNACK and each ACL decision of an accepted device', async () => {
    const report = await run(await byName('device-001'));
    expect(report.cause).toBe('ok');
    const events = await eventsOf(report);
    const kinds = events.map((e) => e.kind);
    expect(kinds).toEqual(['connection', 'tls-hello', 'client-cert', 'mqtt-connect', 'auth', 'connack', 'acl', 'acl', 'closed']);
    expect(events[1]).toMatchObject({ serverName: 'localhost', versions: ['TLSv1.3', 'TLSv1.2'] });
    expect(events[4]).toMatchObject({ source: 'built-in', answer: 'found', passwordMatches: true, decision: 'allowed' });
    expect(events[5]).toMatchObject({ code: 0 });
    expect(events.slice(6, 8)).toMatchObject([
      { action: 'subscribe', topic: 'devices/device-001/keyhole-check', allowed: true, rule: 'devices/%C/#' },
      { action: 'publish', topic: 'devices/device-001/keyhole-check', allowed: true },
    ]);
    // The attempt key is the client's source port, as the probe's tcp phase recorded it.
    const tcp = report.timeline.find((t) => t.phase === 'tcp');
    expect(events[0]!.attempt?.port).toBe(tcp?.data?.localPort);
  });

  it('never puts a password in an event', async () => {
    const profiles = await lab.demoProfiles();
    for (const name of ['device-001', 'wrong-password-device', 'rogue-device']) await run(profiles.find((p) => p.name === name)!);
    const log = JSON.stringify(lab.log.recent());
    for (const identity of lab.pki.state.identities) {
      expect(log).not.toContain(identity.password);
      if (identity.tablePassword) expect(log).not.toContain(identity.tablePassword);
    }
    for (const entry of lab.pki.state.table) expect(log).not.toContain(entry.value);
  });

  it('shows the access check denied by the ACL: quiet-device is connected but may do nothing', async () => {
    const report = await run(await byName('quiet-device'));
    expect(report).toMatchObject({ verdict: 'rejected', phase: 'access', cause: 'access-subscribe-denied' });
    expect(report.mqtt?.connackCode).toBe(0);
    expect(report.access?.subscribe).toMatchObject({ codes: [0x80], granted: false });
    const events = await eventsOf(report);
    expect(events.find((e) => e.kind === 'acl')).toMatchObject({
      action: 'subscribe',
      allowed: false,
      reason: 'this identity has no subscribe rights',
    });
  });

  it('keeps simultaneous attempts apart: each report gets its own events', async () => {
    const profiles = await lab.demoProfiles();
    const names = ['device-001', 'rogue-device', 'revoked-device', 'uuid-device', 'quiet-device'];
    const reports = await Promise.all(names.map(async (n) => run(profiles.find((p) => p.name === n)!)));
    for (const [i, report] of reports.entries()) {
      const events = await eventsOf(report);
      const cns = new Set(events.flatMap((e) => (e.kind === 'client-cert' ? [e.commonName] : [])));
      expect([...cns]).toEqual([profiles.find((p) => p.name === names[i])!.commonName]);
      expect(new Set(events.map((e) => e.attempt?.id)).size).toBe(1);
    }
  });

  it('matches no events to a report the lab never saw', () => {
    const report = {
      target: { address: '127.0.0.1' },
      startedAt: new Date().toISOString(),
      durationMs: 5,
      timeline: [{ phase: 'tcp', ok: true, startMs: 0, endMs: 1, detail: '', data: { localPort: 1 } }],
    } as unknown as ConnectReport;
    expect(labEventsOf(report, lab.log.recent())).toEqual([]);
  });
});
