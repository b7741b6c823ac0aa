// The lab seen by clients that are not Keyhole: `openssl s_client` reads every alert the lab
// writes (TLS 1.2 plaintext, TLS 1.3 protected under each cipher suite), `mosquitto_pub` gets in
// with a demo device, and a client refusing the lab's certificate shows up in the lab's log.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../../electron/core/lab/lab';
import { TLS13_SUITES } from '../../../electron/core/lab/tls-alert';

let dataDir: string;
let lab: Lab;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'keyhole-lab-clients-'));
  const started = await startLab({ dataDir, port: 0 });
  if (!started.ok) throw new Error(started.error.message);
  lab = started.value;
});

afterAll(async () => {
  await lab?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Runs a command with no stdin; resolves with its exit code and output (never rejects). */
function run(command: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = execFile(command, args, { timeout: 15_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, out: stdout + stderr });
    });
    child.stdin?.end();
  });
}

const file = (f: string) => join(lab.dir, f);

/** s_client with a device's certificate; -ign_eof keeps it reading until the lab closes, so a TLS 1.3 alert after the handshake is read too. */
const sClient = (device: string | null, extra: string[]) =>
  run('openssl', [
    's_client',
    '-connect',
    `127.0.0.1:${lab.port}`,
    '-CAfile',
    file('ca.pem'),
    ...(device ? ['-cert', file(`devices/${device}.pem`), '-key', file(`devices/${device}-key.pem`)] : []),
    '-ign_eof',
    ...extra,
  ]);

describe('openssl s_client', () => {
  it.each([
    ['revoked-device', 44],
    ['expired-device', 45],
    ['not-yet-valid-device', 42],
    ['foreign-ca-device', 48],
  ])('reads the alert for %s under TLS 1.2 and 1.3', async (device, alert) => {
    for (const version of ['-tls1_2', '-tls1_3']) {
      const { out } = await sClient(device, [version]);
      expect(out, version).toContain(`SSL alert number ${alert}`);
    }
  });

  it('reads handshake_failure (TLS 1.2) and certificate_required (TLS 1.3) without a certificate', async () => {
    expect((await sClient(null, ['-tls1_2'])).out).toContain('SSL alert number 40');
    expect((await sClient(null, ['-tls1_3'])).out).toContain('SSL alert number 116');
  });

  it.each(TLS13_SUITES)('reads the TLS 1.3 alert protected under %s', async (suite) => {
    const { out } = await sClient('revoked-device', ['-tls1_3', '-ciphersuites', suite]);
    expect(out).toContain(`Cipher is ${suite}`);
    expect(out).toContain('SSL alert number 44');
  });

  it("shows up in the lab's log when it refuses the lab's certificate", async () => {
    const { out } = await run('openssl', [
      's_client',
      '-connect',
      `127.0.0.1:${lab.port}`,
      '-tls1_2',
      '-CAfile',
      file('foreign-ca.pem'),
      '-verify_return_error',
    ]);
    expect(out).toMatch(/verify error|unable to get local issuer certificate/);
    await new Promise((r) => setTimeout(r, 200));
    const failure = lab.log.recent().findLast((e) => e.kind === 'tls-error');
    expect(failure).toMatchObject({ message: 'the client sent alert 48 (unknown_ca)' });
  });
});

describe('mosquitto_pub', () => {
  it('publishes as device-001 with its password, and is refused as rogue-device', async () => {
    const identities = lab.pki.state.identities;
    const password = (name: string) => identities.find((i) => i.name === name)!.password;
    const pub = (device: string) =>
      run('mosquitto_pub', [
        '-h',
        'localhost',
        '-p',
        String(lab.port),
        '--cafile',
        file('ca.pem'),
        '--cert',
        file(`devices/${device}.pem`),
        '--key',
        file(`devices/${device}-key.pem`),
        '-u',
        device,
        '-P',
        password(device),
        '-V',
        'mqttv311',
        '-t',
        `devices/${device}/hello`,
        '-m',
        'hi',
      ]);
    expect(await pub('device-001')).toMatchObject({ code: 0 });
    const rogue = await pub('rogue-device');
    expect(rogue.code).not.toBe(0);
    expect(rogue.out).toMatch(/not authori[sz]ed/i);
  });
});
