// The lab as the app runs it, against the real lab broker, the real probe, a real profile service
// and a real redis-server: first start makes the Lab group of profiles (files imported, secrets
// sealed); connecting them gives each its expected outcome and the lab's side of each attempt;
// the built-in table edited in the app takes effect at once; the test query answers for the
// built-in table and Redis; settings outlive the service; a regeneration or a new port makes the
// same profiles again, and no other profile is touched.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectReport } from '../../../shared/connect/report';
import { defaultSettings } from '../../../shared/connect/settings';
import type { LabAttemptEvents, LabStatus } from '../../../shared/lab/lab-api';
import { LabAuthConfig } from '../../../shared/lab/lab-config';
import { LabEvent } from '../../../shared/lab/lab-event';
import { EMPTY_MATERIAL } from '../../../shared/profile/profile';
import { connect } from '../../../electron/core/connect/probe';
import { UUID_DEVICE_CN } from '../../../electron/core/lab/demo-identities';
import { LabService } from '../../../electron/core/lab/lab-service';
import { openProfileService, type ProfileService } from '../../../electron/core/profiles/profile-service';
import { toProbeInput } from '../../../electron/core/profiles/probe-input';
import { createJsonFileStore } from '../../../electron/core/store/json-store';
import { recordUnhandled } from '../../support/connect-harness';
import { startRedis, type RedisServer } from '../../support/redis';

recordUnhandled();

let dataDir: string;
let profiles: ProfileService;
let service: LabService;
let redis: RedisServer;
const statuses: LabStatus[] = [];
const attempts: LabAttemptEvents[] = [];
const events: LabEvent[] = [];
let userProfileId: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'keyhole-lab-service-'));
  profiles = await openProfileService({ store: createJsonFileStore(dataDir) });
  redis = await startRedis();
  service = new LabService({
    dataDir,
    profiles,
    defaultPort: 0,
    onEvent: (e) => events.push(e),
    onStatus: (s) => statuses.push(s),
    onAttempt: (a) => attempts.push(a),
  });
  const mine = await profiles.saveProfile({
    name: 'my own broker',
    groupId: null,
    settings: defaultSettings({ host: 'broker.example', port: 8883 }),
    material: EMPTY_MATERIAL,
  });
  if (!mine.ok) throw new Error(mine.error.message);
  userProfileId = mine.value.id;
});

