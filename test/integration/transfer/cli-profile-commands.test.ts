// `keyhole profile from-config | from-command | to-command` as a CI job runs them: exit codes,
// --json, --save into a data folder (then `keyhole connect --profile` against a real mosquitto
// with mTLS and a password), and --save refused while another process holds the folder's lock.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportOf, runCli } from '../../support/cli';
import { useBrokers, type Broker } from '../../support/mosquitto';
import { GOOD_CLIENT_CN, KEY_PASSPHRASE, makePki, type TestPki } from '../../support/pki';

const REPO = resolve(__dirname, '../../..');
const USER = 'cli-device';
const PASSWORD = 'cli-bridge-password-91c';
const brokers = useBrokers();
let dir = '';
let cli = '';
let pki: TestPki;
let broker: Broker;
let config = '';
const keyhole = (args: string[], env: Record<string, string> = {}, cwd = REPO) => runCli(cli, cwd, args, env, 30_000);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-cli-config-'));
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
  broker = await brokers.start({
    tls: { cafile: pki.ca.cert, certfile: pki.server.cert, keyfile: pki.server.key, requireCertificate: true },
    users: { [USER]: PASSWORD },
  });
  await mkdir(join(dir, 'etc', 'certs'), { recursive: true });
  await copyFile(pki.ca.cert, join(dir, 'etc', 'certs', 'ca.pem'));
  await copyFile(pki.clientGood.cert, join(dir, 'etc', 'certs', 'device.crt'));
  await copyFile(pki.clientGoodFormats.keyPkcs8Encrypted, join(dir, 'etc', 'certs', 'device.key'));
  config = join(dir, 'etc', 'nanomq.conf');
  await writeFile(
    config,
    [
      'bridges.mqtt.cloud {',
      `  server = "tls+mqtt-tcp://127.0.0.1:${broker.port}"`,
      '  proto_ver = 5',
      '  clientid = "cli-bridge"',
      `  username = "${USER}"`,
      `  password = "${PASSWORD}"`,
      '  ssl {',
      `    key_password = "${KEY_PASSPHRASE}"`,
      '    keyfile = "certs/device.key"',
      '    certfile = "certs/device.crt"',
      '    cacertfile = "certs/ca.pem"',
      '  }',
      '}',
      'bridges.mqtt.backup { server = "mqtt-tcp://10.0.0.1:1883" }',
      '',
    ].join('\n'),
  );
});

