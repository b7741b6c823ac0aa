// The batch's Redis script loaded into a real redis-server with `redis-cli < file`, as the
// README says: every device's key holds its manifest password (or its hash), awkward CNs
// included, and nothing else is written.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchRequest } from '../../../shared/certs/batch';
import { BATCH_FILES, runBatch, type BatchFile } from '../../../electron/core/certs/batch';
import type { SigningIssuer } from '../../../electron/core/certs/issue';
import { startRedis, type RedisServer } from '../../support/redis';
import { ca, days, signerOf, issueTo } from '../../support/workbench-pki';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let redis: RedisServer;
let client: Redis;
let issuer: SigningIssuer;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-redis-'));
  issuer = await signerOf(await issueTo(dir, 'ca', ca('Redis CA', 'ec-p256'), null));
  redis = await startRedis();
  client = new Redis({ host: '127.0.0.1', port: redis.port, lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
}, 30_000);

afterAll(async () => {
  client?.disconnect();
  await redis?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function batch(request: Omit<BatchRequest, 'validity'>) {
  const files = new Map<string, string>();
  const result = await runBatch(
    { ...request, validity: days(-1, 30) },
    issuer,
    async (f: BatchFile) => void files.set(f.path, String(f.contents)),
  );
  if (!result.ok) throw new Error(result.error.message);
  const load = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(redis.port)], {
    input: files.get(BATCH_FILES.redis),
    encoding: 'utf8',
  });
  expect(load.status, load.stderr).toBe(0);
  expect(load.stdout).not.toMatch(/ERR/);
  return result.value.rows;
}

describe('the Redis script in redis-server', () => {
  it('stores each device password under tls_domain:<CN>, awkward CNs included', async () => {
    await client.flushall();
    const names = ['346a004d-1dab-4016-bb38-03cca7094415', 'a b', 'x\r\nFLUSHALL', 'quote"and\\slash', "it's", 'Gerät 7', '{uuid}'];
    const rows = await batch({ names });
    expect(await client.dbsize()).toBe(names.length);
    for (const row of rows) expect(await client.hgetall(`tls_domain:${row.commonName}`)).toEqual({ password: row.password });
  });

  it('stores salted SHA-256 with the salt in its own field, and bcrypt hashes, under a chosen prefix', async () => {
    await client.flushall();
    const salted = await batch({
      count: 5,
      cnPattern: 'dev-{n}',
      redis: { hash: 'sha256-salt-suffix', keyPrefix: 'mqtt_user:', passwordField: 'password_hash', saltField: 'salt' },
    });
    for (const row of salted) {
      const stored = await client.hgetall(`mqtt_user:${row.commonName}`);
      expect(stored.password_hash).toBe(createHash('sha256').update(`${row.password}${stored.salt}`).digest('hex'));
    }
    const crypted = await batch({ count: 3, cnPattern: 'bc-{n}', redis: { hash: 'bcrypt', bcryptRounds: 4 } });
    for (const row of crypted) {
      const [password] = await client.hmget(`tls_domain:${row.commonName}`, 'password');
      expect(bcrypt.compareSync(row.password, password ?? '')).toBe(true);
    }
    expect(await client.dbsize()).toBe(8);
  });
});