afterAll(async () => {
  await service?.close();
  await redis?.stop();
  await profiles?.flush();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const byName = (name: string) => {
  const found = profiles.listProfiles().find((p) => p.name.startsWith(`${name} — `));
  if (!found) throw new Error(`no profile for ${name}`);
  return found;
};

/** Connects a stored profile through the probe and hands the report to the service, as the app does. */
async function connectProfile(name: string): Promise<{ report: ConnectReport; events: LabEvent[] }> {
  const profile = byName(name);
  const resolved = profiles.resolve(profile.id);
  if (!resolved.ok) throw new Error(resolved.error.message);
  const { report, session } = await connect(toProbeInput(resolved.value));
  service.noteReport(profile.id, report);
  await session?.close();
  // The lab's side arrives (again once its close is in); wait for the last word on it.
  const deadline = Date.now() + 3000;
  let last: LabEvent[] = [];
  while (Date.now() < deadline) {
    last = attempts.filter((a) => a.reportId === report.id).at(-1)?.events ?? [];
    if (last.some((e) => e.kind === 'closed') || (report.verdict.startsWith('accepted') && last.some((e) => e.kind === 'connack'))) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return { report, events: last };
}

describe('the lab service', () => {
  it('reports a lab not issued yet without issuing it', async () => {
    const status = await service.load();
    expect(status).toMatchObject({ state: 'stopped', issuedAt: null, identities: [], table: [], profiles: { ids: [] } });
    await expect(stat(join(dataDir, 'lab'))).rejects.toThrow();
  });

  it('starts on first launch and makes the Lab group: one profile per identity, files imported, secrets sealed', async () => {
    const started = await service.start({ profiles: true });
    if (!started.ok) throw new Error(started.error.message);
    const status = started.value;
    expect(status.state).toBe('running');
    expect(status.port).toBeGreaterThan(0);
    expect(status.identities).toHaveLength(13);
    expect(status.profiles.ids).toHaveLength(13);
    expect(statuses.map((s) => s.state)).toEqual(expect.arrayContaining(['starting', 'running']));
    const group = profiles.listGroups().find((g) => g.id === status.profiles.groupId);
    expect(group?.name).toBe('Lab');
    const names = profiles
      .listProfiles()
      .filter((p) => p.groupId === group?.id)
      .map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['device-001 — accepted', 'rogue-device — refused: CN not allowed']));
    const pass = byName('passphrase-device');
    expect(pass.secrets).toMatchObject({ hasPassphrase: true, hasPassword: true });
    expect(pass.material.key?.kind).toBe('encrypted-private-key');
    expect(byName('pkcs12-device').material.pfx?.kind).toBe('pkcs12');
    expect(byName('device-001').expect).toEqual({ verdict: 'accepted', cause: 'ok' });
    // Sealed at rest: the store holds no demo password in clear.
    await profiles.flush();
    const stored = await readFile(join(dataDir, 'profiles.json'), 'utf8');
    const password = service.revealPassword('device-001');
    if (!password.ok) throw new Error(password.error.message);
    expect(stored).not.toContain(password.value.password);
    expect(JSON.stringify(status)).not.toContain(password.value.password);
  });

  it('gives each connected profile its outcome, and the broker side of the same attempt', async () => {
    const accepted = await connectProfile('device-001');
    expect(accepted.report.cause).toBe('ok');
    expect(accepted.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['client-cert', 'auth', 'connack']));
    for (const e of accepted.events) expect(() => LabEvent.parse(e)).not.toThrow();
    const rogue = await connectProfile('rogue-device');
    expect(rogue.report.cause).toBe('connack-not-authorized');
    expect(rogue.events.find((e) => e.kind === 'auth')).toMatchObject({ answer: 'not-found', decision: 'refused' });
    expect(rogue.events.at(-1)?.kind).toBe('closed');
    const foreign = await connectProfile('foreign-ca-device');
    expect(foreign.report.cause).toBe('client-cert-unknown-ca');
    expect(foreign.events.find((e) => e.kind === 'client-cert')).toMatchObject({ verdict: 'rejected', alert: { number: 48 } });
    // The same answer by request (a report shown after a reload).
    const asked = service.attemptEvents(byName('rogue-device').id, rogue.report.id);
    expect(asked.ok && asked.value.events.map((e) => e.seq)).toEqual(rogue.events.map((e) => e.seq));
  });

  it('applies the built-in table as edited: rights given, a CN allowed, a CN removed', async () => {
    const quietBefore = await connectProfile('quiet-device');
    expect(quietBefore.report.cause).toBe('access-subscribe-denied');
    const rights = await service.editTable({
      kind: 'set',
      commonName: 'quiet-device',
      rights: { publish: ['devices/%C/#'], subscribe: ['devices/%C/#'] },
    });
    expect(rights.ok).toBe(true);
    const quietAfter = await connectProfile('quiet-device');
    expect(quietAfter.report.cause).toBe('ok');
    expect(quietAfter.events.filter((e) => e.kind === 'acl').every((e) => e.kind === 'acl' && e.allowed)).toBe(true);

    const allowed = await service.editTable({ kind: 'set', commonName: 'rogue-device', password: { identity: 'rogue-device' } });
    if (!allowed.ok) throw new Error(allowed.error.message);
    expect(allowed.value.identities.find((i) => i.name === 'rogue-device')?.status).toBe('allowed');
    expect((await connectProfile('rogue-device')).report.cause).toBe('ok');

    const removed = await service.editTable({ kind: 'remove', commonName: 'device-001' });
    if (!removed.ok) throw new Error(removed.error.message);
    expect(removed.value.identities.find((i) => i.name === 'device-001')?.status).toBe('not-allowed');
    expect(removed.value.table.map((r) => r.commonName)).not.toContain('device-001');
    expect((await connectProfile('device-001')).report.cause).toBe('connack-not-authorized');

    const noPassword = await service.editTable({ kind: 'set', commonName: 'nobody' });
    expect(noPassword.ok || noPassword.error).toMatchObject({ code: 'invalid-request' });
    // Kept in lab.json.
    const saved = JSON.parse(await readFile(join(dataDir, 'lab', 'lab.json'), 'utf8')) as { table: { commonName: string }[] };
    expect(saved.table.map((e) => e.commonName)).toContain('rogue-device');
    expect(saved.table.map((e) => e.commonName)).not.toContain('device-001');
  });

  it('tests a query against the built-in table and Redis, showing the stored value only when asked', async () => {
    const builtIn = await service.testQuery({ identity: 'uuid-device', reveal: false });
    if (!builtIn.ok) throw new Error(builtIn.error.message);
    expect(builtIn.value).toMatchObject({ source: 'built-in', answer: 'found', profilePasswordMatches: true, revealed: null });
    const shown = await service.testQuery({ identity: 'uuid-device', reveal: true });
    expect(shown.ok && shown.value.revealed?.value).toMatch(/^[0-9a-f]{64}$/);

    const password = service.revealPassword('uuid-device');
    if (!password.ok) throw new Error(password.error.message);
    const db = new Redis({ host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: 0 });
    await db.hset(`tls_domain:${UUID_DEVICE_CN}`, 'password', password.value.password);
    db.disconnect();
    const auth = {
      source: 'redis' as const,
      redis: { url: `redis://127.0.0.1:${redis.port}`, query: 'HMGET tls_domain:%C password', hash: 'plain' as const, timeoutMs: 1000 },
    };
    const parsedAuth = LabAuthConfig.parse(auth);
    const found = await service.testQuery({ identity: 'uuid-device', auth: parsedAuth, reveal: false });
    if (!found.ok) throw new Error(found.error.message);
    expect(found.value).toMatchObject({ source: 'redis', answer: 'found', profilePasswordMatches: true, revealed: null });
    expect(found.value.query).toBe('HMGET tls_domain:346a004d-1dab-4016-bb38-03cca7094415 password');
    const missing = await service.testQuery({ identity: 'rogue-device', auth: parsedAuth, reveal: true });
    expect(missing.ok && missing.value).toMatchObject({ answer: 'not-found', revealed: null, profilePasswordMatches: null });
    const down = { ...parsedAuth, redis: { ...parsedAuth.redis!, url: 'redis://127.0.0.1:1', timeoutMs: 300 } };
    const unavailable = await service.testQuery({ identity: 'uuid-device', auth: down, reveal: false });
    expect(unavailable.ok && unavailable.value.answer).toBe('unavailable');
  });

  it('keeps its settings in lab.json, hides a Redis password, and restarts on a new port with its profiles made again', async () => {
    const ids = service.status().profiles.ids;
    const before = service.status().port!;
    const auth = {
      source: 'built-in' as const,
      refusal: 'bad-credentials' as const,
      usernameMustEqualCn: false,
      redis: {
        url: `redis://:s3cret@127.0.0.1:${redis.port}`,
        query: 'HMGET tls_domain:%C password',
        hash: 'plain' as const,
        timeoutMs: 1000,
        rights: { publish: [], subscribe: [] },
      },
    };
    const configured = await service.configure({ port: 0, auth });
    if (!configured.ok) throw new Error(configured.error.message);
    expect(configured.value.state).toBe('running');
    expect(configured.value.settings.auth.redis?.url).toBe(`redis://:***@127.0.0.1:${redis.port}`);
    expect(JSON.stringify(configured.value)).not.toContain('s3cret');
    if (configured.value.port !== before) {
      expect(configured.value.profiles.ids).toEqual(ids);
      expect(profiles.getProfile(ids[0]!).ok && profiles.getProfile(ids[0]!)).toMatchObject({
        value: { settings: { port: configured.value.port } },
      });
    }
    // Sent back with *** the password stays.
    const again = await service.configure({
      port: 0,
      auth: { ...auth, redis: { ...auth.redis, url: configured.value.settings.auth.redis!.url } },
    });
    expect(again.ok).toBe(true);
    const saved = JSON.parse(await readFile(join(dataDir, 'lab', 'lab.json'), 'utf8')) as {
      settings: { auth: { redis: { url: string } } };
    };
    expect(saved.settings.auth.redis.url).toContain('s3cret');
    // The refusal now is CONNACK 4.
    expect((await connectProfile('wrong-password-device')).report.cause).toBe('connack-bad-credentials');
  });

  it('regenerates: a new CA, the same profile ids made again, other profiles untouched, settings kept', async () => {
    const before = service.status();
    const caBefore = await readFile(join(dataDir, 'lab', 'ca.pem'), 'utf8');
    const mine = profiles.getProfile(userProfileId);
    const regenerated = await service.regenerate();
    if (!regenerated.ok) throw new Error(regenerated.error.message);
    expect(await readFile(join(dataDir, 'lab', 'ca.pem'), 'utf8')).not.toBe(caBefore);
    expect(regenerated.value.state).toBe('running');
    expect(regenerated.value.profiles.ids).toEqual(before.profiles.ids);
    expect(regenerated.value.settings.auth.refusal).toBe('bad-credentials');
    // The regenerated table has device-001 again, and its profile carries the new lab's files.
    expect((await connectProfile('device-001')).report.cause).toBe('ok');
    expect(profiles.getProfile(userProfileId)).toEqual(mine);
    expect(profiles.listProfiles()).toHaveLength(14);
  });

  it('outlives itself: a new service on the same folder reads the settings and the profiles', async () => {
    await service.stop();
    const next = new LabService({ dataDir, profiles, defaultPort: 0 });
    const status = await next.load();
    expect(status).toMatchObject({ state: 'stopped', settings: { auth: { refusal: 'bad-credentials' } } });
    expect(status.profiles.ids).toHaveLength(13);
    expect(status.issuedAt).not.toBeNull();
    await next.close();
    expect(events.filter((e) => e.kind === 'lab').map((e) => e.kind === 'lab' && e.message)).toContain('Lab broker stopped.');
  });

  it('with its port taken: a named port is refused until the settings change; the default port falls back with a notice', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as AddressInfo).port;
    const next = new LabService({ dataDir, profiles, defaultPort: taken });
    try {
      const settings = (await next.load()).settings;
      const named = await next.configure({ port: taken, auth: LabAuthConfig.parse(settings.auth) });
      expect(named.ok).toBe(true);
      const refused = await next.start();
      expect(refused.ok).toBe(false);
      expect(next.status()).toMatchObject({
        state: 'stopped',
        problem: { code: 'port-in-use', message: `Port ${taken} on 127.0.0.1 is in use.` },
      });
      // Saving other settings drops the failure they caused; a damaged PKI would stay.
      const cleared = await next.configure({ port: null, auth: LabAuthConfig.parse(settings.auth) });
      expect(cleared.ok && cleared.value.problem).toBeNull();
      const started = await next.start();
      if (!started.ok) throw new Error(started.error.message);
      expect(started.value.port).not.toBe(taken);
      expect(started.value.notices[0]).toBe(
        `Port ${taken} is in use; the lab listens on port ${started.value.port} instead (127.0.0.1, ::1).`,
      );
      expect(started.value.addresses).toEqual([`127.0.0.1:${started.value.port}`, `[::1]:${started.value.port}`]);
    } finally {
      await next.close();
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});
