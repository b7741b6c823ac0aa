// One-way TLS against real mosquitto with a password file: our verdict on the broker's
// certificate, and the broker's verdict on the MQTT credentials (CONNACK).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePki, type TestPki } from '../../support/pki';
import { useBrokers, type Broker } from '../../support/mosquitto';
import { attempt, material, outcomeOf, recordUnhandled, settings } from '../../support/connect-harness';

recordUnhandled();
const brokers = useBrokers();

const USER = 'device-user';
const PASSWORD = 'open sesame';

let dir: string;
let pki: TestPki;
/** One-way TLS, server certificate from `ca`, password file, no anonymous clients. */
let oneWay: Broker;
let wrongHost: Broker;
let expired: Broker;
let notYetValid: Broker;
let selfSigned: Broker;
/** Like `oneWay`, but refuses empty client ids instead of assigning one. */
let strictIds: Broker;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-server-cert-'));
  pki = await makePki(join(dir, 'pki'));
  const withServer = (server: { cert: string; key: string }) =>
    brokers.start({ users: { [USER]: PASSWORD }, tls: { cafile: pki.ca.cert, certfile: server.cert, keyfile: server.key } });
  [oneWay, wrongHost, expired, notYetValid, selfSigned, strictIds] = await Promise.all([
    withServer(pki.server),
    withServer(pki.serverWrongHost),
    withServer(pki.serverExpired),
    withServer(pki.serverNotYetValid),
    withServer(pki.serverSelfSigned),
    brokers.start({
      users: { [USER]: PASSWORD },
      extra: ['allow_zero_length_clientid false'],
      tls: { cafile: pki.ca.cert, certfile: pki.server.cert, keyfile: pki.server.key },
    }),
  ]);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const trusted = () => material({ ca: [pki.ca.cert] });
const login = { password: PASSWORD };

