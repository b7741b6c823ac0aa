// A NanoMQ bridge configuration with an encrypted key (`key_password`) becomes a profile that
// gets onto a real mosquitto requiring client certificates and a password, through the probe
// (via profiles/probe-input.ts); and the same profile copied as a mosquitto_sub line and as an
// openssl s_client line, run here by the real tools with the secrets in environment variables,
// gets in too. A wrong secret in each place is refused, so each secret is shown to be used.
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Profile } from '../../../shared/profile/profile';
import { connect } from '../../../electron/core/connect/probe';
import { toProbeInput } from '../../../electron/core/profiles/probe-input';
import { openProfileService, type ProfileService } from '../../../electron/core/profiles/profile-service';
import { createMemoryStore } from '../../../electron/core/store/store-data';
import { parseConfigText } from '../../../electron/core/transfer/config-import';
import { probeSourceOf, type ImportCandidate } from '../../../electron/core/transfer/import-candidate';
import { profileCommand } from '../../../electron/core/transfer/to-command';
import { createTransferService, readReferencedFile } from '../../../electron/core/transfer/transfer-service';
import { useBrokers, type Broker } from '../../support/mosquitto';
import { GOOD_CLIENT_CN, KEY_PASSPHRASE, makePki, type TestPki } from '../../support/pki';

const USER = 'edge-gw';
const PASSWORD = 'bridge-password-7f3a';
const brokers = useBrokers();
let dir = '';
let pki: TestPki;
let broker: Broker;

/** NanoMQ 0.19+ `nanomq.conf`, its files relative to the configuration's folder. */
const nanomqConfig = (port: number, keyPassword: string) => `
bridges.mqtt.cloud {
  server = "tls+mqtt-tcp://127.0.0.1:${port}"
  proto_ver = 4
  clientid = "nanomq-edge-gw"
  username = "${USER}"
  password = "${PASSWORD}"
  keepalive = 30s
  ssl {
    key_password = "${keyPassword}"
    keyfile = "certs/edge.key"
    certfile = "certs/edge.crt"
    cacertfile = "certs/ca.pem"
  }
  forwards = [{ remote_topic = "fwd/#", local_topic = "#", qos = 1 }]
}
`;

