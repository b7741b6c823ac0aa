// Each cloud preset against a local mimic of its service: a TLS front with the service's edge
// behaviour (test/support/cloud-mimics.ts) before a real mosquitto, or mosquitto configured
// with the service's username and certificate rules. The settings are what the preset fills
// in; the host is the loopback instead of the service's name, the port a free high one.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWS_ALPN, azureUsername, cloudPreset, type PresetContext } from '../../../shared/connect/cloud-presets';
import type { ConnectSettings, PresetId } from '../../../shared/connect/settings';
import { makePki, type TestPki } from '../../support/pki';
import { useBrokers, type Broker } from '../../support/mosquitto';
import { useCloudFronts } from '../../support/cloud-mimics';
import { SHORT, attempt, material, outcomeOf, recordUnhandled, settings } from '../../support/connect-harness';

recordUnhandled();
const brokers = useBrokers();
const fronts = useCloudFronts();

const DEVICE = 'device-1';
const SAS = 'SharedAccessSignature sr=test&sig=abc';
const HIVE_USER = 'hive-device';
const HIVE_PASSWORD = 'hive-password-71';
const EMQX_SECRET = 'one-device-one-secret';

let dir: string;
let pki: TestPki;
let server: { cert: Buffer; key: Buffer; ca: Buffer };
/** Plain mosquitto behind the fronts, anonymous. */
let plain: Broker;
/** Plain mosquitto with HiveMQ-style credentials. */
let plainUsers: Broker;
let azure: Broker;
let emqx: Broker;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-presets-'));
  pki = await makePki(join(dir, 'pki'));
  server = { cert: await readFile(pki.server.cert), key: await readFile(pki.server.key), ca: await readFile(pki.ca.cert) };
  const tls = { cafile: pki.ca.cert, certfile: pki.server.cert, keyfile: pki.server.key, requireCertificate: true };
  [plain, plainUsers, azure, emqx] = await Promise.all([
    brokers.start({ allowAnonymous: true }),
    brokers.start({ users: { [HIVE_USER]: HIVE_PASSWORD } }),
    // IoT Hub: a certificate, and the username {hub}/{device}/?api-version=… with a SAS token as the password.
    brokers.start({ tls, users: { [azureUsername('127.0.0.1', DEVICE)]: SAS } }),
    // EMQX one device one secret: the certificate's CN as the username, plus its password.
    brokers.start({ tls, users: { [pki.clientGood.commonName]: EMQX_SECRET } }),
  ]);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** What the preset fills in over blank settings for `port`, as the editor and `--preset` do; then `after`. */
function preset(
  id: PresetId,
  port: number,
  ctx: Partial<PresetContext>,
  before: Partial<ConnectSettings>,
  after: Partial<ConnectSettings> = {},
) {
  const base = settings(port, { timeouts: { ...SHORT }, ...before });
  const applied = cloudPreset(id).apply(base, { clientCn: null, hasClientCert: false, passwordGiven: false, ...ctx });
  return { ...base, ...applied, preset: id, ...after } as ConnectSettings;
}

const good = () => material({ ca: [pki.ca.cert], cert: pki.clientGood.cert, key: pki.clientGood.key });

describe('AWS IoT Core', () => {
  it('connects on its 443 transport only with ALPN x-amzn-mqtt-ca, which the preset offers', async () => {
    const front = await fronts.start({
      ...server,
      clientCa: server.ca,
      alpn: [AWS_ALPN],
      httpsWithoutAlpn: true,
      upstreamPort: plain.port,
    });
    const s = preset('aws-iot-core', 443, { hasClientCert: true }, { clientId: 'thing-42' }, { port: front.port });
    expect(s.alpn).toEqual([AWS_ALPN]);
    const { report } = await attempt({ settings: s, material: await good() });
    expect(report.cause).toBe('ok');
    expect(report.tls?.alpn).toBe(AWS_ALPN);

    // The 8883 transport offers no ALPN: the same port refuses it, and the explanation says why in AWS's terms.
    const without = preset('aws-iot-core', 8883, { hasClientCert: true }, { clientId: 'thing-42' }, { port: front.port });
    expect(without.alpn).toBeUndefined();
    const refused = await attempt({ settings: without, material: await good() });
    expect(outcomeOf(refused.report)).toEqual({ verdict: 'failed', phase: 'connack', cause: 'not-mqtt' });
    expect(refused.report.explanation).toContain(`Offered without ALPN ${AWS_ALPN}, AWS IoT Core's port 443 speaks HTTPS`);

    // A client offering another ALPN protocol is refused in the handshake (alert 120).
    const other = await attempt({ settings: { ...without, alpn: ['mqtt'] }, material: await good() });
    expect(outcomeOf(other.report)).toMatchObject({ phase: 'tls', cause: 'tls-alpn-rejected' });
    expect(other.report.explanation).toContain(`On port 443 AWS IoT Core expects ALPN ${AWS_ALPN}`);
  });

  it('reads a close after CONNECT, following an accepted handshake, as a policy without iot:Connect for the client id', async () => {
    const front = await fronts.start({ ...server, clientCa: server.ca, closeAfterConnect: true, upstreamPort: plain.port });
    const s = preset('aws-iot-core', 8883, { hasClientCert: true }, { clientId: 'thing-42', host: '127.0.0.1' }, { port: front.port });
    const { report } = await attempt({ settings: s, material: await good() });
    // Under TLS 1.3 a close with no byte from the broker cannot be told from a refused certificate
    // by timing alone, so the phase stays client-auth; the cause is the close before CONNACK.
    expect(outcomeOf(report)).toEqual({ verdict: 'rejected', phase: 'client-auth', cause: 'closed-before-connack' });
    expect(report.explanation).toContain('IoT policy attached to the certificate does not allow iot:Connect for the client id "thing-42"');
    expect(report.explanation).toContain(`"${pki.clientGood.commonName}"`);
  });

  it('notes what the settings miss of its rules', async () => {
    const front = await fronts.start({ ...server, clientCa: server.ca, upstreamPort: plain.port });
    const s = preset('aws-iot-core', 8883, {}, { clientId: '' }, { port: front.port });
    const { report } = await attempt({ settings: s, material: await material({ ca: [pki.ca.cert] }) });
    const notes = report.notes.filter((n) => n.code === 'preset-convention').map((n) => n.message);
    expect(notes).toContain('AWS IoT Core authenticates MQTT devices by their X.509 client certificate, and none is configured.');
    expect(notes.some((n) => n.startsWith('AWS IoT Core needs a client id'))).toBe(true);
  });
});

