// The lab itself: its PKI in the data folder (checked by openssl, keys 0600, kept between starts,
// regenerated in one call, a damaged state reported and left alone), its port (a taken one falls
// back with a notice only when allowed), its refusal and topic-rights settings, bad settings.
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFile, rm, stat, writeFile, mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { labIdentities } from '../../../electron/core/lab/lab-identities';
import { LAB_FILES, LabState, regenerateLabPki } from '../../../electron/core/lab/lab-pki';
import { startLab, type Lab, type LabOptions } from '../../../electron/core/lab/lab';
import { toProbeInput } from '../../../electron/core/profiles/probe-input';
import { LOOPBACK } from '../../support/ports';
import { attempt, recordUnhandled } from '../../support/connect-harness';

recordUnhandled();
const run = promisify(execFile);

let root: string;
const labs: Lab[] = [];
let dirs = 0;
const freshDir = () => join(root, `data-${++dirs}`);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'keyhole-lab-self-'));
});

afterEach(async () => {
  for (const lab of labs.splice(0)) await lab.stop();
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

async function start(options: LabOptions): Promise<Lab> {
  const started = await startLab(options);
  if (!started.ok) throw new Error(started.error.message);
  labs.push(started.value);
  return started.value;
}

const openssl = async (...args: string[]) => {
  try {
    const { stdout, stderr } = await run('openssl', args);
    return { ok: true, out: stdout + stderr };
  } catch (e) {
    const x = e as { stdout?: string; stderr?: string };
    return { ok: false, out: `${x.stdout ?? ''}${x.stderr ?? ''}` };
  }
};

describe('the PKI in the data folder', () => {
  it('is issued on first start, holds up under openssl verify with the CRL, and keeps keys 0600', async () => {
    const dataDir = freshDir();
    const lab = await start({ dataDir, port: 0 });
    expect(lab.created).toBe(true);
    const file = (f: string) => join(lab.dir, f);
    const verify = (cert: string) =>
      openssl('verify', '-CAfile', file(LAB_FILES.ca), '-crl_check', '-CRLfile', file(LAB_FILES.crl), file(cert));
    expect((await verify(LAB_FILES.broker)).out).toContain(': OK');
    expect((await verify('devices/device-001.pem')).out).toContain(': OK');
    const revoked = await verify('devices/revoked-device.pem');
    expect(revoked.ok).toBe(false);
    expect(revoked.out).toContain('certificate revoked');
    expect((await verify('devices/expired-device.pem')).out).toContain('certificate has expired');
    expect((await verify('devices/foreign-ca-device.pem')).ok).toBe(false);
    const broker = new X509Certificate(await readFile(file(LAB_FILES.broker)));
    expect(broker.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    const p12 = await openssl(
      'pkcs12',
      '-in',
      file('devices/pkcs12-device.p12'),
      '-nokeys',
      '-passin',
      `pass:${lab.pki.state.identities.find((i) => i.name === 'pkcs12-device')!.pfxPassword}`,
    );
    expect(p12.out).toContain('subject=O = Keyhole Lab, CN = pkcs12-device');
    for (const secret of [
      LAB_FILES.caKey,
      LAB_FILES.brokerKey,
      LAB_FILES.state,
      LAB_FILES.redis,
      'devices/device-001-key.pem',
      'devices/pkcs12-device.p12',
    ]) {
      expect(((await stat(file(secret))).mode & 0o777).toString(8), secret).toBe('600');
    }
  });

  it('is kept between starts, and regenerating issues a new CA and new passwords', async () => {
    const dataDir = freshDir();
    const first = await start({ dataDir, port: 0 });
    const ca = first.pki.caPem;
    const password = first.pki.state.identities[0]!.password;
    await first.stop();
    const second = await start({ dataDir, port: 0 });
    expect(second.created).toBe(false);
    expect(second.pki.caPem).toBe(ca);
    // Each start signs a fresh CRL, numbered on from the last.
    expect(second.pki.record.crlNumber).toBe(first.pki.record.crlNumber + 1);
    await second.stop();
    const regenerated = await regenerateLabPki(dataDir, new Date());
    expect(regenerated.ok).toBe(true);
    if (!regenerated.ok) return;
    expect(regenerated.value.caPem).not.toBe(ca);
    expect(regenerated.value.state.identities[0]!.password).not.toBe(password);
    const third = await start({ dataDir, port: 0, regenerate: true });
    expect(third.created).toBe(true);
    expect(third.pki.caPem).not.toBe(regenerated.value.caPem);
  });

  it('re-signs its CRL while running, and the new one is the one checked', async () => {
    const lab = await start({ dataDir: freshDir(), port: 0, crlRefreshMs: 300 });
    const first = lab.pki.record.crlNumber;
    for (let i = 0; i < 100 && !lab.log.recent().some((e) => e.kind === 'lab' && e.message.startsWith('Signed a fresh CRL')); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const signed = lab.log.recent().find((e) => e.kind === 'lab' && e.message.startsWith('Signed a fresh CRL'));
    expect(signed?.kind === 'lab' && signed.message).toBe(`Signed a fresh CRL (number ${first + 1}).`);
    const crl = await openssl('crl', '-in', join(lab.dir, LAB_FILES.crl), '-noout', '-crlnumber');
    expect(Number.parseInt(crl.out.trim().split('=')[1]!, 16)).toBeGreaterThan(first);
    const profiles = await lab.demoProfiles();
    for (const [name, cause] of [
      ['revoked-device', 'client-cert-revoked'],
      ['device-001', 'ok'],
    ] as const) {
      expect((await attempt(toProbeInput(profiles.find((p) => p.name === name)!))).report.cause).toBe(cause);
    }
  });

  it('reports a damaged lab.json and leaves it as it was', async () => {
    const dataDir = freshDir();
    const lab = await start({ dataDir, port: 0 });
    await lab.stop();
    const path = join(lab.dir, LAB_FILES.state);
    await writeFile(path, '{"version": 1, "identities": "oops"}');
    const again = await startLab({ dataDir, port: 0 });
    expect(again.ok).toBe(false);
    if (!again.ok) {
      expect(again.error.code).toBe('pki-damaged');
      expect(again.error.message).toContain(path);
    }
    expect(await readFile(path, 'utf8')).toBe('{"version": 1, "identities": "oops"}');
  });

  it('lists its identities with what the lab does with each', async () => {
    const lab = await start({ dataDir: freshDir(), port: 0 });
    const views = await labIdentities(lab.pki, new Date());
    const status = Object.fromEntries(views.map((v) => [v.name, v.status]));
    expect(status).toEqual({
      'device-001': 'allowed',
      'uuid-device': 'allowed',
      'passphrase-device': 'allowed',
      'pkcs12-device': 'allowed',
      'quiet-device': 'allowed',
      'rogue-device': 'not-allowed',
      'wrong-password-device': 'allowed',
      'expired-device': 'expired',
      'not-yet-valid-device': 'not-yet-valid',
      'foreign-ca-device': 'foreign-ca',
      'revoked-device': 'revoked',
      'no-certificate': 'no-certificate',
      'mqtt5-device-001': 'allowed',
    });
    expect(views.find((v) => v.name === 'wrong-password-device')?.profilePasswordMatches).toBe(false);
    expect(views.find((v) => v.name === 'quiet-device')?.rights).toEqual({ publish: [], subscribe: [] });
    expect(JSON.stringify(views)).not.toContain(lab.pki.state.identities[0]!.password);
  });
});

describe('the port', () => {
  let blocker: Server;
  let taken: number;
  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, LOOPBACK, () => r()));
    taken = (blocker.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise<void>((r) => blocker.close(() => r()));
  });

  it('falls back to a free port with a notice when allowed', async () => {
    const lab = await start({ dataDir: freshDir(), port: taken, portFallback: true });
    expect(lab.port).not.toBe(taken);
    expect(lab.notices).toEqual([expect.stringContaining(`Port ${taken} is in use; the lab listens on port ${lab.port} instead`)]);
    const profile = (await lab.demoProfiles()).find((p) => p.name === 'device-001')!;
    expect((await attempt(toProbeInput(profile))).report.cause).toBe('ok');
  });

  it('says so when a port asked for is taken', async () => {
    const result = await startLab({ dataDir: freshDir(), port: taken });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toEqual({ code: 'port-in-use', message: `Port ${taken} on 127.0.0.1 is in use.` });
  });

  it('listens on 127.0.0.1 and ::1 on one port, and on nothing else', async () => {
    const lab = await start({ dataDir: freshDir(), port: 0 });
    expect(lab.addresses).toEqual(['127.0.0.1', '::1']);
    for (const host of ['127.0.0.1', '::1']) {
      const profile = (await lab.demoProfiles({ host })).find((p) => p.name === 'device-001')!;
      const { report } = await attempt(toProbeInput(profile));
      expect(report.cause, host).toBe('ok');
      expect(lab.eventsOf(report)[0]?.attempt?.address).toBe(host);
    }
  });
});

describe('settings', () => {
  it('answers an unknown CN and a wrong password with CONNACK 4 when told to, and the demo expects it', async () => {
    const lab = await start({ dataDir: freshDir(), port: 0, auth: { refusal: 'bad-credentials' } });
    for (const name of ['rogue-device', 'wrong-password-device']) {
      const profile = (await lab.demoProfiles()).find((p) => p.name === name)!;
      expect(profile.expect.cause).toBe('connack-bad-credentials');
      const { report } = await attempt(toProbeInput(profile));
      expect(report.cause).toBe('connack-bad-credentials');
      expect(report.evidence.connack?.code).toBe(4);
    }
  });

  it('closes the connection on a PUBLISH outside the rights (MQTT 3.1.1 has no refusal for it): no echo', async () => {
    const dataDir = freshDir();
    const first = await start({ dataDir, port: 0 });
    await first.stop();
    const path = join(first.dir, LAB_FILES.state);
    const state = LabState.parse(JSON.parse(await readFile(path, 'utf8')));
    const entry = state.table.find((e) => e.commonName === 'device-001')!;
    entry.rights = { publish: ['elsewhere/#'], subscribe: ['devices/%C/#'] };
    await writeFile(path, JSON.stringify(state));
    const lab = await start({ dataDir, port: 0 });
    const profile = (await lab.demoProfiles()).find((p) => p.name === 'device-001')!;
    const { report } = await attempt(toProbeInput(profile));
    expect(report).toMatchObject({ verdict: 'rejected', phase: 'access', cause: 'access-no-echo' });
    expect(report.access?.subscribe?.granted).toBe(true);
    const events = lab.eventsOf(report);
    expect(events.filter((e) => e.kind === 'acl')).toMatchObject([
      { action: 'subscribe', allowed: true },
      { action: 'publish', allowed: false, reason: "outside this identity's publish rights (elsewhere/#)" },
    ]);
    await new Promise((r) => setTimeout(r, 100));
    expect(lab.eventsOf(report).at(-1)).toMatchObject({ kind: 'closed', reason: 'publish denied' });
  });

  it.each([
    [{ source: 'redis' as const }, 'redis: The Redis source needs a URL and a query.'],
    [
      { source: 'redis' as const, redis: { url: 'redis://127.0.0.1:1', query: 'HMGET tls_domain:%x password' } },
      'Unknown placeholder "%x"',
    ],
    [{ source: 'redis' as const, redis: { url: 'redis://127.0.0.1:1', query: 'HMGET "tls_domain:%C password' } }, 'never closed'],
    [{ source: 'redis' as const, redis: { url: 'redis://127.0.0.1:1', query: 'DEL tls_domain:%C' } }, 'the lab only reads from Redis'],
    [
      { source: 'redis' as const, redis: { url: 'redis://127.0.0.1:1', query: 'HGET k:%C password', hash: 'sha256-salt-prefix' as const } },
      'needs a salt',
    ],
  ])('refuses bad auth settings with a clear error: %j', async (auth, message) => {
    const dataDir = freshDir();
    const result = await startLab({ dataDir, port: 0, auth });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('config-invalid');
      expect(result.error.message).toContain(message);
    }
  });

  it('logs a client that does not speak TLS and keeps serving', async () => {
    const lab = await start({ dataDir: freshDir(), port: 0 });
    const profile = (await lab.demoProfiles({ host: '127.0.0.1' })).find((p) => p.name === 'device-001')!;
    const plain = { ...profile, settings: { ...profile.settings, protocol: 'mqtt' as const } };
    const { report } = await attempt(toProbeInput(plain));
    expect(report.verdict).not.toBe('accepted');
    await new Promise((r) => setTimeout(r, 100));
    const events = lab.eventsOf(report);
    expect(events.map((e) => e.kind)).toContain('tls-error');
    expect((await attempt(toProbeInput(profile))).report.cause).toBe('ok');
  });
});
