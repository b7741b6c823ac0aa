// Mutual TLS against real mosquitto: the broker's verdict on our client certificate, under
// TLS 1.3 (alerts arrive after our side of the handshake, in the client-auth phase) and
// TLS 1.2 (the same alerts arrive inside the handshake, in the tls phase).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePki, type PkiCert, type TestPki } from '../../support/pki';
import { useBrokers, type Broker } from '../../support/mosquitto';
import { attempt, eventually, material, outcomeOf, recordUnhandled, settings, socketHandles } from '../../support/connect-harness';
import type { TlsVersion } from '../../../shared/connect/settings';

recordUnhandled();
const brokers = useBrokers();

let dir: string;
let pki: TestPki;
/** require_certificate + use_identity_as_username; TLS 1.2 and 1.3. */
let mtls: Broker;
/** The same, but the listener speaks at most TLS 1.2. */
let mtls12: Broker;
/** The same as `mtls`, plus the CA's CRL (which lists clientRevoked). */
let withCrl: Broker;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-client-cert-'));
  pki = await makePki(join(dir, 'pki'));
  const base = {
    cafile: pki.ca.cert,
    certfile: pki.server.cert,
    keyfile: pki.server.key,
    requireCertificate: true,
    useIdentityAsUsername: true,
  };
  [mtls, mtls12, withCrl] = await Promise.all([
    brokers.start({ tls: base }),
    brokers.start({ tls: { ...base, maxVersion: 'TLSv1.2' } }),
    brokers.start({ tls: { ...base, crlfile: pki.crl } }),
  ]);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const identity = (client: PkiCert | null) => material({ ca: [pki.ca.cert], ...(client ? { cert: client.cert, key: client.key } : {}) });

/** How each TLS version is reached: TLS 1.2 by capping our side, TLS 1.3 by default. */
const VERSIONS: { tls: TlsVersion; tlsMax: TlsVersion | undefined; phase: 'tls' | 'client-auth' }[] = [
  { tls: 'TLSv1.3', tlsMax: undefined, phase: 'client-auth' },
  { tls: 'TLSv1.2', tlsMax: 'TLSv1.2', phase: 'tls' },
];

describe('accepted identities', () => {
  it.each([
    ['3.1.1', 'TLSv1.3'],
    ['5', 'TLSv1.3'],
    ['3.1.1', 'TLSv1.2'],
    ['5', 'TLSv1.2'],
  ] as const)('accepts the good device certificate (MQTT %s, %s)', async (mqttVersion, tls) => {
    const { report } = await attempt({
      settings: settings(mtls.port, { mqttVersion, tlsMax: tls === 'TLSv1.2' ? 'TLSv1.2' : undefined }),
      material: await identity(pki.clientGood),
    });
    expect(outcomeOf(report)).toEqual({ verdict: 'accepted', phase: 'done', cause: 'ok' });
    expect(report.tls?.protocol).toBe(tls);
    expect(report.tls?.clientCertificate?.commonName).toBe(pki.clientGood.commonName);
    expect(report.mqtt?.connackCode).toBe(0);
    // client-auth passes before connack in both versions, for different reasons (see the probe).
    expect(report.timeline.map((t) => [t.phase, t.ok])).toEqual([
      ['preflight', true],
      ['resolve', true],
      ['tcp', true],
      ['tls', true],
      ['client-auth', true],
      ['connack', true],
    ]);
  });

  it('accepts the good device on the TLS 1.2-only listener', async () => {
    const { report } = await attempt({ settings: settings(mtls12.port), material: await identity(pki.clientGood) });
    expect(outcomeOf(report)).toEqual({ verdict: 'accepted', phase: 'done', cause: 'ok' });
    expect(report.tls?.protocol).toBe('TLSv1.2');
  });

  // use_identity_as_username skips password checks entirely: any password gets in (DESIGN §4).
  it('ignores a username and password when the certificate is the identity', async () => {
    const { report } = await attempt({
      settings: settings(mtls.port, { username: 'someone-else' }),
      material: await identity(pki.clientGood),
      secrets: { password: 'anything' },
    });
    expect(outcomeOf(report)).toEqual({ verdict: 'accepted', phase: 'done', cause: 'ok' });
  });

  it('accepts the good device from an encrypted key with its passphrase', async () => {
    const input = await material({ ca: [pki.ca.cert], cert: pki.clientGood.cert, key: pki.clientGoodFormats.keyPkcs8Encrypted });
    const { report } = await attempt({ settings: settings(mtls.port), material: input, secrets: { passphrase: pki.passphrase } });
    expect(outcomeOf(report)).toEqual({ verdict: 'accepted', phase: 'done', cause: 'ok' });
  });

  it('accepts the good device from a PKCS#12 bundle with its password', async () => {
    const input = await material({ ca: [pki.ca.cert], pfx: pki.clientGoodFormats.pfx });
    const { report } = await attempt({ settings: settings(mtls.port), material: input, secrets: { pfxPassword: pki.pfxPassword } });
    expect(outcomeOf(report)).toEqual({ verdict: 'accepted', phase: 'done', cause: 'ok' });
    expect(report.tls?.clientCertificate?.commonName).toBe(pki.clientGood.commonName);
  });

  it('accepts the good device against the CRL-checking broker', async () => {
    const { report } = await attempt({ settings: settings(withCrl.port), material: await identity(pki.clientGood) });
    expect(outcomeOf(report)).toEqual({ verdict: 'accepted', phase: 'done', cause: 'ok' });
  });
});