describe('the broker certificate, verified by us', () => {
  it.each(['3.1.1', '5'] as const)('accepts a trusted broker and the right password (MQTT %s)', async (mqttVersion) => {
    const { report } = await attempt({
      settings: settings(oneWay.port, { mqttVersion, username: USER }),
      material: await trusted(),
      secrets: login,
    });
    expect(outcomeOf(report)).toEqual({ verdict: 'accepted', phase: 'done', cause: 'ok' });
    expect(report.warnings).toEqual([]);
    expect(report.mqtt).toMatchObject({ version: mqttVersion, connackCode: 0, passwordSent: true });
    expect(report.tls).toMatchObject({ authorized: true, hostnameMatches: true, verification: 'full' });
    expect(report.tls?.protocol).toBe('TLSv1.3');
    expect(report.tls?.peerChain[0]?.commonName).toBe('localhost');
    expect(report.tls?.clientCertificate).toBeNull();
    expect(report.timeline.map((t) => t.phase)).toEqual(['preflight', 'resolve', 'tcp', 'tls', 'client-auth', 'connack']);
    expect(report.timeline.every((t) => t.ok)).toBe(true);
    expect(report.timeline[0]?.data?.warnings).toBe(0);
  });

  // mosquitto sends its certificate and, built from its cafile, the root that issued it; a
  // client that does not trust that root sees a self-signed certificate *in the chain*.
  it('names a broker whose CA we were not given as untrusted (no CA at all)', async () => {
    const { report } = await attempt({ settings: settings(oneWay.port, { username: USER }), material: await material({}), secrets: login });
    expect(outcomeOf(report)).toEqual({ verdict: 'failed', phase: 'tls', cause: 'server-cert-untrusted' });
    expect(report.evidence.verifyError).toBe('SELF_SIGNED_CERT_IN_CHAIN');
    expect(report.tls?.peerChain.map((c) => c.commonName)).toEqual(['localhost', pki.ca.commonName]);
    // The chain is captured even though verification failed (DESIGN §4).
    expect(report.tls?.peerChain[0]?.commonName).toBe('localhost');
    expect(report.mqtt).toBeNull();
  });

  it('names a broker whose certificate comes from another CA as untrusted', async () => {
    const { report } = await attempt({
      settings: settings(oneWay.port, { username: USER }),
      material: await material({ ca: [pki.foreignCa.cert] }),
      secrets: login,
    });
    expect(outcomeOf(report)).toEqual({ verdict: 'failed', phase: 'tls', cause: 'server-cert-untrusted' });
    expect(report.evidence.verifyError).toBe('SELF_SIGNED_CERT_IN_CHAIN');
  });

  it('names a self-signed broker certificate', async () => {
    const { report } = await attempt({
      settings: settings(selfSigned.port, { username: USER }),
      material: await trusted(),
      secrets: login,
    });
    expect(outcomeOf(report)).toEqual({ verdict: 'failed', phase: 'tls', cause: 'server-cert-self-signed' });
    expect(report.evidence.verifyError).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(report.tls?.peerChain[0]?.selfSigned).toBe(true);
  });

  it('accepts a self-signed broker with verification off, but only with warnings', async () => {
    const { report } = await attempt({
      settings: settings(selfSigned.port, { username: USER, verify: 'off' }),
      material: await trusted(),
      secrets: login,
    });
    expect(outcomeOf(report)).toEqual({ verdict: 'accepted-with-warnings', phase: 'done', cause: 'ok-server-unverified' });
    // What full verification would have said is still on record.
    expect(report.tls?.verificationFinding).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(report.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['verification-off', 'verification-would-fail']));
    expect(report.mqtt?.connackCode).toBe(0);
    // "verification off" was raised in preflight ("would fail" only at TLS): the preflight entry counts it.
    expect(report.timeline.find((t) => t.phase === 'preflight')?.data?.warnings).toBe(1);
  });

  it('names a host name mismatch under full verification', async () => {
    const { report } = await attempt({ settings: settings(wrongHost.port, { username: USER }), material: await trusted(), secrets: login });
    expect(outcomeOf(report)).toEqual({ verdict: 'failed', phase: 'tls', cause: 'server-cert-hostname-mismatch' });
    expect(report.evidence.verifyError).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(report.tls).toMatchObject({ authorized: true, hostnameMatches: false });
  });

  it('lets the same broker through under chain-only verification, with a warning', async () => {
    const { report } = await attempt({
      settings: settings(wrongHost.port, { username: USER, verify: 'chain-only' }),
      material: await trusted(),
      secrets: login,
    });
    expect(outcomeOf(report)).toEqual({ verdict: 'accepted-with-warnings', phase: 'done', cause: 'ok' });
    expect(report.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['verification-chain-only', 'hostname-mismatch-ignored']));
  });

  it('names an expired broker certificate', async () => {
    const { report } = await attempt({ settings: settings(expired.port, { username: USER }), material: await trusted(), secrets: login });
    expect(outcomeOf(report)).toEqual({ verdict: 'failed', phase: 'tls', cause: 'server-cert-expired' });
    expect(report.evidence.verifyError).toBe('CERT_HAS_EXPIRED');
  });

  it('names a broker certificate that is not valid yet', async () => {
    const { report } = await attempt({
      settings: settings(notYetValid.port, { username: USER }),
      material: await trusted(),
      secrets: login,
    });
    expect(outcomeOf(report)).toEqual({ verdict: 'failed', phase: 'tls', cause: 'server-cert-not-yet-valid' });
    expect(report.evidence.verifyError).toBe('CERT_NOT_YET_VALID');
  });
});

