// The lab's Redis auth source against a real redis-server started here: EMQX-style query
// templates, each hash, CNs that would inject a command if they were pasted into one, and Redis
// going away or hanging mid-run (SIGTERM, SIGSTOP/SIGCONT): CONNACK "server unavailable" within
// the time limit, a lab log line, never a hang.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LabAuthConfig } from '../../../shared/lab/lab-config';
import { issueCertificate } from '../../../electron/core/certs/issue';
import { privateKeyPem } from '../../../electron/core/certs/keys';
import type { DemoProfile } from '../../../electron/core/lab/demo-profiles';
import { startLab, type Lab } from '../../../electron/core/lab/lab';
import { toProbeInput } from '../../../electron/core/profiles/probe-input';
import { startRedis, type RedisServer } from '../../support/redis';
import { attempt, recordUnhandled } from '../../support/connect-harness';

recordUnhandled();

let dataDir: string;
let redis: RedisServer;
let db: Redis;
/** Labs started by a test; stopped after it. */
const labs: Lab[] = [];

const PASSWORD = 'correct horse battery';
const url = () => `redis://127.0.0.1:${redis.port}`;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'keyhole-lab-redis-'));
  redis = await startRedis();
  db = new Redis({ host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: 0, enableOfflineQueue: false, lazyConnect: true });
  db.on('error', () => undefined);
  await db.connect();
});

afterEach(async () => {
  for (const lab of labs.splice(0)) await lab.stop();
});

