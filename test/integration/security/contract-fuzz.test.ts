// Every channel of the contract, fed what a hostile page or a broken renderer could send: valid
// requests with one field turned into something else (another type, a 2 MB string, an object
// with `__proto__` / `constructor` keys, deep nesting), arbitrary JSON values, and channel names
// that do not exist. Each must come back as an `invalid-request` value, nothing may throw, the
// data folder must be byte for byte what it was, and no prototype may have been touched.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../shared/connect/settings';
import { CHANNELS, contract, type Channel } from '../../../shared/ipc/contract';
import { EMPTY_MATERIAL } from '../../../shared/profile/profile';
import { openAppCore, type AppCore } from '../../../electron/core/host/app-core';
import { VALID } from '../../support/contract-examples';

/** Cases per channel: with every channel of the contract, well over 10,000 in all. */
const RUNS_PER_CHANNEL = Math.ceil(10_000 / CHANNELS.length) + 10;
const HUGE = 'x'.repeat(2 * 1024 * 1024);
const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

let dir = '';
let core: AppCore;
let before = new Map<string, string>();
let cases = 0;

/** Every file under the data folder with the hash of its bytes. */
async function snapshot(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.set(
      path.slice(root.length),
      createHash('sha256')
        .update(await readFile(path))
        .digest('hex'),
    );
  }
  return out;
}

/** An object whose own keys include the ones prototype pollution uses, as JSON.parse makes them. */
const pollutingObject = fc
  .tuple(fc.constantFrom(...HOSTILE_KEYS), fc.jsonValue({ maxDepth: 2 }))
  .map(([key, value]) => JSON.parse(`{${JSON.stringify(key)}: ${JSON.stringify(value)}, "polluted": true}`) as unknown);

/** Nesting far deeper than any request has. */
const deep = fc.integer({ min: 50, max: 5_000 }).map((depth) => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i += 1) value = { nested: value };
  return value;
});

const strangeValue = fc.oneof(
  fc.anything({ maxDepth: 3, key: fc.oneof(fc.string(), fc.constantFrom(...HOSTILE_KEYS)) }),
  fc.constant(HUGE),
  fc.constant([HUGE]),
  pollutingObject,
  deep,
  fc.constantFrom(Number.NaN, Infinity, -0, 2 ** 53 + 1, -1, ''),
);

/** Sets `path` inside a copy of `value` (creating objects where needed). */
function setAt(value: unknown, path: string[], leaf: unknown): unknown {
  if (path.length === 0) return leaf;
  const base = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const [head, ...rest] = path as [string, ...string[]];
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(base)) copy[k] = v;
  Object.defineProperty(copy, head, { value: setAt(base[head], rest, leaf), enumerable: true, writable: true, configurable: true });
  return copy;
}

/** The paths to every field of a valid request, nested ones included. */
function fieldPaths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return prefix.length ? [prefix] : [];
  const paths: string[][] = prefix.length ? [prefix] : [];
  for (const [k, v] of Object.entries(value)) paths.push(...fieldPaths(v, [...prefix, k]));
  return paths;
}

function requestsFor(channel: Channel): fc.Arbitrary<unknown> {
  const valid = VALID[channel] as unknown;
  const paths = fieldPaths(valid);
  const mutated = paths.length
    ? fc.tuple(fc.constantFrom(...paths), strangeValue).map(([path, leaf]) => setAt(valid, path, leaf))
    : fc
        .constant(valid)
        .chain(() => fc.tuple(fc.constantFrom(...HOSTILE_KEYS, 'extra'), strangeValue).map(([k, v]) => setAt(valid, [k], v)));
  const added = fc.tuple(fc.string({ minLength: 1 }), strangeValue).map(([k, v]) => setAt(valid, [k], v));
  return fc.oneof({ arbitrary: mutated, weight: 3 }, { arbitrary: added, weight: 1 }, { arbitrary: strangeValue, weight: 1 });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-fuzz-'));
  core = await openAppCore({
    dataDir: dir,
    host: 'web',
    version: 'test',
    send: () => undefined,
    allowPathImport: false,
    logError: () => undefined,
  });
  // Something in the store to lose: a profile and a group.
  const group = await core.api.dispatch('groups:save', { name: 'Fleet' });
  expect(group.ok).toBe(true);
  const saved = await core.api.dispatch('profiles:save', {
    name: 'Device 1',
    groupId: null,
    settings: defaultSettings({ host: 'broker.example' }),
    material: EMPTY_MATERIAL,
  });
  expect(saved.ok).toBe(true);
  before = await snapshot(dir);
  expect([...before.keys()].some((k) => k.endsWith('profiles.json'))).toBe(true);
});

afterAll(async () => {
  await core?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the contract under malformed requests', () => {
  it.each(CHANNELS)('%s refuses every malformed request as a value', async (channel) => {
    const schema = contract[channel].request;
    await fc.assert(
      fc.asyncProperty(requestsFor(channel), async (request) => {
        // Mutations that happen to stay valid are not what this test is about.
        fc.pre(!schema.safeParse(request).success);
        cases += 1;
        const answer = await core.api.dispatch(channel, request);
        expect(answer.ok).toBe(false);
        if (!answer.ok) expect(answer.error.code).toBe('invalid-request');
      }),
      { numRuns: RUNS_PER_CHANNEL, maxSkipsPerRun: 1_000 },
    );
  });

  it('refuses channels that do not exist, whatever they carry', async () => {
    const names = fc.oneof(
      fc.string(),
      fc.constantFrom(...HOSTILE_KEYS, 'profiles:__proto__', 'constructor:constructor', 'profiles:list ', 'PROFILES:LIST'),
    );
    await fc.assert(
      fc.asyncProperty(names, strangeValue, async (channel, payload) => {
        fc.pre(!(CHANNELS as readonly string[]).includes(channel));
        cases += 1;
        const answer = await core.api.dispatch(channel, payload);
        expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
      }),
      { numRuns: 2_000 },
    );
  });

  it('left the data folder as it was and every prototype untouched', async () => {
    expect(await snapshot(dir)).toEqual(before);
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
    const profiles = await core.api.dispatch('profiles:list', {});
    expect(profiles.ok && (profiles.value as { name: string }[]).map((p) => p.name)).toEqual(['Device 1']);
    console.log(`contract fuzz: ${cases} malformed requests over ${CHANNELS.length} channels, all refused, store unchanged`);
    expect(cases).toBeGreaterThanOrEqual(10_000);
  });
});
