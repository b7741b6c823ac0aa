// The trust store and the TLS key log against real mosquitto brokers over TLS 1.3 and 1.2, the
// refusals inside a TLS 1.2 handshake with what that handshake had shown, and an MQTT 5 CONNECT
// met by a broker that speaks only 3.1.1.
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openKeyLogFile, type KeyLogFile } from '../../../electron/core/connect/key-log';
import { makePki, type TestPki } from '../../support/pki';
import { useBrokers, type Broker } from '../../support/mosquitto';
import { tlsMqtt311Only, useHostile } from '../../support/hostile';
import { SHORT, attempt, material, outcomeOf, recordUnhandled, settings } from '../../support/connect-harness';

recordUnhandled();
const brokers = useBrokers();
const hostile = useHostile();

let dir: string;
let pki: TestPki;
let mtls: Broker;
let mtls12: Broker;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-trust-keylog-'));
  pki = await makePki(join(dir, 'pki'));
  const tls = {
    cafile: pki.ca.cert,
    certfile: pki.server.cert,
    keyfile: pki.server.key,
    requireCertificate: true,
    useIdentityAsUsername: true,
  };
  [mtls, mtls12] = await Promise.all([brokers.start({ tls }), brokers.start({ tls: { ...tls, maxVersion: 'TLSv1.2' } })]);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const good = () => material({ ca: [pki.ca.cert], cert: pki.clientGood.cert, key: pki.clientGood.key });

/** The key log's lines by label: `label → client randoms`. */
function labels(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of text.split('\n').filter(Boolean)) {
    const [label, random, secret] = line.split(' ');
    expect(random, line).toMatch(/^[0-9a-f]{64}$/);
    expect(secret, line).toMatch(/^[0-9a-f]{64,}$/);
    out.set(label!, [...(out.get(label!) ?? []), random!]);
  }
  return out;
}