afterAll(async () => {
  db?.disconnect();
  await redis?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function lab(auth: LabAuthConfig): Promise<Lab> {
  const started = await startLab({ dataDir, port: 0, auth });
  if (!started.ok) throw new Error(started.error.message);
  labs.push(started.value);
  return started.value;
}

const redisAuth = (query: string, hash: 'plain' | 'sha256-salt-prefix' | 'sha256-salt-suffix' | 'bcrypt' = 'plain', timeoutMs = 2000) =>
  ({ source: 'redis', redis: { url: url(), query, hash, timeoutMs } }) as const;

/** A lab profile by name. */
async function profile(l: Lab, name: string): Promise<DemoProfile> {
  return (await l.demoProfiles()).find((p) => p.name === name)!;
}

/** device-001's profile with the password given and no access check (Redis gives only passwords). */
const device = async (l: Lab, password: string, name = 'device-001') => {
  const p = await profile(l, name);
  return { ...p, secrets: { ...p.secrets, password }, settings: { ...p.settings, accessCheckTopic: undefined } };
};

const outcome = async (p: DemoProfile) => {
  const { report } = await attempt(toProbeInput(p));
  return { verdict: report.verdict, cause: report.cause, report };
};

describe('Redis with HMGET tls_domain:%C password (plain)', () => {
  beforeAll(async () => {
    await db.hset('tls_domain:device-001', 'password', PASSWORD);
  });

  it('lets an allowed CN in with its password', async () => {
    const l = await lab(redisAuth('HMGET tls_domain:%C password'));
    expect(await outcome(await device(l, PASSWORD))).toMatchObject({ verdict: 'accepted', cause: 'ok' });
    const auth = l.log.recent().find((e) => e.kind === 'auth');
    expect(auth).toMatchObject({ source: 'redis', query: 'HMGET tls_domain:device-001 password', answer: 'found', decision: 'allowed' });
  });

  it('refuses an unknown CN and a wrong password with CONNACK 5 (or 4 when configured)', async () => {
    const l = await lab(redisAuth('HMGET tls_domain:%C password'));
    const rogue = await device(l, PASSWORD, 'rogue-device');
    expect(await outcome(rogue)).toMatchObject({ verdict: 'rejected', cause: 'connack-not-authorized' });
    expect(await outcome(await device(l, 'not the password'))).toMatchObject({ cause: 'connack-not-authorized' });
    const auths = l.log.recent().filter((e) => e.kind === 'auth');
    expect(auths).toMatchObject([
      { answer: 'not-found', decision: 'refused' },
      { answer: 'found', passwordMatches: false, decision: 'refused' },
    ]);
    const strict = await lab({ ...redisAuth('HMGET tls_domain:%C password'), refusal: 'bad-credentials' });
    expect(await outcome(await device(strict, 'not the password'))).toMatchObject({ cause: 'connack-bad-credentials' });
  });

  it('with "username must equal CN", refuses a device whose username is another', async () => {
    const l = await lab({ ...redisAuth('HMGET tls_domain:%C password'), usernameMustEqualCn: true });
    expect(await outcome(await device(l, PASSWORD))).toMatchObject({ cause: 'ok' });
    const other = await device(l, PASSWORD);
    other.settings = { ...other.settings, username: 'someone-else' };
    expect(await outcome(other)).toMatchObject({ cause: 'connack-not-authorized' });
    expect(
      l.log
        .recent()
        .filter((e) => e.kind === 'auth')
        .at(-1),
    ).toMatchObject({ answer: 'not-asked', decision: 'refused' });
  });
});

describe('hashes', () => {
  it('salted SHA-256, salt before and after the password', async () => {
    const salt = 'f00dfeed';
    const hex = (s: string) => createHash('sha256').update(s).digest('hex');
    await db.hset('salted-prefix:device-001', 'hash', hex(salt + PASSWORD), 'salt', salt);
    await db.hset('salted-suffix:device-001', 'hash', hex(PASSWORD + salt), 'salt', salt);
    const prefix = await lab(redisAuth('HMGET salted-prefix:%C hash salt', 'sha256-salt-prefix'));
    expect(await outcome(await device(prefix, PASSWORD))).toMatchObject({ cause: 'ok' });
    expect(await outcome(await device(prefix, `${PASSWORD}!`))).toMatchObject({ cause: 'connack-not-authorized' });
    const suffix = await lab(redisAuth('HMGET salted-suffix:%C hash salt', 'sha256-salt-suffix'));
    expect(await outcome(await device(suffix, PASSWORD))).toMatchObject({ cause: 'ok' });
    // The prefix hash read as a suffix hash must not match.
    const crossed = await lab(redisAuth('HMGET salted-prefix:%C hash salt', 'sha256-salt-suffix'));
    expect(await outcome(await device(crossed, PASSWORD))).toMatchObject({ cause: 'connack-not-authorized' });
  });

  it('bcrypt', async () => {
    await db.hset('bcrypt:device-001', 'password', bcrypt.hashSync(PASSWORD, 4));
    const l = await lab(redisAuth('HGET bcrypt:%C password', 'bcrypt'));
    expect(await outcome(await device(l, PASSWORD))).toMatchObject({ cause: 'ok' });
    expect(await outcome(await device(l, 'guess'))).toMatchObject({ cause: 'connack-not-authorized' });
  });

  it('the subject DN placeholder %d, quoted', async () => {
    await db.hset('tls_subject:CN=device-001,O=Keyhole Lab', 'password', PASSWORD);
    const l = await lab(redisAuth('HMGET "tls_subject:%d" password'));
    expect(await outcome(await device(l, PASSWORD))).toMatchObject({ cause: 'ok' });
  });
});

describe('CNs that would be commands if pasted into one', () => {
  const SENTINEL = 'sentinel:still-here';

  /** A device of the lab CA with any CN, as a profile. */
  async function deviceWithCn(l: Lab, cn: string): Promise<DemoProfile> {
    const issued = await issueCertificate(
      {
        profile: 'client',
        subject: { commonName: cn, organization: 'Keyhole Lab' },
        key: 'ec-p256',
        validity: {
          notBefore: new Date(Date.now() - 86_400_000).toISOString(),
          notAfter: new Date(Date.now() + 365 * 86_400_000).toISOString(),
        },
      },
      l.pki.signer,
    );
    if (!issued.ok) throw new Error(issued.error.message);
    const base = await device(l, PASSWORD);
    return {
      ...base,
      commonName: cn,
      files: {
        ...base.files,
        cert: { fileName: 'odd.pem', bytes: new TextEncoder().encode(issued.value.certPem) },
        key: { fileName: 'odd-key.pem', bytes: new TextEncoder().encode(privateKeyPem(issued.value.key)) },
      },
    };
  }

  it.each([
    ['a CN with spaces', 'a b'],
    ['a CN with CR LF and a command', 'x\r\nFLUSHALL'],
    ['a CN with a quote and a second word', 'x" password "y'],
  ])('%s stays one argument: the key with exactly that CN is the one read, nothing else runs', async (_, cn) => {
    await db.set(SENTINEL, 'yes');
    await db.hset(`tls_domain:${cn}`, 'password', PASSWORD);
    const before = await db.dbsize();
    const l = await lab(redisAuth('HMGET tls_domain:%C password'));
    expect(await outcome(await deviceWithCn(l, cn))).toMatchObject({ verdict: 'accepted', cause: 'ok' });
    expect(await db.get(SENTINEL)).toBe('yes');
    expect(await db.dbsize()).toBe(before);
    const auth = l.log.recent().find((e) => e.kind === 'auth');
    // The log shows the argument quoted, with its CR LF escaped.
    expect(auth?.kind === 'auth' && auth.query).toBe(`HMGET ${JSON.stringify(`tls_domain:${cn}`)} password`);
  });
});

describe('Redis slow or gone', () => {
  it('answers CONNACK "server unavailable" while Redis is paused (SIGSTOP), and recovers after SIGCONT', async () => {
    await db.hset('tls_domain:device-001', 'password', PASSWORD);
    const l = await lab(redisAuth('HMGET tls_domain:%C password', 'plain', 300));
    expect(await outcome(await device(l, PASSWORD))).toMatchObject({ cause: 'ok' });
    process.kill(redis.pid, 'SIGSTOP');
    try {
      const paused = await outcome(await device(l, PASSWORD));
      expect(paused).toMatchObject({ verdict: 'rejected', cause: 'connack-server-unavailable' });
      expect(paused.report.evidence.connack?.code).toBe(3);
    } finally {
      process.kill(redis.pid, 'SIGCONT');
    }
    const auth = l.log
      .recent()
      .filter((e) => e.kind === 'auth')
      .at(-1);
    expect(auth).toMatchObject({ answer: 'unavailable', decision: 'unavailable', detail: 'Redis did not answer within 300 ms' });
    // The late reply to the timed-out query must not be taken for the next query's.
    await new Promise((r) => setTimeout(r, 200));
    expect(await outcome(await device(l, PASSWORD))).toMatchObject({ cause: 'ok' });
    expect(await outcome(await device(l, PASSWORD, 'rogue-device'))).toMatchObject({ cause: 'connack-not-authorized' });
  });

  it('answers CONNACK "server unavailable" once Redis is stopped mid-run, with a lab log line, and keeps serving', async () => {
    const own = await startRedis();
    const seed = new Redis({ host: '127.0.0.1', port: own.port, lazyConnect: true });
    await seed.connect();
    await seed.hset('tls_domain:device-001', 'password', PASSWORD);
    seed.disconnect();
    const l = await lab({
      source: 'redis',
      redis: { url: `redis://127.0.0.1:${own.port}`, query: 'HMGET tls_domain:%C password', timeoutMs: 500 },
    });
    expect(await outcome(await device(l, PASSWORD))).toMatchObject({ cause: 'ok' });
    await own.stop();
    for (let i = 0; i < 3; i++) {
      expect(await outcome(await device(l, PASSWORD))).toMatchObject({ verdict: 'rejected', cause: 'connack-server-unavailable' });
    }
    const warning = l.log.recent().find((e) => e.kind === 'lab' && e.level === 'warning');
    expect(warning?.kind === 'lab' && warning.message).toMatch(/^Redis at redis:\/\/127\.0\.0\.1:\d+\/?: /);
    // The TLS side is unaffected: a revoked certificate is still refused before any lookup.
    expect(await outcome(await profile(l, 'revoked-device'))).toMatchObject({ cause: 'client-cert-revoked' });
  });

  it('starts with a notice when Redis is not reachable, and refuses with "server unavailable"', async () => {
    const l = await lab({ source: 'redis', redis: { url: 'redis://127.0.0.1:1', query: 'GET pw:%C', timeoutMs: 200 } });
    expect(l.notices.join(' ')).toMatch(/not reachable yet/);
    expect(await outcome(await device(l, PASSWORD))).toMatchObject({ cause: 'connack-server-unavailable' });
  });
});