describe('Azure IoT Hub', () => {
  it('forms the username from the hub and the device id, with MQTT 3.1.1, and the hub takes it', async () => {
    const s = preset('azure-iot-hub', 8883, { hasClientCert: true }, { clientId: DEVICE }, { port: azure.port });
    expect(s).toMatchObject({ mqttVersion: '3.1.1', clientId: DEVICE, username: `127.0.0.1/${DEVICE}/?api-version=2021-04-12` });
    const { report } = await attempt({ settings: s, material: await good(), secrets: { password: SAS } });
    expect(report.cause).toBe('ok');
    // The test certificate's CN is not the device id: the hub's rule for CA-signed devices is noted.
    expect(report.notes.map((n) => n.message)).toContain(
      `IoT Hub matches a CA-signed device certificate by its CN: "${pki.clientGood.commonName}" is not the device id "${DEVICE}".`,
    );
  });

  it("explains a refused device in the hub's terms", async () => {
    const s = preset('azure-iot-hub', 8883, { hasClientCert: true }, { clientId: 'device-2' }, { port: azure.port });
    const { report } = await attempt({ settings: s, material: await good(), secrets: { password: SAS } });
    expect(report.verdict).toBe('rejected');
    expect(report.phase).toBe('connack');
    expect(report.explanation).toMatch(/IoT Hub answers this when/);
    expect(report.explanation).toContain('device-2');
  });
});

describe('EMQX, one device one secret', () => {
  it("takes the certificate's CN as the username, with the device's password", async () => {
    const s = preset('emqx', 8883, { clientCn: pki.clientGood.commonName, hasClientCert: true }, {}, { port: emqx.port });
    expect(s.username).toBe(pki.clientGood.commonName);
    const { report } = await attempt({ settings: s, material: await good(), secrets: { password: EMQX_SECRET } });
    expect(report.cause).toBe('ok');
    const wrong = await attempt({ settings: s, material: await good(), secrets: { password: 'not-it' } });
    expect(wrong.report.verdict).toBe('rejected');
  });
});

describe('HiveMQ Cloud', () => {
  it('connects by host name (SNI sent); by address no SNI goes, the cluster is not found, and the explanation says so', async () => {
    const front = await fronts.start({ ...server, requireSni: true, upstreamPort: plainUsers.port });
    const byName = preset('hivemq-cloud', 8883, { passwordGiven: true }, { host: 'localhost', username: HIVE_USER }, { port: front.port });
    const ok = await attempt({ settings: byName, material: await material({ ca: [pki.ca.cert] }), secrets: { password: HIVE_PASSWORD } });
    expect(ok.report.cause).toBe('ok');
    expect(front.sniSeen).toEqual(['localhost']);

    const byAddress = preset(
      'hivemq-cloud',
      8883,
      { passwordGiven: true },
      { host: '127.0.0.1', username: HIVE_USER },
      { port: front.port },
    );
    const { report } = await attempt({
      settings: byAddress,
      material: await material({ ca: [pki.ca.cert] }),
      secrets: { password: HIVE_PASSWORD },
    });
    expect(report.verdict).not.toMatch(/^accepted/);
    expect(front.sniSeen).toEqual(['localhost', null]);
    expect(report.explanation).toContain('HiveMQ Cloud needs SNI to find the cluster');
    expect(report.notes.map((n) => n.message).some((m) => m.startsWith('HiveMQ Cloud routes each connection to its cluster by SNI'))).toBe(
      true,
    );
  });
});
