// `keyhole connect` over wss:// with a client certificate and a key log, and with a cloud
// preset, against mosquitto's TLS WebSocket listener: the bundled command as users run it.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePki, type TestPki } from '../../support/pki';
import { useBrokers, type Broker } from '../../support/mosquitto';
import { reportOf, runCli } from '../../support/cli';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CLI = join(ROOT, 'out/cli/keyhole.mjs');
const brokers = useBrokers();

let dir: string;
let pki: TestPki;
let wss: Broker;

const keyhole = (args: string[]) => runCli(CLI, ROOT, args);

beforeAll(async () => {
  const build = spawnSync(process.execPath, ['build/build-cli.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build:cli failed: ${build.stderr}${build.stdout}`);
  dir = await mkdtemp(join(tmpdir(), 'keyhole-cli-transports-'));
  pki = await makePki(join(dir, 'pki'));
  wss = await brokers.start({
    websockets: true,
    tls: { cafile: pki.ca.cert, certfile: pki.server.cert, keyfile: pki.server.key, requireCertificate: true, useIdentityAsUsername: true },
  });
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const identity = () => ['--ca', pki.ca.cert, '--cert', pki.clientGood.cert, '--key', pki.clientGood.key];

describe('keyhole connect wss://', () => {
  it('connects with a client certificate, writes the key log it was given and warns about it', async () => {
    const keylog = join(dir, 'wss.keylog');
    const run = await keyhole(['connect', `wss://127.0.0.1:${wss.port}/mqtt`, ...identity(), '--keylog', keylog, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = reportOf(run);
    expect(report).toMatchObject({ verdict: 'accepted-with-warnings', cause: 'ok' });
    expect(report.target).toMatchObject({ protocol: 'wss', path: '/mqtt', url: `wss://127.0.0.1:${wss.port}/mqtt` });
    expect(report.warnings.find((w) => w.code === 'tls-key-log')?.message).toContain(keylog);
    expect(await readFile(keylog, 'utf8')).toMatch(/^CLIENT_TRAFFIC_SECRET_0 [0-9a-f]{64} [0-9a-f]+$/m);
    expect((await stat(keylog)).mode & 0o777).toBe(0o600);
  });

  it('takes the path from --path, and the human output names the WebSocket upgrade', async () => {
    const run = await keyhole(['connect', `wss://127.0.0.1:${wss.port}`, '--path', '/any/path', ...identity()]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`keyhole connect wss://127.0.0.1:${wss.port}/any/path`);
    expect(run.stdout).toMatch(/websocket .*HTTP 101 Switching Protocols/);
  });

  it('fills in a preset, and the port and flags typed win over it', async () => {
    const run = await keyhole([
      'connect',
      `wss://127.0.0.1:${wss.port}`,
      ...identity(),
      '--preset',
      'azure-iot-hub',
      '--client-id',
      'device-7',
      '--json',
    ]);
    const report = reportOf(run);
    // Azure IoT Hub over wss: its path, MQTT 3.1.1 and the username it requires; our port.
    expect(report.target).toMatchObject({ port: wss.port, path: '/$iothub/websocket' });
    expect(report.mqtt).toMatchObject({ version: '3.1.1', clientId: 'device-7', username: '127.0.0.1/device-7/?api-version=2021-04-12' });
    expect(report.notes.filter((n) => n.code === 'preset-convention').length).toBeGreaterThan(0);
  });

  it('refuses what does not fit a transport, with a usage error', async () => {
    const plain = await keyhole(['connect', 'mqtt://127.0.0.1:1883', '--keylog', join(dir, 'x.keylog')]);
    expect(plain.code).toBe(64);
    expect(plain.stderr).toContain('--keylog records TLS secrets, and mqtt:// has no TLS');
    const path = await keyhole(['connect', 'mqtts://127.0.0.1:8883', '--path', '/mqtt']);
    expect(path.code).toBe(64);
    expect(path.stderr).toContain('--path is the WebSocket path');
    const folder = await keyhole(['connect', `wss://127.0.0.1:${wss.port}`, ...identity(), '--keylog', join(dir, 'missing', 'x.keylog')]);
    expect(folder.code).toBe(64);
    expect(folder.stderr).toContain('cannot be written: its folder does not exist');
  });
});