describe('the TLS key log', () => {
  let file: KeyLogFile | null = null;
  afterEach(() => file?.close());

  const open = (path: string) => {
    const opened = openKeyLogFile(path);
    if (!opened.ok) throw new Error(opened.error);
    file = opened.value;
    return opened.value;
  };

  it('writes the five TLS 1.3 secrets of one handshake, 0600, and the report warns that it decrypts the session', async () => {
    const path = join(dir, 'tls13.keylog');
    const sink = open(path);
    const { report } = await attempt({ settings: settings(mtls.port), material: await good() }, { keyLog: sink });
    sink.close();
    // The key log is a warning of its own: the attempt is accepted with it.
    expect(outcomeOf(report)).toEqual({ verdict: 'accepted-with-warnings', phase: 'done', cause: 'ok' });
    expect(report.tls?.protocol).toBe('TLSv1.3');
    const lines = labels(await readFile(path, 'utf8'));
    expect([...lines.keys()].sort()).toEqual([
      'CLIENT_HANDSHAKE_TRAFFIC_SECRET',
      'CLIENT_TRAFFIC_SECRET_0',
      'EXPORTER_SECRET',
      'SERVER_HANDSHAKE_TRAFFIC_SECRET',
      'SERVER_TRAFFIC_SECRET_0',
    ]);
    // One handshake: every secret belongs to the same client random.
    expect(new Set([...lines.values()].flat()).size).toBe(1);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const warning = report.warnings.find((w) => w.code === 'tls-key-log');
    expect(warning?.message).toContain(path);
    expect(warning?.message).toContain('decrypt');
  });

  it('writes CLIENT_RANDOM under TLS 1.2, appending to a file that existed and narrowing it to 0600', async () => {
    const path = join(dir, 'tls12.keylog');
    await writeFile(path, 'CLIENT_RANDOM ' + 'ab'.repeat(32) + ' ' + 'cd'.repeat(48) + '\n');
    await chmod(path, 0o644);
    const sink = open(path);
    const { report } = await attempt({ settings: settings(mtls12.port), material: await good() }, { keyLog: sink });
    sink.close();
    expect(outcomeOf(report)).toEqual({ verdict: 'accepted-with-warnings', phase: 'done', cause: 'ok' });
    expect(report.tls?.protocol).toBe('TLSv1.2');
    const randoms = labels(await readFile(path, 'utf8')).get('CLIENT_RANDOM');
    expect(randoms).toHaveLength(2);
    expect(randoms![0]).toBe('ab'.repeat(32));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('keeps the secrets of a handshake the broker refused, so its capture can be read', async () => {
    const path = join(dir, 'refused.keylog');
    const sink = open(path);
    const { report } = await attempt(
      { settings: settings(mtls12.port, { timeouts: { ...SHORT } }), material: await material({ ca: [pki.ca.cert] }) },
      { keyLog: sink },
    );
    sink.close();
    // Under TLS 1.2 the broker refuses inside the handshake: the phase is tls.
    expect(outcomeOf(report)).toEqual({ verdict: 'rejected', phase: 'tls', cause: 'client-cert-required' });
    expect(labels(await readFile(path, 'utf8')).get('CLIENT_RANDOM')).toHaveLength(1);
  });

  it('names the path and the reason when the file cannot be opened', () => {
    const opened = openKeyLogFile(join(dir, 'no-such-folder', 'x.keylog'));
    expect(opened.ok).toBe(false);
    if (!opened.ok)
      expect(opened.error).toBe(`The TLS key log ${join(dir, 'no-such-folder', 'x.keylog')} cannot be written: its folder does not exist.`);
  });
});

describe("the operating system's trust store", () => {
  const saved = process.env.SSL_CERT_FILE;
  afterEach(() => {
    if (saved === undefined) delete process.env.SSL_CERT_FILE;
    else process.env.SSL_CERT_FILE = saved;
  });

  it('trusts the broker through SSL_CERT_FILE with no CA loaded, and the report says where the store came from', async () => {
    process.env.SSL_CERT_FILE = pki.ca.cert;
    const { report } = await attempt({
      settings: settings(mtls.port, { useSystemCa: true }),
      material: await material({ cert: pki.clientGood.cert, key: pki.clientGood.key }),
    });
    expect(outcomeOf(report)).toEqual({ verdict: 'accepted', phase: 'done', cause: 'ok' });
    expect(report.tls?.trust).toEqual({
      loaded: 0,
      system: { count: 1, source: `SSL_CERT_FILE=${pki.ca.cert}`, found: true },
      builtIn: null,
    });
    expect(report.timeline.find((t) => t.phase === 'preflight')?.detail).toContain(`SSL_CERT_FILE=${pki.ca.cert}`);
  });

  it("does not trust the broker without the option: Node's built-in list does not hold the test CA", async () => {
    process.env.SSL_CERT_FILE = pki.ca.cert;
    const { report } = await attempt({
      settings: settings(mtls.port, { timeouts: { ...SHORT } }),
      material: await material({ cert: pki.clientGood.cert, key: pki.clientGood.key }),
    });
    expect(outcomeOf(report)).toEqual({ verdict: 'failed', phase: 'tls', cause: 'server-cert-untrusted' });
    expect(report.tls?.trust?.system).toBeNull();
    expect(report.tls?.trust?.builtIn).toBeGreaterThan(100);
  });
});

describe('a refusal inside a TLS 1.2 handshake', () => {
  it("keeps the handshake's TLS facts, in the report and in its explanation", async () => {
    const { report } = await attempt({
      settings: settings(mtls12.port, { timeouts: { ...SHORT } }),
      material: await material({ ca: [pki.ca.cert], cert: pki.clientForeign.cert, key: pki.clientForeign.key }),
    });
    expect(outcomeOf(report)).toEqual({ verdict: 'rejected', phase: 'tls', cause: 'client-cert-unknown-ca' });
    expect(report.tls).toMatchObject({ protocol: 'TLSv1.2', handshake: 'failed', clientCertificateRequested: true });
    expect(report.tls?.peerChain[0]?.commonName).toBe(pki.server.commonName);
    expect(report.tls?.clientCertificate?.commonName).toBe(pki.clientForeign.commonName);
    expect(report.explanation).toMatch(
      /The TLSv1\.2 handshake with TLS_\w+ stopped there, before it finished; the broker had sent its certificate/,
    );
    expect(report.explanation).toContain(`asked for a client certificate and got ${pki.clientForeign.commonName}`);
  });
});

describe('an MQTT 5 CONNECT to a broker that speaks only MQTT 3.1.1', () => {
  it('reads its 3.1.1 CONNACK 1 as "unacceptable protocol version" and says to connect with 3.1.1', async () => {
    const server = await hostile.track(tlsMqtt311Only({ cert: await readFile(pki.server.cert), key: await readFile(pki.server.key) }));
    const { report } = await attempt({
      settings: settings(server.port, { mqttVersion: '5', timeouts: { ...SHORT } }),
      material: await material({ ca: [pki.ca.cert] }),
    });
    expect(outcomeOf(report)).toEqual({ verdict: 'rejected', phase: 'connack', cause: 'connack-protocol-unsupported' });
    expect(report.evidence.connack).toMatchObject({ version: '3.1.1', code: 1 });
    expect(report.mqtt?.connackVersion).toBe('3.1.1');
    expect(report.explanation).toContain('answered the MQTT 5 CONNECT with an MQTT 3.1.1 CONNACK return code 1');
    expect(report.explanation).toContain('it does not speak MQTT 5. Connect with MQTT 3.1.1.');
    // And the same server takes the 3.1.1 CONNECT the explanation asks for.
    const again = await attempt({
      settings: settings(server.port, { mqttVersion: '3.1.1', timeouts: { ...SHORT } }),
      material: await material({ ca: [pki.ca.cert] }),
    });
    expect(outcomeOf(again.report)).toEqual({ verdict: 'accepted', phase: 'done', cause: 'ok' });
  });
});