afterAll(async () => {
  if (cli) await rm(resolve(cli, '..'), { recursive: true, force: true });
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('keyhole profile from-config', () => {
  it('prints the profile as JSON, files read from the configuration folder, secrets named never shown (exit 0)', async () => {
    const run = await keyhole(['profile', 'from-config', config, '--bridge', 'cloud', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({
      name: 'NanoMQ bridge cloud',
      format: 'nanomq',
      section: 'cloud',
      target: `mqtts://127.0.0.1:${broker.port}`,
      settings: { clientId: 'cli-bridge', username: USER, mqttVersion: '5', verify: 'full' },
      files: [
        { slot: 'key', fileName: 'device.key', status: 'included' },
        { slot: 'cert', fileName: 'device.crt', status: 'included' },
        { slot: 'ca', fileName: 'ca.pem', status: 'included' },
      ],
      secrets: { included: expect.arrayContaining(['mqtt-password', 'key-passphrase', 'private-key']), missing: [] },
    });
    expect(run.stdout).not.toContain(PASSWORD);
    expect(run.stdout).not.toContain(KEY_PASSPHRASE);
  });

  it('prints what was mapped and left out for people, and asks which bridge when there are several (exit 64)', async () => {
    const human = await keyhole(['profile', 'from-config', config, '--bridge', 'backup']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/^NanoMQ bridge backup {2}\(NanoMQ bridge \(HOCON\)\)\n {2}broker {4}mqtt:\/\/10\.0\.0\.1:1883/);
    expect(human.stdout).toMatch(/Mapped\n {2}line 14 {2}server/);
    const several = await keyhole(['profile', 'from-config', config]);
    expect(several.code).toBe(64);
    expect(several.stderr).toContain('has 2 bridges: "cloud", "backup"; choose one with --bridge NAME');
    const unknown = await keyhole(['profile', 'from-config', config, '--bridge', 'nope']);
    expect(unknown.code).toBe(64);
  });

  it('refuses a malformed configuration with its line and column (exit 65) and a missing file (exit 66)', async () => {
    const bad = join(dir, 'bad.conf');
    await writeFile(bad, 'bridges.mqtt.x {\n  proto_ver = 4\n  server = mqtt-tcp://a:1883\n}\n');
    const run = await keyhole(['profile', 'from-config', bad]);
    expect(run.code).toBe(65);
    expect(run.stderr).toContain(`${bad}: Line 3, column 12: A URL must be in double quotes`);
    const missing = await keyhole(['profile', 'from-config', join(dir, 'nope.conf')]);
    expect(missing.code).toBe(66);
    expect(missing.stderr).toMatch(/cannot read .*nope\.conf: no such file/);
  });

  it('--save stores the profile, secrets sealed, and keyhole connect --profile gets onto the broker with it', async () => {
    const data = join(dir, 'data-save');
    const saved = await keyhole(['profile', 'from-config', config, '--bridge', 'cloud', '--save', 'Cloud bridge', '--data-dir', data]);
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.stdout).toMatch(/Saved as "Cloud bridge" \([0-9a-f-]+\) in .*profiles\.json\./);
    const onDisk = await readFile(join(data, 'profiles.json'), 'utf8');
    expect(onDisk).not.toContain(PASSWORD);
    expect(onDisk).not.toContain(KEY_PASSPHRASE);
    const connect = await keyhole(['connect', '--profile', 'Cloud bridge', '--data-dir', data, '--json']);
    const report = reportOf(connect);
    expect({ code: connect.code, verdict: report.verdict, cause: report.cause }).toEqual({ code: 0, verdict: 'accepted', cause: 'ok' });
    expect(report.tls?.clientCertificate?.commonName).toBe(GOOD_CLIENT_CN);
    const again = await keyhole(['profile', 'from-config', config, '--bridge', 'cloud', '--save', 'Cloud bridge', '--data-dir', data]);
    expect(again.code).toBe(64);
    expect(again.stderr).toContain('a profile named "Cloud bridge" exists already');
  });

  it('--save says who holds the data folder and stores nothing while another process holds it (exit 75)', async () => {
    const data = join(dir, 'data-locked');
    await mkdir(data, { recursive: true });
    // Another Keyhole: a live process whose pid is in the lock, as the app or the web host writes it.
    const holder: ChildProcess = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      await writeFile(
        join(data, 'profiles.json.lock'),
        JSON.stringify({ pid: holder.pid, host: hostname(), since: '2026-01-01T00:00:00.000Z' }),
      );
      const run = await keyhole(['profile', 'from-config', config, '--bridge', 'cloud', '--save', 'Locked', '--data-dir', data]);
      expect(run.code).toBe(75);
      expect(run.stderr).toContain(`is in use by another Keyhole (process ${holder.pid} on ${hostname()}`);
      await expect(readFile(join(data, 'profiles.json'), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      holder.kill('SIGKILL');
      await new Promise((r) => holder.once('exit', r));
    }
    // Its process gone, the lock is stale: the next save takes it over.
    const later = await keyhole(['profile', 'from-config', config, '--bridge', 'cloud', '--save', 'Locked', '--data-dir', data]);
    expect(later.code, later.stderr).toBe(0);
  });
});

describe('keyhole profile from-command', () => {
  const line = () =>
    `mosquitto_sub -h 127.0.0.1 -p ${broker.port} -V mqttv5 -i cli-sub -u ${USER} -P "$MQTT_PASSWORD" --cafile ca.pem --cert device.crt --key device.key -t '#'`;

  it('reads the line, takes $MQTT_PASSWORD from the environment and paths from the working folder', async () => {
    const run = await keyhole(['profile', 'from-command', line(), '--json'], { MQTT_PASSWORD: PASSWORD }, join(dir, 'etc', 'certs'));
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as {
      settings: Record<string, unknown>;
      files: { status: string }[];
      secrets: { included: string[]; missing: string[] };
    };
    expect(out.settings).toMatchObject({ host: '127.0.0.1', port: broker.port, clientId: 'cli-sub', mqttVersion: '5', protocol: 'mqtts' });
    expect(out.files.map((f) => f.status)).toEqual(['included', 'included', 'included']);
    // The key is encrypted and a mosquitto_sub line has no passphrase for it.
    expect(out.secrets).toEqual({ included: ['mqtt-password', 'private-key'], missing: ['key-passphrase'] });
    expect(run.stdout).not.toContain(PASSWORD);
    const unset = await keyhole(['profile', 'from-command', line(), '--json'], {}, join(dir, 'etc', 'certs'));
    expect((JSON.parse(unset.stdout) as { secrets: { missing: string[] } }).secrets.missing).toContain('mqtt-password');
  });

  it('refuses a malformed line with its column (exit 65)', async () => {
    const run = await keyhole(['profile', 'from-command', 'mosquitto_sub -h broker -p not-a-port']);
    expect(run.code).toBe(65);
    expect(run.stderr).toContain('Line 1, column 28: -p takes a port from 1 to 65535, not "not-a-port".');
  });
});

describe('keyhole profile to-command', () => {
  it('prints a saved profile as each tool line, secrets as variables, and what the line needs on stderr', async () => {
    const data = join(dir, 'data-save');
    const sub = await keyhole(['profile', 'to-command', 'Cloud bridge', '--as', 'mosquitto_sub', '--data-dir', data]);
    expect(sub.code, sub.stderr).toBe(0);
    expect(sub.stdout).toContain(`mosquitto_sub -h 127.0.0.1 -p ${broker.port} \\\n`);
    expect(sub.stdout).toContain('-P "$MQTT_PASSWORD"');
    expect(sub.stderr).toContain('# file ca.pem: CA certificate');
    expect(sub.stderr).toContain('# set MQTT_PASSWORD: the MQTT password');
    const ssl = await keyhole(['profile', 'to-command', 'Cloud bridge', '--as', 'openssl', '--data-dir', data]);
    expect(ssl.stdout).toContain(`openssl s_client -connect 127.0.0.1:${broker.port}`);
    const kh = await keyhole(['profile', 'to-command', 'Cloud bridge', '--as', 'keyhole', '--data-dir', data]);
    expect(kh.stdout).toMatch(/^keyhole connect mqtts:\/\/127\.0\.0\.1:\d+ \\\n/);
    for (const r of [sub, ssl, kh]) {
      expect(r.stdout).not.toContain(PASSWORD);
      expect(r.stdout).not.toContain(KEY_PASSPHRASE);
    }
  });

  it('refuses an unknown tool or profile (exit 64)', async () => {
    const data = join(dir, 'data-save');
    const tool = await keyhole(['profile', 'to-command', 'Cloud bridge', '--as', 'curl', '--data-dir', data]);
    expect(tool.code).toBe(64);
    expect(tool.stderr).toMatch(/Allowed choices are keyhole, mosquitto_sub, openssl/);
    const name = await keyhole(['profile', 'to-command', 'Nope', '--as', 'keyhole', '--data-dir', data]);
    expect(name.code).toBe(64);
    expect(name.stderr).toContain('there is no profile named "Nope"');
  });
});
