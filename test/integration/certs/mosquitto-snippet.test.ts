// mosquitto started with the mosquitto snippet the workbench writes, for a PKI the workbench
// issued: it serves the generated broker certificate, accepts a generated device through the
// probe, and refuses a revoked one with the generated CRL (TLS 1.3 and 1.2).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCrl, newCaRecord, revoke, withIssued } from '../../../electron/core/certs/crl';
import { brokerSnippet } from '../../../electron/core/certs/snippets';
import { useBrokers, type Broker } from '../../support/mosquitto';
import { freePort, waitForPort } from '../../support/ports';
import { attempt, material, outcomeOf, recordUnhandled, settings } from '../../support/connect-harness';
import { ca, days, issueTo, signerOf, type Written } from '../../support/workbench-pki';

recordUnhandled();
const brokers = useBrokers();

let dir: string;
let root: Written;
let server: Written;
let device: Written;
let revokedDevice: Written;
let port: number;
let broker: Broker;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-snippet-'));
  root = await issueTo(dir, 'ca', ca('Snippet CA', 'ec-p256'), null);
  const signer = await signerOf(root);
  server = await issueTo(
    dir,
    'broker',
    {
      profile: 'server',
      subject: { commonName: 'localhost' },
      key: 'ec-p256',
      validity: days(-1, 365),
      dnsNames: ['localhost'],
      ipAddresses: ['127.0.0.1', '::1'],
    },
    signer,
  );
  device = await issueTo(
    dir,
    'device',
    { profile: 'client', subject: { commonName: '346a004d-1dab-4016-bb38-03cca7094415' }, key: 'ec-p256', validity: days(-1, 365) },
    signer,
    'device pass',
  );
  revokedDevice = await issueTo(
    dir,
    'revoked',
    { profile: 'client', subject: { commonName: 'revoked-device' }, key: 'ec-p256', validity: days(-1, 365) },
    signer,
  );
  const record = withIssued(
    newCaRecord(root.issued, false),
    [server, device, revokedDevice].map((w) => w.issued.record),
  );
  const revoked = revoke(record, { serialNumbers: [revokedDevice.issued.record.serialNumber] }, new Date());
  if (!revoked.ok) throw new Error(revoked.error.message);
  const crlFile = join(dir, 'crl.pem');
  await writeFile(crlFile, (await buildCrl(revoked.value.record, signer, new Date())).pem);

  port = await freePort();
  const snippet = brokerSnippet({
    broker: 'mosquitto',
    port,
    bind: '127.0.0.1',
    caFile: root.cert,
    certFile: server.cert,
    keyFile: server.key,
    crlFile,
  });
  if (!snippet.ok) throw new Error(snippet.error.message);
  // The snippet is the broker's TLS listener; the helper adds its own plain listener after it.
  broker = await brokers.start({ extra: snippet.value.trimEnd().split('\n') });
  await waitForPort(port, { deadlineMs: 10_000 });
}, 60_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.each([
  { tls: 'TLSv1.3', tlsMax: undefined, phase: 'client-auth' },
  { tls: 'TLSv1.2', tlsMax: 'TLSv1.2', phase: 'tls' },
] as const)('mosquitto with the generated snippet ($tls)', ({ tls, tlsMax, phase }) => {
  it('serves the generated broker certificate and accepts the generated device', async () => {
    const { report } = await attempt({
      settings: settings(port, { mqttVersion: '3.1.1', tlsMax }),
      material: await material({ ca: [root.cert], cert: device.cert, key: device.key }),
      secrets: { passphrase: 'device pass' },
    });
    expect(outcomeOf(report), broker.log()).toEqual({ verdict: 'accepted', phase: 'done', cause: 'ok' });
    expect(report.tls?.protocol).toBe(tls);
    expect(report.tls?.peerChain[0]?.fingerprint256).toBe(server.issued.certificate.fingerprint256);
    expect(report.tls?.clientCertificate?.commonName).toBe('346a004d-1dab-4016-bb38-03cca7094415');
    expect(broker.log()).toContain('346a004d-1dab-4016-bb38-03cca7094415');
  });

  it('refuses the revoked device with the generated CRL', async () => {
    const { report } = await attempt({
      settings: settings(port, { mqttVersion: '3.1.1', tlsMax }),
      material: await material({ ca: [root.cert], cert: revokedDevice.cert, key: revokedDevice.key }),
    });
    expect(outcomeOf(report)).toEqual({ verdict: 'rejected', phase, cause: 'client-cert-revoked' });
    expect(report.evidence.tlsAlert).toEqual({ number: 44, name: 'certificate_revoked', direction: 'received' });
  });
});