describe('the MQTT credentials, judged by mosquitto', () => {
  // mosquitto answers a wrong password, an unknown user and no credentials alike with
  // "not authorized" (3.1.1 return code 5, MQTT 5 reason code 0x87), never with "bad credentials".
  it.each([
    ['3.1.1', 5, 'Not authorized'],
    ['5', 0x87, 'Not authorized'],
  ] as const)('reports a wrong password as not authorized (MQTT %s, code %d)', async (mqttVersion, code, name) => {
    const { report } = await attempt({
      settings: settings(oneWay.port, { mqttVersion, username: USER }),
      material: await trusted(),
      secrets: { password: 'wrong' },
    });
    expect(outcomeOf(report)).toEqual({ verdict: 'rejected', phase: 'connack', cause: 'connack-not-authorized' });
    expect(report.evidence.connack).toMatchObject({ version: mqttVersion, code, name });
    expect(report.mqtt?.connackCode).toBe(code);
  });

  it.each(['3.1.1', '5'] as const)('reports an unknown user and missing credentials the same way (MQTT %s)', async (mqttVersion) => {
    const unknown = await attempt({
      settings: settings(oneWay.port, { mqttVersion, username: 'nobody' }),
      material: await trusted(),
      secrets: { password: PASSWORD },
    });
    const anonymous = await attempt({ settings: settings(oneWay.port, { mqttVersion }), material: await trusted() });
    expect(outcomeOf(unknown.report)).toEqual({ verdict: 'rejected', phase: 'connack', cause: 'connack-not-authorized' });
    expect(outcomeOf(anonymous.report)).toEqual({ verdict: 'rejected', phase: 'connack', cause: 'connack-not-authorized' });
    expect(anonymous.report.mqtt?.passwordSent).toBe(false);
  });

  // allow_zero_length_clientid false: mosquitto refuses an empty client id under 3.1.1 with
  // return code 2, Identifier rejected (§3.2.2.3). Under MQTT 5, mosquitto 2.0 does not use
  // 0x85 (Client Identifier not valid) but 0x80, Unspecified error: nothing more specific to say.
  it('reports an empty client id the broker refuses as client id rejected (MQTT 3.1.1)', async () => {
    const { report } = await attempt({
      settings: settings(strictIds.port, { mqttVersion: '3.1.1', username: USER, clientId: '' }),
      material: await trusted(),
      secrets: login,
    });
    expect(outcomeOf(report)).toEqual({ verdict: 'rejected', phase: 'connack', cause: 'connack-client-id-rejected' });
    expect(report.evidence.connack).toMatchObject({ version: '3.1.1', code: 2, name: 'Identifier rejected' });
  });

  it('reports the same refusal under MQTT 5 as refused, with the unspecified reason code', async () => {
    const { report } = await attempt({
      settings: settings(strictIds.port, { mqttVersion: '5', username: USER, clientId: '' }),
      material: await trusted(),
      secrets: login,
    });
    expect(outcomeOf(report)).toEqual({ verdict: 'rejected', phase: 'connack', cause: 'connack-refused-other' });
    expect(report.evidence.connack).toMatchObject({ version: '5', code: 0x80, name: 'Unspecified error' });
  });

  it('lets the same broker assign an id when it allows empty ones (MQTT 5)', async () => {
    const { report } = await attempt({
      settings: settings(oneWay.port, { mqttVersion: '5', username: USER, clientId: '' }),
      material: await trusted(),
      secrets: login,
    });
    expect(outcomeOf(report)).toEqual({ verdict: 'accepted', phase: 'done', cause: 'ok' });
    expect(report.mqtt?.clientId).toMatch(/^auto-/);
  });

  // MQTT 3.1.1 §3.1.3.1 (and mqtt.js for 5 as well): an empty client id requires a clean
  // session. mqtt.js refuses to encode such a CONNECT, so it never leaves this machine: a
  // setting to fix locally, not something the broker said.
  it.each(['3.1.1', '5'] as const)(
    'names an empty client id without clean start as a local setting problem (MQTT %s)',
    async (mqttVersion) => {
      const { report } = await attempt({
        settings: settings(oneWay.port, { mqttVersion, username: USER, clientId: '', cleanStart: false }),
        material: await trusted(),
        secrets: login,
      });
      expect(outcomeOf(report)).toEqual({ verdict: 'failed', phase: 'preflight', cause: 'config-invalid' });
    },
  );
});