describe.each(VERSIONS)('client certificate rejected by mosquitto under $tls', ({ tls, tlsMax, phase }) => {
  const on = (port: number) => settings(port, { tlsMax });

  // Under TLS 1.3 OpenSSL answers a missing certificate with certificate_required (116),
  // under TLS 1.2 with handshake_failure (40).
  it('names a missing client certificate', async () => {
    const { report } = await attempt({ settings: on(mtls.port), material: await identity(null) });
    const alert = tls === 'TLSv1.3' ? { number: 116, name: 'certificate_required' } : { number: 40, name: 'handshake_failure' };
    expect(outcomeOf(report)).toEqual({ verdict: 'rejected', phase, cause: 'client-cert-required' });
    expect(report.evidence.tlsAlert).toEqual({ ...alert, direction: 'received' });
    expect(report.tls?.clientCertificate ?? null).toBeNull();
  });

  it('names a client certificate from a CA the broker does not trust', async () => {
    const { report } = await attempt({ settings: on(mtls.port), material: await identity(pki.clientForeign) });
    expect(outcomeOf(report)).toEqual({ verdict: 'rejected', phase, cause: 'client-cert-unknown-ca' });
    expect(report.evidence.tlsAlert).toEqual({ number: 48, name: 'unknown_ca', direction: 'received' });
    // Our own preflight saw it coming: the certificate does not chain to the CA we loaded (a
    // note, since with a separate client CA that is normal), and the explanation uses it.
    expect(report.notes.map((n) => n.code)).toContain('client-cert-not-from-ca');
    expect(report.explanation).toContain('"Keyhole Foreign CA"');
    expect(report.explanation).toContain(`"${pki.clientForeign.commonName}"`);
  });

  // The preflight only warns about an expired certificate (the point may be to test that the
  // broker refuses it); the broker then refuses it with certificate_expired (45).
  it('names an expired client certificate, as the broker says', async () => {
    const { report } = await attempt({ settings: on(mtls.port), material: await identity(pki.clientExpired) });
    expect(outcomeOf(report)).toEqual({ verdict: 'rejected', phase, cause: 'client-cert-expired' });
    expect(report.evidence.tlsAlert).toEqual({ number: 45, name: 'certificate_expired', direction: 'received' });
    expect(report.warnings.map((w) => w.code)).toContain('client-cert-expired-locally');
  });

  // OpenSSL maps X509_V_ERR_CERT_NOT_YET_VALID to bad_certificate (42), not to a date alert.
  it('names a client certificate that is not valid yet as bad', async () => {
    const { report } = await attempt({ settings: on(mtls.port), material: await identity(pki.clientNotYetValid) });
    expect(outcomeOf(report)).toEqual({ verdict: 'rejected', phase, cause: 'client-cert-bad' });
    expect(report.evidence.tlsAlert).toEqual({ number: 42, name: 'bad_certificate', direction: 'received' });
    expect(report.warnings.map((w) => w.code)).toContain('client-cert-not-yet-valid-locally');
  });

  it('names a revoked client certificate', async () => {
    const { report } = await attempt({ settings: on(withCrl.port), material: await identity(pki.clientRevoked) });
    expect(outcomeOf(report)).toEqual({ verdict: 'rejected', phase, cause: 'client-cert-revoked' });
    expect(report.evidence.tlsAlert).toEqual({ number: 44, name: 'certificate_revoked', direction: 'received' });
  });

  // A certificate whose extended key usage is serverAuth only fails OpenSSL's purpose check on
  // the broker (X509_V_ERR_INVALID_PURPOSE), which it reports as unsupported_certificate (43).
  it('names a client certificate without the clientAuth usage as rejected', async () => {
    const { report } = await attempt({ settings: on(mtls.port), material: await identity(pki.clientNoEku) });
    expect(outcomeOf(report)).toEqual({ verdict: 'rejected', phase, cause: 'client-cert-rejected' });
    expect(report.evidence.tlsAlert).toEqual({ number: 43, name: 'unsupported_certificate', direction: 'received' });
    expect(report.warnings.map((w) => w.code)).toContain('client-cert-no-client-auth-eku');
    // The finding that explains the alert is in the explanation and the hint, not only in the list.
    expect(report.explanation).toContain('its extended key usage allows only serverAuth, not clientAuth');
    expect(report.hint).toContain('extendedKeyUsage clientAuth');
  });
});

