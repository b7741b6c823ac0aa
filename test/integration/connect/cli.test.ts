// `keyhole connect` as a CI job runs it: the bundled command in a child process, no stdin, a
// real broker, the exit code taken from the verdict (0 accepted, 1 rejected, 2 failed, 64 usage).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY_PASSPHRASE, makePki, type TestPki } from '../../support/pki';
import { useBrokers, type Broker } from '../../support/mosquitto';
import { freePort } from '../../support/ports';
import { reportOf, runCli } from '../../support/cli';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CLI = join(ROOT, 'out/cli/keyhole.mjs');
const brokers = useBrokers();

const USER = 'device-user';
const PASSWORD = 'open sesame';

let dir: string;
let pki: TestPki;
let mtls: Broker;
let oneWay: Broker;
let unused: number;

const keyhole = (args: string[], env: Record<string, string> = {}) => runCli(CLI, ROOT, args, env);
const report = reportOf;

beforeAll(async () => {
  // The bundle is what users run; build it from the sources under test (as `npm run build:cli`).
  const build = spawnSync(process.execPath, ['build/build-cli.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build:cli failed: ${build.stderr}${build.stdout}`);
  dir = await mkdtemp(join(tmpdir(), 'keyhole-cli-'));
  pki = await makePki(join(dir, 'pki'));
  const server = { cafile: pki.ca.cert, certfile: pki.server.cert, keyfile: pki.server.key };
  [mtls, oneWay, unused] = await Promise.all([
    brokers.start({ tls: { ...server, requireCertificate: true, useIdentityAsUsername: true } }),
    brokers.start({ users: { [USER]: PASSWORD }, tls: server }),
    freePort(),
  ]);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const url = (port: number) => `mqtts://127.0.0.1:${port}`;

describe('keyhole connect --json', () => {
  it('exits 0 with one accepted report', async () => {
    const run = await keyhole([
      'connect',
      url(mtls.port),
      '--ca',
      pki.ca.cert,
      '--cert',
      pki.clientGood.cert,
      '--key',
      pki.clientGood.key,
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const r = report(run);
    expect({ verdict: r.verdict, phase: r.phase, cause: r.cause }).toEqual({ verdict: 'accepted', phase: 'done', cause: 'ok' });
    expect(r.tls?.clientCertificate?.commonName).toBe(pki.clientGood.commonName);
  });

  it('sends MQTT 5 CONNECT properties and clean start off when asked', async () => {
    const run = await keyhole([
      'connect',
      url(mtls.port),
      '--ca',
      pki.ca.cert,
      '--cert',
      pki.clientGood.cert,
      '--key',
      pki.clientGood.key,
      '--no-clean',
      '--session-expiry',
      '60',
      '--user-property',
      'site=lab',
      '--user-property',
      'site=bench',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const r = report(run);
    expect(r.mqtt).toMatchObject({
      cleanStart: false,
      connectProperties: { sessionExpiryInterval: 60, userProperties: { site: ['lab', 'bench'] } },
    });
  });

  it('exits 0 for an encrypted key whose passphrase comes from the environment', async () => {
    const run = await keyhole(
      [
        'connect',
        url(mtls.port),
        '--ca',
        pki.ca.cert,
        '--cert',
        pki.clientGood.cert,
        '--key',
        pki.clientGoodFormats.keyPkcs8Encrypted,
        '--passphrase-env',
        'KH_PASS',
        '--json',
      ],
      { KH_PASS: pki.passphrase },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(report(run).cause).toBe('ok');
    expect(run.stdout).not.toContain(pki.passphrase);
  });

  it('exits 0 for a PKCS#12 bundle whose password comes from the environment', async () => {
    const run = await keyhole(
      [
        'connect',
        url(mtls.port),
        '--ca',
        pki.ca.cert,
        '--pfx',
        pki.clientGoodFormats.pfx,
        '--pfx-password-env',
        'KH_P12',
        '--mqtt',
        '3.1.1',
        '--json',
      ],
      {
        KH_P12: pki.pfxPassword,
      },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(report(run).mqtt?.version).toBe('3.1.1');
  });

  it('trusts the broker through the CA inside a PKCS#12 bundle, and says so', async () => {
    const run = await keyhole(['connect', url(mtls.port), '--pfx', pki.clientGoodFormats.pfx, '--pfx-password-env', 'KH_P12', '--json'], {
      KH_P12: pki.pfxPassword,
    });
    expect(run.code, run.stderr).toBe(0);
    const r = report(run);
    expect(r.tls?.authorized).toBe(true);
    expect(r.timeline[0]?.detail).toContain('1 CA certificate (all from the PKCS#12 bundle)');
  });

  it('exits 0 with a username and a password from the environment', async () => {
    const run = await keyhole(['connect', url(oneWay.port), '--ca', pki.ca.cert, '-u', USER, '--password-env', 'KH_PW', '--json'], {
      KH_PW: PASSWORD,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(report(run).mqtt).toMatchObject({ username: USER, passwordSent: true, connackCode: 0 });
  });

  it('exits 1 when the broker rejects: no client certificate for an mTLS broker', async () => {
    const run = await keyhole(['connect', url(mtls.port), '--ca', pki.ca.cert, '--json']);
    expect(run.code, run.stderr).toBe(1);
    const r = report(run);
    expect({ verdict: r.verdict, phase: r.phase, cause: r.cause }).toEqual({
      verdict: 'rejected',
      phase: 'client-auth',
      cause: 'client-cert-required',
    });
    expect(r.evidence.tlsAlert?.number).toBe(116);
  });

  it('exits 1 when the broker rejects: a wrong password', async () => {
    const run = await keyhole(
      ['connect', url(oneWay.port), '--ca', pki.ca.cert, '-u', USER, '--password-env', 'KH_PW', '--mqtt', '3.1.1', '--json'],
      { KH_PW: 'wrong' },
    );
    expect(run.code, run.stderr).toBe(1);
    expect(report(run)).toMatchObject({ cause: 'connack-not-authorized', evidence: { connack: { code: 5 } } });
  });

  it('exits 1 under TLS 1.2 too, with handshake_failure', async () => {
    const run = await keyhole(['connect', url(mtls.port), '--ca', pki.ca.cert, '--tls-max', '1.2', '--json']);
    expect(run.code, run.stderr).toBe(1);
    expect(report(run)).toMatchObject({ phase: 'tls', cause: 'client-cert-required', evidence: { tlsAlert: { number: 40 } } });
  });

  it('exits 2 when the attempt fails: nothing listens on the port', async () => {
    const run = await keyhole(['connect', url(unused), '--ca', pki.ca.cert, '--json']);
    expect(run.code, run.stderr).toBe(2);
    expect(report(run)).toMatchObject({ verdict: 'failed', phase: 'tcp', cause: 'tcp-refused' });
  });

  it('exits 2 when the broker certificate is not trusted', async () => {
    const run = await keyhole([
      'connect',
      url(mtls.port),
      '--ca',
      pki.foreignCa.cert,
      '--cert',
      pki.clientGood.cert,
      '--key',
      pki.clientGood.key,
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(2);
    expect(report(run)).toMatchObject({ verdict: 'failed', phase: 'tls', cause: 'server-cert-untrusted' });
  });

  it('exits 2 on a wrong key passphrase, without a prompt (no terminal)', async () => {
    const run = await keyhole(
      [
        'connect',
        url(mtls.port),
        '--ca',
        pki.ca.cert,
        '--cert',
        pki.clientGood.cert,
        '--key',
        pki.clientGoodFormats.keyPkcs8Encrypted,
        '--passphrase-env',
        'KH_PASS',
        '--json',
      ],
      { KH_PASS: 'wrong horse' },
    );
    expect(run.code, run.stderr).toBe(2);
    expect(report(run)).toMatchObject({ phase: 'preflight', cause: 'key-passphrase-wrong' });
  });

  it('keeps to --timeout', async () => {
    const started = Date.now();
    const run = await keyhole(['connect', 'mqtts://no-such-host.invalid:8883', '--timeout', '1500', '--json']);
    expect(run.code, run.stderr).toBe(2);
    expect(report(run).cause).toBe('dns-not-found');
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('a network with no route', () => {
  // A fresh network namespace has its loopback interface down: a connect there fails with
  // ENETUNREACH at once, and no packet can leave it. Making one needs root (as in CI).
  const isRoot = process.getuid?.() === 0;
  it.runIf(isRoot)('exits 2 with tcp-unreachable when there is no route to the broker', () => {
    const run = spawnSync('unshare', ['--net', process.execPath, CLI, 'connect', 'mqtts://127.0.0.1:8883', '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status, run.stderr).toBe(2);
    const r = reportOf({ code: run.status, stdout: run.stdout, stderr: run.stderr });
    expect({ verdict: r.verdict, phase: r.phase, cause: r.cause }).toEqual({ verdict: 'failed', phase: 'tcp', cause: 'tcp-unreachable' });
    expect(r.evidence.errorCode).toBe('ENETUNREACH');
  });
});

describe('usage errors exit 64', () => {
  it.each([
    ['an unsupported scheme', ['connect', 'http://127.0.0.1:1883']],
    ['a URL that is not one', ['connect', 'not a url']],
    ['an unknown option', ['connect', 'mqtts://127.0.0.1:8883', '--no-such-option']],
    ['an MQTT version that does not exist', ['connect', 'mqtts://127.0.0.1:8883', '--mqtt', '4']],
    ['a missing URL', ['connect']],
    ['a file that does not exist', ['connect', 'mqtts://127.0.0.1:8883', '--ca', '/nonexistent/ca.pem']],
    ['an unset environment variable', ['connect', 'mqtts://127.0.0.1:8883', '--password-env', 'KEYHOLE_TEST_UNSET_VARIABLE']],
    ['--pfx together with --cert', ['connect', 'mqtts://127.0.0.1:8883', '--pfx', '/dev/null', '--cert', '/dev/null']],
    ['an MQTT 5 property under 3.1.1', ['connect', 'mqtts://127.0.0.1:8883', '--mqtt', '3.1.1', '--session-expiry', '60']],
    ['a user property without a value', ['connect', 'mqtts://127.0.0.1:8883', '--user-property', 'lonely']],
  ])('for %s', async (_name, args) => {
    const run = await keyhole(args);
    expect(run.code, run.stderr).toBe(64);
    expect(run.stderr.length).toBeGreaterThan(0);
    // A usage error is not an attempt: no report on stdout.
    expect(run.stdout).toBe('');
  });
});

describe('human output', () => {
  it('prints the timeline and the verdict line for an accepted attempt', async () => {
    const run = await keyhole(['connect', url(mtls.port), '--ca', pki.ca.cert, '--cert', pki.clientGood.cert, '--key', pki.clientGood.key]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^ACCEPTED {2}ok at done/m);
    expect(run.stdout).toMatch(/✓ connack/);
    // Not a terminal: no colour codes.
    expect(run.stdout).not.toContain('\x1b[');
  });

  it('says access was not checked, and prints the command with the flag to add', async () => {
    const args = ['connect', url(mtls.port), '--ca', pki.ca.cert, '--cert', pki.clientGood.cert, '--key', pki.clientGood.key];
    const run = await keyhole(args);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^ACCEPTED {2}ok at done — Accepted; access not checked$/m);
    expect(run.stdout).toContain('To check access, add --access-check TOPIC, e.g.:');
    expect(run.stdout).toContain(`    keyhole ${args.join(' ')} --access-check keyhole/access-check\n`);
    // The suggested command does what it says.
    const checked = await keyhole([...args, '--access-check', 'keyhole/access-check', '--json']);
    expect(checked.code, checked.stderr).toBe(0);
    expect(report(checked).access?.echo).toBe(true);
    expect(report(checked).notes).toEqual([]);
  });

  it('names plain MQTT to a TLS port and prints the whole corrected command line, without the password', async () => {
    const plain = `mqtt://127.0.0.1:${mtls.port}`;
    const rest = ['--ca', pki.ca.cert, '--cert', pki.clientGood.cert, '--key', pki.clientGood.key, '-u', USER];
    const run = await keyhole(['connect', plain, ...rest, '--password', 'not for the screen']);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toMatch(/^FAILED {2}tls-required at connack/m);
    expect(run.stdout).toContain(`Port ${mtls.port} on 127.0.0.1 speaks TLS`);
    expect(run.stdout).toContain(`Run instead:\n    keyhole connect mqtts://127.0.0.1:${mtls.port} ${rest.join(' ')} --ask-password\n`);
    expect(run.stdout).not.toContain('not for the screen');
    expect(run.stdout).toMatch(/! The MQTT password was given with --password/);

    const json = await keyhole(['connect', plain, ...rest, '--password', 'not for the screen', '--json']);
    const r = report(json);
    expect({ verdict: r.verdict, cause: r.cause }).toEqual({ verdict: 'failed', cause: 'tls-required' });
    expect(r.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(['password-on-command-line', 'tls-material-unused', 'password-in-clear']),
    );
  });

  it('prints notes in their own quiet lines, apart from warnings', async () => {
    // A bundle's CA is a note; a certificate within --warn-expiry days of its end is a warning.
    const run = await keyhole(
      ['connect', url(mtls.port), '--pfx', pki.clientGoodFormats.pfx, '--pfx-password-env', 'KH_P12', '--warn-expiry', '400'],
      { KH_P12: pki.pfxPassword },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^ACCEPTED WITH WARNINGS \(2\) {2}ok at done/m);
    expect(run.stdout).toMatch(/^ {2}! The client certificate in "client-good.p12": "346a004d-[^"]+" expires in \d+ days/m);
    expect(run.stdout).toMatch(/^ {2}! The broker's certificate: "localhost" expires in \d+ days/m);
    expect(run.stdout).toMatch(/^ {2}· The PKCS#12 bundle "client-good.p12" carries the CA certificate "Keyhole Test CA"/m);
  });

  it('refuses a --warn-expiry that is not a number of days', async () => {
    const run = await keyhole(['connect', url(mtls.port), '--warn-expiry', 'soon']);
    expect(run.code).toBe(64);
    expect(run.stderr).toContain('--warn-expiry takes a whole number from 0 to 3650');
  });

  it('prints the verdict line, the alert and the hint for a rejected attempt', async () => {
    const run = await keyhole(['connect', url(mtls.port), '--ca', pki.ca.cert]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/^REJECTED {2}client-cert-required at client-auth/m);
    expect(run.stdout).toContain('TLS alert 116 certificate_required');
    expect(run.stdout).toMatch(/Hint: /);
  });
});

/**
 * Runs the command in a real pseudo-terminal (util-linux `script`), answering each prompt that
 * appears with the next of `answers`; resolves with everything the terminal showed.
 */
function inTerminal(args: string[], answers: string[], timeoutMs = 20_000): Promise<{ code: number | null; screen: string }> {
  return new Promise((done) => {
    const command = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let screen = '';
    let asked = 0;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      screen += s;
      const prompts = screen.match(/(Passphrase|Password) for [^:\n]+: /g)?.length ?? 0;
      while (asked < prompts && asked < answers.length) child.stdin.write(`${answers[asked++]}\r`);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, screen });
    });
  });
}

describe('in a terminal', () => {
  it('asks for the key passphrase only when preflight says it is missing, then connects', async () => {
    const run = await inTerminal(
      ['connect', url(mtls.port), '--ca', pki.ca.cert, '--cert', pki.clientGood.cert, '--key', pki.clientGoodFormats.keyPkcs8Encrypted],
      [KEY_PASSPHRASE],
    );
    expect(run.screen).toMatch(/Passphrase for client-good\.pkcs8-encrypted\.key: /);
    expect(run.screen).toMatch(/^ACCEPTED/m);
    expect(run.code, run.screen).toBe(0);
  });

  it('asks nothing for a key that is not encrypted, and makes up a client id in the shared form', async () => {
    const run = await inTerminal(
      ['connect', url(mtls.port), '--ca', pki.ca.cert, '--cert', pki.clientGood.cert, '--key', pki.clientGood.key, '--json'],
      [],
    );
    expect(run.screen).not.toMatch(/Passphrase for/);
    expect(run.code, run.screen).toBe(0);
    const json = run.screen.slice(run.screen.indexOf('{'), run.screen.lastIndexOf('}') + 1);
    expect((JSON.parse(json) as { mqtt: { clientId: string } }).mqtt.clientId).toMatch(/^keyhole[0-9a-f]{8}$/);
  });
});
