// `keyhole connect --profile NAME`: a saved profile from the store in --data-dir, or one from an
// export (--profiles FILE, with its passphrase from --profiles-passphrase-env), against a real
// mosquitto with mTLS and a password file; flags given as well override the profile's fields.
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../../shared/ipc/contract';
import { openAppCore } from '../../../electron/core/host/app-core';
import { useBrokers, type Broker } from '../../support/mosquitto';
import { freePort } from '../../support/ports';
import { reportOf, runCli, type CliRun } from '../../support/cli';
import { KEY_PASSPHRASE, makePki, type TestPki } from '../../support/pki';
import { addDevice, brokerOptions, DEVICE, MQTT_PASSWORD, MQTT_USER, value } from '../../support/store/device';

const REPO = resolve(__dirname, '../../..');
const brokers = useBrokers();
const EXPORT_PASSPHRASE = 'cli export passphrase';
let dir = '';
let cli = '';
let pki: TestPki;
let broker: Broker;
let dataDir = '';
let sealedExport = '';
let plainExport = '';
let mqttxExport = '';

type Run = CliRun;
const keyhole = (args: string[], env: Record<string, string> = {}) => runCli(cli, REPO, args, env, 30_000);
const report = reportOf;
const outcome = (run: Run) => {
  const r = report(run);
  return { code: run.code, verdict: r.verdict, cause: r.cause };
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-cli-profile-'));
  // Bundled to a path of its own, so other test files building the CLI at the same time do not collide.
  cli = join(REPO, 'node_modules', '.cache', 'keyhole-test', randomUUID(), 'keyhole.mjs');
  await build({
    entryPoints: [join(REPO, 'electron/cli/main.ts')],
    outfile: cli,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  pki = await makePki(join(dir, 'pki'));
  broker = await brokers.start(brokerOptions(pki));

  // The store a desktop app or web host left in its data folder.
  dataDir = join(dir, 'data');
  const core = await openAppCore({ dataDir, host: 'web', version: 'test', send: (_e: EventEnvelope) => undefined, allowPathImport: false });
  await addDevice(core, pki, broker.port);
  sealedExport = join(dir, 'sealed.keyhole.json');
  await writeFile(sealedExport, value(await core.api.call('transfer:export', { withSecrets: true, passphrase: EXPORT_PASSPHRASE })).json);
  plainExport = join(dir, 'plain.keyhole.json');
  await writeFile(plainExport, value(await core.api.call('transfer:export', { withSecrets: false })).json);
  await core.close();

  // An MQTT X export naming the PKI files by path.
  mqttxExport = join(dir, 'mqttx.json');
  await writeFile(
    mqttxExport,
    JSON.stringify([
      {
        name: 'From MQTT X',
        clientId: 'mqttx-cli',
        host: '127.0.0.1',
        port: broker.port,
        protocol: 'mqtts',
        ssl: true,
        certType: 'self',
        mqttVersion: '5.0',
        clean: true,
        keepalive: 60,
        username: MQTT_USER,
        password: MQTT_PASSWORD,
        ca: pki.ca.cert,
        cert: pki.clientGood.cert,
        key: pki.clientGood.key,
        rejectUnauthorized: true,
      },
    ]),
  );
});

afterAll(async () => {
  if (cli) await rm(resolve(cli, '..'), { recursive: true, force: true });
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('keyhole connect --profile', () => {
  it('runs a saved profile from the store, secrets included', async () => {
    const run = await keyhole(['connect', '--profile', DEVICE, '--data-dir', dataDir, '--json']);
    expect(outcome(run), run.stderr).toEqual({ code: 0, verdict: 'accepted', cause: 'ok' });
    expect(report(run).tls?.clientCertificate?.commonName).toBe(pki.clientGood.commonName);
    expect(report(run).mqtt?.passwordSent).toBe(true);
    // Read only: the CLI never writes the store it reads.
    const before = await readFile(join(dataDir, 'profiles.json'), 'utf8');
    await keyhole(['connect', '--profile', DEVICE, '--data-dir', dataDir, '--json']);
    expect(await readFile(join(dataDir, 'profiles.json'), 'utf8')).toBe(before);
  });

  it('lets flags override the profile: a wrong password from the environment, another broker URL', async () => {
    const wrong = await keyhole(['connect', '--profile', DEVICE, '--data-dir', dataDir, '--password-env', 'WRONG_PW', '--json'], {
      WRONG_PW: 'not the password',
    });
    // mosquitto answers a wrong password with 0x87 under MQTT 5 (DESIGN §4); the stored one is accepted above.
    expect(outcome(wrong)).toEqual({ code: 1, verdict: 'rejected', cause: 'connack-not-authorized' });
    const elsewhere = await keyhole([
      'connect',
      `mqtts://127.0.0.1:${await freePort()}`,
      '--profile',
      DEVICE,
      '--data-dir',
      dataDir,
      '--json',
    ]);
    expect(outcome(elsewhere)).toEqual({ code: 2, verdict: 'failed', cause: 'tcp-refused' });
    const v311 = await keyhole(['connect', '--profile', DEVICE, '--data-dir', dataDir, '--mqtt', '3.1.1', '--json']);
    expect(report(v311).mqtt?.version).toBe('3.1.1');
  });

  it('runs a profile from an export with secrets, given its passphrase', async () => {
    const run = await keyhole(
      ['connect', '--profile', DEVICE, '--profiles', sealedExport, '--profiles-passphrase-env', 'KH_EXPORT', '--json'],
      { KH_EXPORT: EXPORT_PASSPHRASE },
    );
    expect(outcome(run), run.stderr).toEqual({ code: 0, verdict: 'accepted', cause: 'ok' });

    const none = await keyhole(['connect', '--profile', DEVICE, '--profiles', sealedExport, '--json']);
    expect(none.code).toBe(64);
    expect(none.stderr).toMatch(/sealed with a passphrase: give it with --profiles-passphrase-env/);
    const wrong = await keyhole(
      ['connect', '--profile', DEVICE, '--profiles', sealedExport, '--profiles-passphrase-env', 'KH_EXPORT', '--json'],
      { KH_EXPORT: 'nope nope nope' },
    );
    expect(wrong.code).toBe(64);
    expect(wrong.stderr).toMatch(/passphrase is wrong/);
  });

  it('runs a profile from an export without secrets once they come from the environment', async () => {
    const bare = await keyhole(['connect', '--profile', DEVICE, '--profiles', plainExport, '--json']);
    expect(bare.stderr).toMatch(/the key file .* is not available here/);
    expect(bare.stderr).toMatch(/the MQTT password is not available here .*--password-env VAR/);
    expect(report(bare).verdict).not.toMatch(/^accepted/);

    const run = await keyhole(
      [
        'connect',
        '--profile',
        DEVICE,
        '--profiles',
        plainExport,
        '--cert',
        pki.clientGood.cert,
        '--key',
        pki.clientGoodFormats.keyPkcs8Encrypted,
        '--passphrase-env',
        'KH_KEY',
        '--password-env',
        'KH_PW',
        '--json',
      ],
      { KH_KEY: KEY_PASSPHRASE, KH_PW: MQTT_PASSWORD },
    );
    expect(outcome(run), run.stderr).toEqual({ code: 0, verdict: 'accepted', cause: 'ok' });
  });

  it('runs a connection from an MQTT X export, reading its certificate paths', async () => {
    const run = await keyhole(['connect', '--profile', 'From MQTT X', '--profiles', mqttxExport, '--json']);
    expect(outcome(run), run.stderr).toEqual({ code: 0, verdict: 'accepted', cause: 'ok' });
  });

  it('says which profiles there are when the name is unknown, and what is missing', async () => {
    const unknown = await keyhole(['connect', '--profile', 'Nope', '--data-dir', dataDir]);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain(`there is no profile named "Nope" in the store ${join(dataDir, 'profiles.json')}; it has "${DEVICE}"`);
    const empty = await keyhole(['connect', '--profile', DEVICE, '--data-dir', join(dir, 'empty')]);
    expect(empty.code).toBe(64);
    expect(empty.stderr).toMatch(/holds no profiles/);
    // A store that cannot be read is not just empty: the message says what went wrong.
    await mkdir(join(dir, 'corrupt'), { recursive: true });
    await writeFile(join(dir, 'corrupt', 'profiles.json'), '{"schemaVersion": 4, "profiles": [');
    const corrupt = await keyhole(['connect', '--profile', DEVICE, '--data-dir', join(dir, 'corrupt')]);
    expect(corrupt.code).toBe(64);
    expect(corrupt.stderr).toMatch(/holds no profiles\. .*(could not|cannot|damaged|corrupt|not valid)/i);
    const neither = await keyhole(['connect']);
    expect(neither.code).toBe(64);
    expect(neither.stderr).toMatch(/give the broker URL .* or --profile NAME/);
    const orphan = await keyhole(['connect', 'mqtts://127.0.0.1:1', '--profiles', plainExport]);
    expect(orphan.code).toBe(64);
    expect(orphan.stderr).toMatch(/--profiles and --profiles-passphrase-env need --profile NAME/);
  });
});