async function candidateFrom(text: string): Promise<ImportCandidate> {
  const parsed = await parseConfigText(text, { readFile: readReferencedFile, baseDir: join(dir, 'nanomq') });
  if (!parsed.ok) throw new Error(parsed.error.message);
  expect(parsed.value.candidates).toHaveLength(1);
  return parsed.value.candidates[0]!;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-config-connect-'));
  pki = await makePki(join(dir, 'pki'));
  broker = await brokers.start({
    tls: { cafile: pki.ca.cert, certfile: pki.server.cert, keyfile: pki.server.key, requireCertificate: true },
    users: { [USER]: PASSWORD },
  });
  await mkdir(join(dir, 'nanomq', 'certs'), { recursive: true });
  await copyFile(pki.ca.cert, join(dir, 'nanomq', 'certs', 'ca.pem'));
  await copyFile(pki.clientGood.cert, join(dir, 'nanomq', 'certs', 'edge.crt'));
  await copyFile(pki.clientGoodFormats.keyPkcs8Encrypted, join(dir, 'nanomq', 'certs', 'edge.key'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs a shell line in `cwd` with `env` added; `stdin` is written and kept open until the process ends or `until` holds. */
function sh(line: string, cwd: string, env: Record<string, string>, options: { stdin?: Buffer; until?: (out: Buffer) => boolean } = {}) {
  return new Promise<{ code: number | null; out: Buffer; err: string }>((resolve) => {
    const child = spawn('/bin/sh', ['-c', line], { cwd, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = Buffer.alloc(0);
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.on('data', (d: Buffer) => {
      out = Buffer.concat([out, d]);
      if (options.until?.(out)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
    if (options.stdin) child.stdin.write(options.stdin);
    else child.stdin.end();
  });
}

/** An MQTT 3.1.1 CONNECT (§3.1) with clean session, a username and a password. */
function connectPacket(clientId: string, username: string, password: string): Buffer {
  const str = (s: string) => {
    const b = Buffer.from(s, 'utf8');
    return Buffer.concat([Buffer.from([b.length >> 8, b.length & 0xff]), b]);
  };
  const body = Buffer.concat([str('MQTT'), Buffer.from([4, 0xc2, 0, 30]), str(clientId), str(username), str(password)]);
  return Buffer.concat([Buffer.from([0x10, body.length]), body]);
}

/** Stores the candidate through the transfer service, as the app does; the profile as the UI sees it. */
async function store(c: ImportCandidate): Promise<{ profile: Profile; profiles: ProfileService }> {
  const profiles = await openProfileService({ store: createMemoryStore() });
  const transfer = createTransferService({ profiles, app: { name: 'Keyhole', version: 'test' }, readReferencedFiles: true });
  const preview = transfer.previewParsed({
    source: 'config',
    encrypted: false,
    secretsSkipped: false,
    exportedAt: null,
    candidates: [c],
    notes: [],
  });
  const applied = await transfer.apply({ token: preview.token });
  if (!applied.ok) throw new Error(applied.error.message);
  return { profile: profiles.listProfiles()[0]!, profiles };
}

/** Saves the profile's files under the names a copied line expects. */
async function saveFilesFor(command: ReturnType<typeof profileCommand>, profiles: ProfileService, id: string, into: string): Promise<void> {
  const resolved = profiles.resolve(id);
  if (!resolved.ok) throw new Error(resolved.error.message);
  const all = [...resolved.value.files.ca, resolved.value.files.cert, resolved.value.files.key].filter((f) => f !== null);
  await mkdir(into, { recursive: true });
  for (const f of command.files) {
    const parts = f.from.map((name) => all.find((x) => x.fileName === name)!.bytes);
    await writeFile(join(into, f.name), Buffer.concat(parts));
  }
}

describe('a NanoMQ bridge configuration with an encrypted key', () => {
  it('maps to a profile that mosquitto accepts through the probe', async () => {
    const c = await candidateFrom(nanomqConfig(broker.port, KEY_PASSPHRASE));
    expect(c.fileStatus.map((f) => [f.slot, f.status])).toEqual([
      ['key', 'included'],
      ['cert', 'included'],
      ['ca', 'included'],
    ]);
    expect(c.includedSecrets.sort()).toEqual(['key-passphrase', 'mqtt-password', 'private-key']);
    const { report } = await connect(toProbeInput(probeSourceOf(c)));
    expect({ verdict: report.verdict, cause: report.cause }).toEqual({ verdict: 'accepted', cause: 'ok' });
    expect(report.tls?.clientCertificate?.commonName).toBe(GOOD_CLIENT_CN);
    expect(report.mqtt?.passwordSent).toBe(true);
    expect(report.mqtt?.clientId).toBe('nanomq-edge-gw');
  });

  it('stops in preflight when key_password is wrong, and at CONNACK when the password is', async () => {
    const wrongKey = await candidateFrom(nanomqConfig(broker.port, 'not the passphrase'));
    const a = await connect(toProbeInput(probeSourceOf(wrongKey)));
    expect({ verdict: a.report.verdict, cause: a.report.cause }).toEqual({ verdict: 'failed', cause: 'key-passphrase-wrong' });
    const wrongPassword = await candidateFrom(nanomqConfig(broker.port, KEY_PASSPHRASE).replace(PASSWORD, 'wrong-password'));
    const b = await connect(toProbeInput(probeSourceOf(wrongPassword)));
    // mosquitto answers a wrong password with CONNACK 5 (not authorised) under 3.1.1 (DESIGN §4).
    expect({ verdict: b.report.verdict, cause: b.report.cause }).toEqual({ verdict: 'rejected', cause: 'connack-not-authorized' });
  });

  it('copied as a mosquitto_sub line, connects with the secrets from the environment', async () => {
    const { profile, profiles } = await store(await candidateFrom(nanomqConfig(broker.port, KEY_PASSPHRASE)));
    const command = profileCommand(profile, 'mosquitto_sub');
    expect(command.files.map((f) => f.name)).toEqual(['ca.pem', 'edge.key', 'edge.crt']);
    expect(command.env.map((e) => e.name).sort()).toEqual(['KEY_PASS', 'MQTT_PASSWORD']);
    expect(command.text).not.toContain(PASSWORD);
    expect(command.text).not.toContain(KEY_PASSPHRASE);
    const run = join(dir, 'mosquitto-sub');
    await saveFilesFor(command, profiles, profile.id, run);
    // -E: exit once the broker has acknowledged the subscription, i.e. after CONNACK 0 and SUBACK.
    const ok = await sh(`${command.text} -E`, run, { MQTT_PASSWORD: PASSWORD, KEY_PASS: KEY_PASSPHRASE });
    expect(ok.code, ok.err).toBe(0);
    const refused = await sh(`${command.text} -E`, run, { MQTT_PASSWORD: 'wrong-password', KEY_PASS: KEY_PASSPHRASE });
    expect(refused.code).not.toBe(0);
    expect(refused.err).toMatch(/not authori[sz]ed|Connection Refused/i);
  });

  it('copied as an openssl s_client line, completes the handshake and carries an MQTT CONNECT to CONNACK 0', async () => {
    const { profile, profiles } = await store(await candidateFrom(nanomqConfig(broker.port, KEY_PASSPHRASE)));
    const command = profileCommand(profile, 'openssl');
    expect(command.text).toContain('-pass env:KEY_PASS');
    expect(command.text).not.toContain(KEY_PASSPHRASE);
    const run = join(dir, 'openssl');
    await saveFilesFor(command, profiles, profile.id, run);
    const packet = connectPacket('openssl-line', USER, PASSWORD);
    // CONNACK with return code 0 (MQTT 3.1.1 §3.2): 20 02 00 00.
    const connack = (out: Buffer) => out.includes(Buffer.from([0x20, 0x02, 0x00, 0x00]));
    const ok = await sh(command.text, run, { KEY_PASS: KEY_PASSPHRASE }, { stdin: packet, until: connack });
    expect(connack(ok.out), ok.err).toBe(true);
    expect(ok.err).toMatch(/CONNECTION ESTABLISHED/);
    const wrong = await sh(command.text, run, { KEY_PASS: 'not the passphrase' }, { stdin: packet, until: connack });
    expect(connack(wrong.out)).toBe(false);
    expect(wrong.code).not.toBe(0);
  });
});
