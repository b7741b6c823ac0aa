// `keyhole cert` as a CI job runs it: the bundled command, no stdin, exit codes 0 / 1 / 2 / 64,
// --json shapes checked against the shared schemas, keys written 0600 and never printed.
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CaRecord } from '../../../shared/certs/issue';
import { CertificateDetails, InspectedInput } from '../../../shared/certs/inspect';
import { LintReport } from '../../../shared/certs/lint';
import { MatrixFile } from '../../../shared/matrix/matrix-file';
import { runCli } from '../../support/cli';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CLI = join(ROOT, 'out/cli/keyhole.mjs');
const CORPUS = join(ROOT, 'test/fixtures/certs');
const ENV = { CA_PASS: 'ca secret', KEY_PASS: 'key secret' };

let dir: string;
const keyhole = (...args: string[]) => runCli(CLI, dir, ['cert', ...args], ENV, 60_000);
const json = <T>(schema: z.ZodType<T>, stdout: string): T => schema.parse(JSON.parse(stdout));
const Issued = z.object({ certificate: CertificateDetails, keyEncrypted: z.boolean(), files: z.record(z.string(), z.string()) });

beforeAll(async () => {
  const build = spawnSync(process.execPath, ['build/build-cli.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build:cli failed: ${build.stderr}${build.stdout}`);
  dir = await mkdtemp(join(tmpdir(), 'keyhole-cert-cli-'));
}, 60_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('keyhole cert: a CA, a broker, devices, a batch, a revocation', () => {
  it('creates a CA with an encrypted key, and refuses to overwrite it', async () => {
    const run = await keyhole('ca', '--dir', 'ca', '--cn', 'CLI Test CA', '--key', 'ec-p384', '--passphrase-env', 'CA_PASS', '--json');
    expect(run.code, run.stderr).toBe(0);
    const out = json(Issued, run.stdout);
    expect(out.certificate).toMatchObject({
      subject: { commonName: 'CLI Test CA' },
      basicConstraints: { ca: true },
      publicKey: { label: 'EC P-384' },
    });
    expect(out.keyEncrypted).toBe(true);
    expect((await stat(join(dir, 'ca/ca-key.pem'))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(dir, 'ca/ca-key.pem'), 'utf8')).toContain('BEGIN ENCRYPTED PRIVATE KEY');
    expect(CaRecord.parse(JSON.parse(await readFile(join(dir, 'ca/ca.json'), 'utf8'))).crlNumber).toBe(1);
    const again = await keyhole('ca', '--dir', 'ca', '--cn', 'Again');
    expect(again.code).toBe(64);
    expect(again.stderr).toContain('holds a CA already');
  });

  it('issues a broker certificate and a device with key passphrase and PKCS#12, never printing a key', async () => {
    const broker = await keyhole(
      'issue',
      '--dir',
      'ca',
      '--ca-passphrase-env',
      'CA_PASS',
      '--type',
      'server',
      '--cn',
      'localhost',
      '--ip',
      '127.0.0.1',
      '--dns',
      'localhost',
      '--out',
      'out',
      '--json',
    );
    expect(broker.code, broker.stderr).toBe(0);
    expect(json(Issued, broker.stdout).certificate.subjectAltNames).toEqual(['DNS:localhost', 'IP:127.0.0.1']);
    const device = await keyhole(
      'issue',
      '--dir',
      'ca',
      '--ca-passphrase-env',
      'CA_PASS',
      '--cn',
      'device-1',
      '--key-passphrase-env',
      'KEY_PASS',
      '--pfx',
      '--out',
      'out',
    );
    expect(device.code, device.stderr).toBe(0);
    expect(device.stdout).toContain('client certificate "device-1" issued by "CLI Test CA"');
    for (const run of [broker, device]) expect(`${run.stdout}${run.stderr}`).not.toMatch(/PRIVATE KEY|key secret|ca secret/);
    for (const f of ['out/device-1-key.pem', 'out/device-1.p12', 'out/localhost-key.pem'])
      expect((await stat(join(dir, f))).mode & 0o777).toBe(0o600);
    const verify = spawnSync('openssl', ['verify', '-CAfile', 'ca/ca.pem', 'out/localhost.pem', 'out/device-1.pem'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(verify.stdout).toBe('out/localhost.pem: OK\nout/device-1.pem: OK\n');
    const pfx = spawnSync('openssl', ['pkcs12', '-in', 'out/device-1.p12', '-passin', 'pass:key secret', '-noout'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(pfx.status, pfx.stderr).toBe(0);
    const again = await keyhole('issue', '--dir', 'ca', '--ca-passphrase-env', 'CA_PASS', '--cn', 'device-1', '--out', 'out');
    expect(again.code).toBe(64);
    expect(again.stderr).toContain('exists already');
  });

  it('issues a batch with a manifest, a Redis script and a matrix file, printing the rate', async () => {
    const run = await keyhole(
      'batch',
      '--dir',
      'ca',
      '--ca-passphrase-env',
      'CA_PASS',
      '--out',
      'fleet',
      '--count',
      '20',
      '--cn-pattern',
      'sensor-{n}',
      '--matrix-port',
      '18883',
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^20 devices \(ec-p256\) in [\d.]+ s: \d+ devices\/s$/m);
    // Not a terminal: plain progress lines on stderr.
    expect(run.stderr).toContain('issuing 20/20');
    const manifest = (await readFile(join(dir, 'fleet/manifest.csv'), 'utf8')).trimEnd().split('\r\n');
    expect(manifest).toHaveLength(21);
    const matrix = MatrixFile.parse(JSON.parse(await readFile(join(dir, 'fleet/matrix.json'), 'utf8')));
    expect(matrix.target.port).toBe(18883);
    expect(matrix.rows[0]).toMatchObject({ name: 'sensor-001' });
    expect((await readFile(join(dir, 'fleet/redis-commands.txt'), 'utf8')).split('\n')[0]).toMatch(
      /^HSET tls_domain:sensor-001 password \S{24}$/,
    );
    expect((await stat(join(dir, 'fleet/manifest.csv'))).mode & 0o777).toBe(0o600);
    const record = CaRecord.parse(JSON.parse(await readFile(join(dir, 'ca/ca.json'), 'utf8')));
    expect(record.issued.map((r) => r.commonName)).toEqual([
      'localhost',
      'device-1',
      ...Array.from({ length: 20 }, (_, i) => `sensor-${String(i + 1).padStart(3, '0')}`),
    ]);
  });

  it('revokes by CN and writes a CRL openssl reads', async () => {
    const run = await keyhole(
      'revoke',
      '--dir',
      'ca',
      '--ca-passphrase-env',
      'CA_PASS',
      '--cn',
      'device-1',
      '--reason',
      'keyCompromise',
      '--json',
    );
    expect(run.code, run.stderr).toBe(0);
    const out = json(
      z.object({
        revoked: z.array(z.object({ commonName: z.string(), serialNumber: z.string() })),
        crlNumber: z.number(),
        listed: z.number(),
      }),
      run.stdout,
    );
    expect(out).toMatchObject({ crlNumber: 2, listed: 1, revoked: [{ commonName: 'device-1' }] });
    const crl = spawnSync('openssl', ['verify', '-crl_check', '-CAfile', 'ca/ca.pem', '-CRLfile', 'ca/crl.pem', 'out/device-1.pem'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(`${crl.stdout}${crl.stderr}`).toContain('certificate revoked');
    const unknown = await keyhole('revoke', '--dir', 'ca', '--ca-passphrase-env', 'CA_PASS', '--serial', '00:11');
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain('has not issued serial 11');
  });

  it('prints a mosquitto snippet for the generated files', async () => {
    const run = await keyhole(
      'snippet',
      'mosquitto',
      '--ca',
      'ca/ca.pem',
      '--cert',
      'out/localhost.pem',
      '--key',
      'out/localhost-key.pem',
      '--crl',
      'ca/crl.pem',
      '--port',
      '8884',
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`listener 8884\ncafile ${join(dir, 'ca/ca.pem')}\n`);
    expect(run.stdout).toContain(`crlfile ${join(dir, 'ca/crl.pem')}`);
    const secret = await keyhole(
      'snippet',
      'nanomq',
      '--ca',
      'ca/ca.pem',
      '--cert',
      'out/localhost.pem',
      '--key',
      'out/localhost-key.pem',
      '--key-password-env',
      'KEY_PASS',
    );
    expect(secret.code).toBe(64);
    expect(secret.stdout).toBe('');
  });
});

describe('keyhole cert inspect and lint', () => {
  it('inspects files as JSON and exits 0 when all are readable', async () => {
    const run = await keyhole('inspect', join(CORPUS, 'chain.pem'), join(CORPUS, 'root.crl.der'), '--json');
    expect(run.code, run.stderr).toBe(0);
    const results = json(z.array(InspectedInput), run.stdout);
    expect(results.map((r) => r.kind)).toEqual(['chain', 'crl']);
  });

  it('exits 1 when a file has errors, and reads stdin', async () => {
    const run = await keyhole('inspect', join(CORPUS, 'client.pem'), join(CORPUS, 'random.bin'));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗ error not-recognised');
    const stdin = spawnSync(process.execPath, [CLI, 'cert', 'inspect', '-', '--json'], {
      input: await readFile(join(CORPUS, 'client-crlf.pem')),
      encoding: 'utf8',
    });
    expect(stdin.status).toBe(0);
    expect(json(z.array(InspectedInput), stdin.stdout)[0]?.summary).toContain('fixture-device-1');
  });

  it('lints: 0 for a good identity, 1 with errors, and a LintReport as JSON', async () => {
    const good = await keyhole(
      'lint',
      '--ca',
      'ca/ca.pem',
      '--cert',
      'fleet/certs/sensor-001.pem',
      '--key',
      'fleet/keys/sensor-001-key.pem',
      '--json',
    );
    expect(good.code, good.stderr).toBe(0);
    expect(json(LintReport, good.stdout)).toMatchObject({ role: 'client', commonName: 'sensor-001', findings: [] });
    const bad = await keyhole(
      'lint',
      '--ca',
      'ca/ca.pem',
      '--cert',
      'fleet/certs/sensor-001.pem',
      '--key',
      'fleet/keys/sensor-002-key.pem',
      '--json',
    );
    expect(bad.code).toBe(1);
    expect(json(LintReport, bad.stdout).findings.map((f) => f.code)).toEqual(['key-cert-mismatch']);
    const human = await keyhole('lint', '--ca', 'ca/ca.pem', '--cert', 'out/localhost.pem', '--role', 'server', '--host', 'broker.example');
    expect(human.code).toBe(1);
    expect(human.stdout).toContain(
      '✗ error   san-host-mismatch: "localhost" does not cover the host "broker.example": it names DNS:localhost, IP:127.0.0.1.',
    );
  });
});

describe('keyhole cert exit codes', () => {
  it('exits 64 on usage errors', async () => {
    for (const args of [
      ['lint', '--ca', 'ca/ca.pem'],
      ['inspect', 'no-such-file.pem'],
      ['issue', '--dir', 'nowhere', '--cn', 'x'],
      ['issue', '--dir', 'ca', '--cn', 'x', '--not-before', 'tomorrow-ish'],
      ['batch', '--dir', 'ca', '--out', 'x'],
      ['ca', '--dir', 'ca2', '--cn', 'x', '--key', 'rsa-1024'],
    ]) {
      const run = await keyhole(...args);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(64);
    }
  });

  it('exits 2 when it cannot run: a wrong CA passphrase, a damaged CA record', async () => {
    const wrong = await runCli(CLI, dir, ['cert', 'issue', '--dir', 'ca', '--cn', 'x', '--ca-passphrase-env', 'CA_PASS'], {
      CA_PASS: 'wrong',
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('the passphrase does not decrypt the CA key');
    const made = await keyhole('ca', '--dir', 'broken', '--cn', 'Broken CA');
    expect(made.code).toBe(0);
    await writeFile(join(dir, 'broken/ca.json'), '{"version": 1');
    const broken = await keyhole('issue', '--dir', 'broken', '--cn', 'x');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('is not valid JSON');
  });

  it('issues certificates wholly in the past or future when asked', async () => {
    const run = await keyhole(
      'issue',
      '--dir',
      'ca',
      '--ca-passphrase-env',
      'CA_PASS',
      '--cn',
      'old-device',
      '--not-before',
      '-400d',
      '--not-after',
      '-30d',
      '--out',
      'out',
      '--json',
    );
    expect(run.code, run.stderr).toBe(0);
    expect(json(Issued, run.stdout).certificate.status).toBe('expired');
    expect(new Date(new X509Certificate(await readFile(join(dir, 'out/old-device.pem'))).validTo).getTime()).toBeLessThan(Date.now());
  });
});
