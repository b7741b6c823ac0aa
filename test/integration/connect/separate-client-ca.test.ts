// The most common production layout: the broker's server certificate comes from one CA (which
// the client trusts), the devices' certificates from another (which the broker trusts). A good
// device there is plainly `accepted`, with a note, never "accepted with warnings"; a device the
// broker refuses is explained with what preflight knew: its issuer, the CAs loaded, and an
// intermediate missing from the chain we sent.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CA_CN, makePki, type TestPki } from '../../support/pki';
import { useBrokers, type Broker } from '../../support/mosquitto';
import { attempt, material, outcomeOf, recordUnhandled, settings } from '../../support/connect-harness';

recordUnhandled();
const brokers = useBrokers();

let dir: string;
let pki: TestPki;
/** Server certificate from `ca`; client certificates verified against `foreignCa` (the "device CA"). */
let separate: Broker;
/** Server certificate from `ca`, client certificates verified against `ca` alone (no intermediate). */
let rootOnly: Broker;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-client-ca-'));
  pki = await makePki(join(dir, 'pki'));
  const server = { certfile: pki.server.cert, keyfile: pki.server.key, requireCertificate: true, useIdentityAsUsername: true };
  [separate, rootOnly] = await Promise.all([
    brokers.start({ tls: { ...server, cafile: pki.foreignCa.cert } }),
    brokers.start({ tls: { ...server, cafile: pki.ca.cert } }),
  ]);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const DEVICE_CA = 'Keyhole Foreign CA';

describe('a broker whose client CA differs from its server CA', () => {
  it.each([
    ['3.1.1', 'TLSv1.3'],
    ['5', 'TLSv1.3'],
    ['3.1.1', 'TLSv1.2'],
    ['5', 'TLSv1.2'],
  ] as const)('accepts a device of the client CA as plainly accepted, with the note (MQTT %s, %s)', async (mqttVersion, tls) => {
    const { report } = await attempt({
      settings: settings(separate.port, { mqttVersion, tlsMax: tls === 'TLSv1.2' ? 'TLSv1.2' : undefined }),
      // The client trusts only the server CA: the device's own CA is the broker's business.
      material: await material({ ca: [pki.ca.cert], cert: pki.clientForeign.cert, key: pki.clientForeign.key }),
    });
    expect(outcomeOf(report)).toEqual({ verdict: 'accepted', phase: 'done', cause: 'ok' });
    expect(report.tls?.protocol).toBe(tls);
    expect(report.warnings).toEqual([]);
    const note = report.notes.find((n) => n.code === 'client-cert-not-from-ca');
    expect(note?.message).toContain(`"${DEVICE_CA}"`);
    expect(report.tls?.clientCertificateRequested).toBe(true);
    expect(report.tls?.clientCertificate?.commonName).toBe(pki.clientForeign.commonName);
  });

  it.each([
    ['TLSv1.3', undefined, 'client-auth'],
    ['TLSv1.2', 'TLSv1.2', 'tls'],
  ] as const)('explains the rejection of a device from the server CA with the issuer named (%s)', async (_tls, tlsMax, phase) => {
    const { report } = await attempt({
      settings: settings(separate.port, { tlsMax }),
      material: await material({ ca: [pki.ca.cert], cert: pki.clientGood.cert, key: pki.clientGood.key }),
    });
    expect(outcomeOf(report)).toEqual({ verdict: 'rejected', phase, cause: 'client-cert-unknown-ca' });
    expect(report.evidence.tlsAlert).toEqual({ number: 48, name: 'unknown_ca', direction: 'received' });
    expect(report.explanation).toContain(`it does not trust "${CA_CN}", the CA that issued it`);
    expect(report.explanation).toContain(`It chains to "${CA_CN}", loaded here for the broker`);
    expect(report.explanation).toContain('a different CA for client certificates');
  });
});

// OpenSSL completes a client chain from the trusted CAs, so an intermediate counts as sent when
// it is in the certificate file or loaded as a CA; only one that is nowhere here is missing.
describe('a chain sent without its intermediate', () => {
  it('names the issuer nobody here has, as a possibly missing intermediate', async () => {
    const { report } = await attempt({
      settings: settings(rootOnly.port),
      material: await material({ ca: [pki.ca.cert], cert: pki.clientIntermediate.cert, key: pki.clientIntermediate.key }),
    });
    expect(report.cause).toBe('client-cert-unknown-ca');
    expect(report.explanation).toContain('it does not trust "Keyhole Test Intermediate CA", the CA that issued it');
    expect(report.explanation).toContain(
      `No CA loaded here ("${CA_CN}") issued it either; if "Keyhole Test Intermediate CA" is an intermediate CA, the chain we sent lacks it.`,
    );
    expect(report.hint).toContain('If "Keyhole Test Intermediate CA" is an intermediate CA, add it to the certificate file');
  });

  it.each([
    ['in the certificate file', () => ({ ca: [pki.ca.cert], cert: pki.clientIntermediate.chain })],
    ['loaded as a CA', () => ({ ca: [pki.caBundle], cert: pki.clientIntermediate.cert })],
  ])('is accepted once the intermediate is %s', async (_where, paths) => {
    const { report } = await attempt({
      settings: settings(rootOnly.port),
      material: await material({ ...paths(), key: pki.clientIntermediate.key }),
    });
    expect(outcomeOf(report)).toEqual({ verdict: 'accepted', phase: 'done', cause: 'ok' });
  });
});