describe('the TLS 1.2-only listener', () => {
  it('names a missing client certificate with handshake_failure', async () => {
    const { report } = await attempt({ settings: settings(mtls12.port), material: await identity(null) });
    expect(outcomeOf(report)).toEqual({ verdict: 'rejected', phase: 'tls', cause: 'client-cert-required' });
    expect(report.evidence.tlsAlert).toMatchObject({ number: 40, name: 'handshake_failure' });
  });

  it('names a client that insists on TLS 1.3 as a protocol mismatch', async () => {
    const { report } = await attempt({ settings: settings(mtls12.port, { tlsMin: 'TLSv1.3' }), material: await identity(pki.clientGood) });
    expect(outcomeOf(report)).toEqual({ verdict: 'failed', phase: 'tls', cause: 'tls-protocol-mismatch' });
    expect(report.evidence.tlsAlert).toEqual({ number: 70, name: 'protocol_version', direction: 'received' });
  });
});

describe('keepOpen', () => {
  it('hands over a live session that carries messages and closes every socket it owns', async () => {
    const before = socketHandles();
    const { report, session } = await attempt(
      { settings: settings(mtls.port), material: await identity(pki.clientGood) },
      { keepOpen: true },
    );
    expect(outcomeOf(report)).toEqual({ verdict: 'accepted', phase: 'done', cause: 'ok' });
    if (session === null) throw new Error('keepOpen gave no session');
    expect(session.report).toBe(report);
    expect(socketHandles()).toBeGreaterThan(before);
    const echo = new Promise<string>((resolve) => session.client.once('message', (_topic, payload) => resolve(payload.toString())));
    await session.client.subscribeAsync('devices/kept', { qos: 1 });
    await session.client.publishAsync('devices/kept', 'still here', { qos: 1 });
    expect(await echo).toBe('still here');
    await session.close();
    await eventually(
      () => socketHandles() <= before,
      () => `sockets left open after session.close(): ${socketHandles()} now, ${before} before`,
    );
  });

  it('gives no session for a rejected attempt, even when asked to keep it open', async () => {
    const { report, session } = await attempt({ settings: settings(mtls.port), material: await identity(null) }, { keepOpen: true });
    expect(report.cause).toBe('client-cert-required');
    expect(session).toBeNull();
  });
});
