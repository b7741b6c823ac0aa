// `keyhole matrix` against a real mosquitto, as a CI job runs it: one listener requiring client
// certificates of the test CA and checking its CRL, with a password file and an ACL, and a row for
// every layer that can stop an identity (TLS client-auth, CONNACK, the access check) beside the
// identities it must let in. The JUnit file is read back the way CI tools read it.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJunit } from '../../support/junit';
import { runCli } from '../../support/cli';
import { useBrokers, type Broker } from '../../support/mosquitto';
import { BLOCKED_CLIENT_CN, GOOD_CLIENT_CN, KEY_PASSPHRASE, makePki, PFX_PASSWORD, type TestPki } from '../../support/pki';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CLI = join(ROOT, 'out/cli/keyhole.mjs');
const PASSWORDS: Record<string, string> = { [GOOD_CLIENT_CN]: 'uuid-secret', [BLOCKED_CLIENT_CN]: 'second-secret' };
// mosquitto's acl_file: `pattern` lines apply to every user, %u standing for the username. The
// access check topic of a row outside devices/<username>/ is denied.
const ACL = 'pattern readwrite devices/%u/#\n';
const brokers = useBrokers();
let dir: string;
let pki: TestPki;
let broker: Broker;

const keyhole = (args: string[]) => runCli(CLI, dir, args, {}, 180_000);

/** The matrix rows: each identity with the outcome this broker must give it. */
function rows(): Record<string, unknown>[] {
  const good = { cert: pki.clientGood.cert, key: pki.clientGood.key, username: GOOD_CLIENT_CN };
  const cert = (c: { cert: string; key: string }) => ({ cert: c.cert, key: c.key });
  return [
    { name: 'uuid-device', ...good, password: PASSWORDS[GOOD_CLIENT_CN], access: true },
    {
      name: 'second-device',
      ...cert(pki.clientBlocked),
      username: BLOCKED_CLIENT_CN,
      password: PASSWORDS[BLOCKED_CLIENT_CN],
      access: true,
    },
    {
      name: 'encrypted-key-device',
      cert: pki.clientGood.cert,
      key: pki.clientGoodFormats.keyPkcs8Encrypted,
      passphrase: KEY_PASSPHRASE,
      username: GOOD_CLIENT_CN,
      password: PASSWORDS[GOOD_CLIENT_CN],
    },
    {
      name: 'pkcs12-device',
      pfx: pki.clientGoodFormats.pfx,
      pfxPassword: PFX_PASSWORD,
      username: GOOD_CLIENT_CN,
      password: PASSWORDS[GOOD_CLIENT_CN],
    },
    { name: 'no-certificate', username: GOOD_CLIENT_CN, password: PASSWORDS[GOOD_CLIENT_CN], expect: 'client-cert-required' },
    { name: 'foreign-ca', ...cert(pki.clientForeign), username: GOOD_CLIENT_CN, password: 'x', expect: 'client-cert-unknown-ca' },
    { name: 'expired', ...cert(pki.clientExpired), username: GOOD_CLIENT_CN, password: 'x', expect: 'client-cert-expired' },
    { name: 'not-yet-valid', ...cert(pki.clientNotYetValid), username: GOOD_CLIENT_CN, password: 'x', expect: 'rejected:client-auth' },
    { name: 'revoked', ...cert(pki.clientRevoked), username: GOOD_CLIENT_CN, password: 'x', expect: 'client-cert-revoked' },
    // serverAuth only: OpenSSL's purpose check on the broker ends the handshake (alert 43).
    { name: 'no-client-auth-eku', ...cert(pki.clientNoEku), username: GOOD_CLIENT_CN, password: 'x', expect: 'rejected:tls' },
    { name: 'wrong-password', ...good, password: 'not-its-password', expect: 'rejected:connack' },
    { name: 'unknown-user', ...good, username: 'nobody', password: 'whatever', expect: 'rejected:connack' },
    { name: 'no-password', ...good, expect: 'rejected:connack' },
    {
      name: 'acl-denied',
      ...good,
      password: PASSWORDS[GOOD_CLIENT_CN],
      access: 'devices/someone-else/check',
      expect: 'denied:access',
    },
  ];
}

/** Writes the matrix file; `expect` overrides some rows' expectations. */
async function matrixFile(name: string, expect: Record<string, string> = {}): Promise<string> {
  const list = rows().map((r) => (expect[r.name as string] ? { ...r, expect: expect[r.name as string] } : r));
  const file = join(dir, `${name}.json`);
  const target = { host: '127.0.0.1', port: broker.port, ca: [pki.ca.cert], mqttVersion: '3.1.1', accessCheck: 'devices/%u/check' };
  await writeFile(file, JSON.stringify({ version: 2, name, target, defaults: { expect: 'accepted' }, rows: list }, null, 2));
  return file;
}

beforeAll(async () => {
  const build = spawnSync(process.execPath, ['build/build-cli.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build:cli failed: ${build.stderr}${build.stdout}`);
  dir = await mkdtemp(join(tmpdir(), 'keyhole-matrix-mosquitto-'));
  pki = await makePki(join(dir, 'pki'));
  broker = await brokers.start({
    tls: { cafile: pki.ca.cert, certfile: pki.server.cert, keyfile: pki.server.key, requireCertificate: true, crlfile: pki.crl },
    users: PASSWORDS,
    acl: ACL,
  });
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('keyhole matrix against mosquitto', () => {
  it('passes every identity with the outcome it should get, and writes JUnit CI tools read', async () => {
    const all = rows();
    expect(all.length).toBeGreaterThanOrEqual(12);
    const out = join(dir, 'all.xml');
    const run = await keyhole(['matrix', await matrixFile('mosquitto-all'), '--junit', out]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const suites = await readJunit(out);
    expect(suites['@_tests']).toBe(String(all.length));
    expect(suites['@_failures']).toBe('0');
    expect(suites.testsuite).toHaveLength(1);
    const suite = suites.testsuite[0]!;
    expect(suite['@_tests']).toBe(String(all.length));
    expect(suite['@_failures']).toBe('0');
    expect(suite.testcase.map((c) => c['@_name']).sort()).toEqual(all.map((r) => r.name as string).sort());
    expect(suite.testcase.filter((c) => c.failure)).toEqual([]);
  }, 240_000);

  it('fails naming the row whose expectation is wrong, in its output and as the one JUnit failure', async () => {
    const out = join(dir, 'wrong.xml');
    const run = await keyhole(['matrix', await matrixFile('mosquitto-one-wrong', { revoked: 'accepted' }), '--junit', out]);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toMatch(/revoked.*FAIL|FAIL.*revoked/);
    const suites = await readJunit(out);
    expect(suites['@_tests']).toBe(String(rows().length));
    expect(suites['@_failures']).toBe('1');
    const suite = suites.testsuite[0]!;
    expect(suite['@_tests']).toBe(String(suite.testcase.length));
    expect(suite['@_failures']).toBe('1');
    const failed = suite.testcase.filter((c) => c.failure);
    expect(failed.map((c) => c['@_name'])).toEqual(['revoked']);
    expect(failed[0]!.failure!['@_message']).toContain('client-cert-revoked');
  }, 240_000);
});
