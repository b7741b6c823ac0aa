// Every parser that takes a user's bytes or text, fed 10,000 generated inputs each: random
// bytes, text and values, and real samples from the fixtures damaged the ways files get damaged
// (truncated, a byte flipped, bytes inserted, a slice doubled or cut). None may throw out of its
// API; each failure must be a result with a message a person can read.
//
// The run is deterministic: one seed, printed first, drives every property. A failure prints
// fast-check's counterexample with that seed and its path; KEYHOLE_FUZZ_SEED=<seed> replays the
// whole run (KEYHOLE_FUZZ_RUNS changes the number of cases, e.g. for a longer local hunt). The
// PKCS#12 samples are made at run time (no key is committed), with fresh salts each time: a
// PKCS#12 counterexample is replayed from the bytes fast-check prints, not from the seed alone.
import { execFileSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { encode as msgpackEncode } from '@msgpack/msgpack';
import { encode as cborEncode } from 'cbor2';
import fc from 'fast-check';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, contract, PayloadView } from '../../../shared/ipc/contract';
import { parseAuthTemplate } from '../../../shared/lab/auth-template';
import { inspectInputs } from '../../../electron/core/certs/inspect';
import { preflight } from '../../../electron/core/certs/preflight';
import { writePkcs12 } from '../../../electron/core/certs/pkcs12-write';
import { invalidRequest } from '../../../electron/core/host/api';
import { parseManifest } from '../../../electron/core/matrix/manifest';
import { parseMatrixText } from '../../../electron/core/matrix/file-plan';
import { createJsonFileStore } from '../../../electron/core/store/json-store';
import { parseConfigText } from '../../../electron/core/transfer/config-import';
import { parseImportText } from '../../../electron/core/transfer/import-file';
import { messagesCsv, messagesJson } from '../../../renderer/features/messages/message-export';
import { bytesToBase64, displayPayload, encodePayload, searchableText } from '../../../renderer/features/messages/payload';
import { CA_PEM, CERT_PEM, KEY_PEM } from '../../support/fixture-material';

const DEFAULT_SEED = 20_261_201;

function envInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, not ${JSON.stringify(raw)}.`);
  return value;
}

/** The seed of every property in this file. */
const SEED = envInteger('KEYHOLE_FUZZ_SEED', DEFAULT_SEED);
/** Cases per parser (10,000 in CI). */
const RUNS = envInteger('KEYHOLE_FUZZ_RUNS', 10_000);
const OPTIONS = { numRuns: RUNS, seed: SEED };
/** No generated input is larger: a damaged sample may grow by doubling slices, and a case must not eat the worker's heap. */
const MAX_CASE_BYTES = 256 * 1024;
const FIXTURES = resolve(__dirname, '../../fixtures');
const TIMEOUT = 600_000;

const tallies: { name: string; cases: number; ms: number }[] = [];
let suiteStart = 0;

/** Counts the cases of one parser and the time they took. */
function tally(name: string): () => void {
  const entry = { name, cases: 0, ms: 0 };
  tallies.push(entry);
  const start = performance.now();
  return () => {
    entry.cases += 1;
    entry.ms = performance.now() - start;
  };
}

beforeAll(() => {
  suiteStart = performance.now();
  console.log(`parser fuzz: seed ${SEED} (replay with KEYHOLE_FUZZ_SEED=${SEED}), ${RUNS} cases per parser`);
});

afterAll(() => {
  const lines = tallies.map((t) => `  ${t.name.padEnd(18)} ${String(t.cases).padStart(6)} cases  ${(t.ms / 1000).toFixed(1)} s`);
  const total = ((performance.now() - suiteStart) / 1000).toFixed(1);
  console.log(`parser fuzz, seed ${SEED}: none threw\n${lines.join('\n')}\n  total ${total} s`);
});

/** Every file under `dir` (recursively) whose name passes `keep`. */
function samples(dir: string, keep: (name: string) => boolean = () => true): Uint8Array[] {
  const out: Uint8Array[] = [];
  // Sorted: the order of a directory listing depends on the file system, and the seed picks samples by index.
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...samples(path, keep));
    else if (keep(name) && statSync(path).size < MAX_CASE_BYTES) out.push(new Uint8Array(readFileSync(path)));
  }
  expect(out.length, `samples under ${dir}`).toBeGreaterThan(0);
  return out;
}

/** A sample damaged once or a few times, never larger than MAX_CASE_BYTES. */
function damaged(seeds: Uint8Array[]): fc.Arbitrary<Uint8Array> {
  const edit = fc.tuple(fc.integer({ min: 0, max: 4 }), fc.nat(), fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 16 }));
  return fc.tuple(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 4 })).map(([seed, edits]) => {
    let b = Buffer.from(seed);
    for (const [op, a, c, bytes] of edits) {
      const at = b.length ? a % b.length : 0;
      const len = 1 + (c % Math.max(1, b.length - at));
      if (op === 0) b = b.subarray(0, at);
      else if (op === 1 && b.length) b[at] = b[at]! ^ (1 << (c % 8));
      else if (op === 2) b = Buffer.concat([b.subarray(0, at), Buffer.from(bytes), b.subarray(at)]);
      else if (op === 3) b = Buffer.concat([b.subarray(0, at + len), b.subarray(at)]);
      else b = Buffer.concat([b.subarray(0, at), b.subarray(at + len)]);
      if (b.length > MAX_CASE_BYTES) b = b.subarray(0, MAX_CASE_BYTES);
    }
    return new Uint8Array(b);
  });
}

const bytesFrom = (seeds: Uint8Array[]) =>
  fc.oneof({ arbitrary: damaged(seeds), weight: 3 }, { arbitrary: fc.uint8Array({ maxLength: 2048 }), weight: 1 });

const textFrom = (seeds: Uint8Array[]) =>
  fc.oneof(
    { arbitrary: damaged(seeds).map((b) => Buffer.from(b).toString('utf8')), weight: 3 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 500 }), weight: 1 },
    { arbitrary: fc.json({ maxDepth: 4 }), weight: 1 },
  );

/** A failure value must carry a message of its own. */
function readable(message: unknown): void {
  expect(typeof message).toBe('string');
  expect((message as string).trim().length).toBeGreaterThan(3);
  expect(message).not.toMatch(/\[object Object\]|^undefined|\bat \S+ \(/);
}

/** Certificates, chains, CSRs and CRLs from the fixtures, plus a private key (PEM and DER). */
const CERT_SEEDS = [
  ...samples(join(FIXTURES, 'certs')),
  new Uint8Array(KEY_PEM),
  new Uint8Array(createPrivateKey(KEY_PEM).export({ type: 'pkcs8', format: 'der' })),
];
/**
 * PKCS#12 bundles of that key and its certificate: our own writer's (MAC and key at 2,048
 * iterations, OpenSSL's default), and OpenSSL's with the CA, in legacy RC2/3DES (read by
 * node-forge), without a MAC and unencrypted. OpenSSL's use one iteration: the parsing is the
 * same, and most cases are then cheap enough for 10,000 of them.
 */
function pfxSeeds(): Uint8Array[] {
  const dir = mkdtempSync(join(tmpdir(), 'keyhole-pfx-fuzz-'));
  try {
    writeFileSync(join(dir, 'key.pem'), KEY_PEM);
    writeFileSync(join(dir, 'cert.pem'), CERT_PEM);
    writeFileSync(join(dir, 'ca.pem'), CA_PEM);
    const openssl = (name: string, ...args: string[]) => {
      const out = join(dir, name);
      const base = ['pkcs12', '-export', '-inkey', 'key.pem', '-in', 'cert.pem', '-passout', 'pass:p12-pass', '-out', out];
      execFileSync('openssl', [...base, ...args], { cwd: dir, stdio: 'pipe' });
      return new Uint8Array(readFileSync(out));
    };
    return [
      new Uint8Array(writePkcs12({ key: createPrivateKey(KEY_PEM), chain: [new X509Certificate(CERT_PEM)], password: 'p12-pass' })),
      openssl('chain.p12', '-certfile', 'ca.pem', '-iter', '1'),
      openssl('legacy.p12', '-legacy', '-iter', '1'),
      openssl('no-mac.p12', '-nomac', '-iter', '1'),
      openssl('plain.p12', '-keypbe', 'NONE', '-certpbe', 'NONE', '-iter', '1'),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const PFX_SEEDS = pfxSeeds();

describe('certificates, keys and PKCS#12 bundles', () => {
  it(
    'the inspector reads anything into a summary, or says what it is not',
    async () => {
      const count = tally('inspect');
      await fc.assert(
        fc.asyncProperty(
          bytesFrom([...CERT_SEEDS, ...PFX_SEEDS]),
          fc.constantFrom('input.pem', 'input.der', 'bundle.p12', 'x'),
          async (bytes, name) => {
            count();
            const [result] = await inspectInputs([{ name, bytes }], { passphrase: 'p12-pass' });
            expect(result!.name).toBe(name);
            readable(result!.summary);
            if (result!.kind === 'unreadable') expect(result!.findings.length).toBeGreaterThan(0);
            for (const f of result!.findings) readable(f.message);
          },
        ),
        OPTIONS,
      );
    },
    TIMEOUT,
  );

  it(
    'preflight loads PEM or DER CA, certificate and key into TLS options, or names the file and the cause',
    () => {
      const count = tally('preflight PEM/DER');
      const seeds = bytesFrom(CERT_SEEDS);
      fc.assert(
        fc.property(seeds, seeds, seeds, (ca, cert, key) => {
          count();
          const result = preflight(
            { ca: [{ name: 'ca.pem', bytes: ca }], cert: { name: 'client.pem', bytes: cert }, key: { name: 'client.key', bytes: key } },
            {},
            new Date(),
          );
          if (!result.ok) {
            expect(result.error.cause).toMatch(/^[a-z0-9-]+$/);
            readable(result.error.message);
          }
        }),
        OPTIONS,
      );
    },
    TIMEOUT,
  );

  it(
    'preflight loads a PKCS#12 bundle, or names the file and the cause',
    () => {
      const count = tally('preflight PKCS12');
      fc.assert(
        fc.property(bytesFrom(PFX_SEEDS), fc.constantFrom(undefined, 'p12-pass', 'wrong', ''), fc.boolean(), (pfx, pfxPassword, withCa) => {
          count();
          const result = preflight(
            { ca: withCa ? [{ name: 'ca.pem', bytes: new Uint8Array(CA_PEM) }] : [], pfx: { name: 'device.p12', bytes: pfx } },
            pfxPassword === undefined ? {} : { pfxPassword },
            new Date(),
          );
          if (!result.ok) {
            expect(result.error.cause).toMatch(/^[a-z0-9-]+$/);
            readable(result.error.message);
          }
        }),
        OPTIONS,
      );
    },
    TIMEOUT,
  );
});

describe('profile imports', () => {
  it(
    'Keyhole and MQTT X exports give profiles or a message',
    async () => {
      const count = tally('exports');
      const seeds = [...samples(join(FIXTURES, 'mqttx')), ...samples(join(FIXTURES, 'store'), (n) => n.endsWith('.json'))];
      await fc.assert(
        fc.asyncProperty(textFrom(seeds), async (text) => {
          count();
          const result = await parseImportText(text, { noReadReason: 'files are not read in this test' });
          if (!result.ok) readable(result.error.message);
        }),
        OPTIONS,
      );
    },
    TIMEOUT,
  );

  it(
    'bridge configurations and command lines give profiles or a message with its line',
    async () => {
      const count = tally('configs');
      await fc.assert(
        fc.asyncProperty(textFrom(samples(join(FIXTURES, 'configs'), (n) => !n.endsWith('.json'))), async (text) => {
          count();
          const result = await parseConfigText(text);
          if (!result.ok) readable(result.error.message);
        }),
        OPTIONS,
      );
    },
    TIMEOUT,
  );
});

describe('matrix files', () => {
  const seeds = [
    new TextEncoder().encode(
      'version: 2\nname: Fleet\ntarget: { url: "mqtts://127.0.0.1:8883", ca: ca.pem }\nrows:\n  - { name: good, cert: a.pem, key: a-key.pem, expect: accepted }\n  - manifest: devices.csv\n',
    ),
    new TextEncoder().encode(
      '{"version":2,"name":"Fleet","target":{"url":"mqtts://h:8883"},"rows":[{"profile":"device-1","expect":"rejected:tls"}]}',
    ),
    new TextEncoder().encode(
      'name,cert,key,password,expect\ndevice-1,d1.pem,d1-key.pem,,accepted\n"quoted, name",a,b,c,rejected:connack\n',
    ),
  ];
  it(
    'the matrix file parser gives a matrix or a message with where',
    () => {
      const count = tally('matrix');
      fc.assert(
        fc.property(textFrom(seeds), fc.constantFrom('matrix.yaml', 'matrix.json', 'matrix'), (text, fileName) => {
          count();
          const result = parseMatrixText(text, fileName);
          if (!result.ok) readable(result.error.message);
        }),
        OPTIONS,
      );
    },
    TIMEOUT,
  );

  it(
    'the device manifest (CSV) gives devices or a message',
    () => {
      const count = tally('manifest');
      fc.assert(
        fc.property(textFrom(seeds), (text) => {
          count();
          const result = parseManifest(text);
          if (!result.ok) readable(result.error);
        }),
        OPTIONS,
      );
    },
    TIMEOUT,
  );
});

describe('the store document', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyhole-store-fuzz-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it(
    'loads, recovers what it can, or says why it cannot',
    async () => {
      const count = tally('store');
      const seeds = samples(join(FIXTURES, 'store'), (n) => n.endsWith('.json'));
      await fc.assert(
        fc.asyncProperty(textFrom(seeds), async (text) => {
          count();
          writeFileSync(join(dir, 'profiles.json'), text);
          const store = createJsonFileStore(dir, { readOnly: true });
          const loaded = await store.load();
          if (!loaded.ok) readable(loaded.error.message);
          else expect(Array.isArray(loaded.value.profiles)).toBe(true);
          store.close?.();
        }),
        OPTIONS,
      );
    },
    TIMEOUT,
  );
});

describe('Redis auth templates', () => {
  it(
    'parse into a query or a message with its column',
    () => {
      const count = tally('redis template');
      const seeds = ['HMGET tls_domain:%C password', 'GET "device:%u" ', 'HGET users:%c:%d salt %%'].map((s) =>
        new TextEncoder().encode(s),
      );
      fc.assert(
        fc.property(textFrom(seeds), (text) => {
          count();
          const result = parseAuthTemplate(text);
          if (!result.ok) readable(result.error.message);
        }),
        OPTIONS,
      );
    },
    TIMEOUT,
  );
});

/** The field names a request schema knows (an object's keys, every option's of a union), so generated requests get past the outer shape. */
function fieldNames(schema: z.ZodType): string[] {
  const s = schema as unknown as {
    shape?: Record<string, unknown>;
    options?: z.ZodType[];
    def?: { in?: z.ZodType; innerType?: z.ZodType };
  };
  if (s.shape) return Object.keys(s.shape);
  if (s.options) return [...new Set(s.options.flatMap(fieldNames))];
  if (s.def?.in) return fieldNames(s.def.in);
  if (s.def?.innerType) return fieldNames(s.def.innerType);
  return [];
}

describe("the contract's request schemas", () => {
  it(
    'accept a request or refuse it with issues that say where and why',
    () => {
      const count = tally('contract');
      // Keys that have polluted prototypes elsewhere, beside ordinary ones.
      const key = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString'));
      const leaf = fc.oneof(
        fc.anything({ key, maxDepth: 3, maxKeys: 5, withNullPrototype: true, withBigInt: true, withDate: true, withTypedArray: true }),
        fc.constantFrom('p1', 'g1', 'x'.repeat(300), '', 'mqtts://127.0.0.1:8883', 'a/b/#', 'device.pem', 'AAAA'),
        fc.integer(),
        fc.double(),
      );
      const request = fc.constantFrom(...CHANNELS).chain((channel) => {
        const names = fieldNames(contract[channel].request);
        const shaped = names.length
          ? fc.dictionary(fc.oneof({ arbitrary: fc.constantFrom(...names), weight: 4 }, { arbitrary: key, weight: 1 }), leaf, {
              maxKeys: 8,
            })
          : leaf;
        return fc.tuple(fc.constant(channel), fc.oneof({ arbitrary: shaped, weight: 3 }, { arbitrary: leaf, weight: 1 }));
      });
      fc.assert(
        fc.property(request, ([channel, payload]) => {
          count();
          const parsed = contract[channel].request.safeParse(payload);
          if (parsed.success) return;
          const refused = invalidRequest(channel, parsed.error);
          expect(refused.code).toBe('invalid-request');
          readable(refused.message);
          expect(refused.issues?.length).toBeGreaterThan(0);
          for (const issue of refused.issues ?? []) readable(issue.message);
        }),
        OPTIONS,
      );
    },
    TIMEOUT,
  );
});

describe('message payload views', () => {
  // Encoded values to damage, so that the CBOR and MessagePack decoders see nearly valid input.
  const value = fc.anything({ maxDepth: 4, maxKeys: 5, withBigInt: true, withDate: true, withTypedArray: true, withMap: true });
  const values = fc.sample(value, { seed: SEED, numRuns: 40 });
  const deep = (n: number): unknown => (n === 0 ? 1 : [deep(n - 1)]);
  const encoded = [...values, deep(250)].flatMap((v) => {
    const out: Uint8Array[] = [new TextEncoder().encode(JSON.stringify({ v: String(v) }))];
    for (const encode of [cborEncode, (x: unknown) => msgpackEncode(x, { useBigInt64: true })]) {
      try {
        out.push(encode(v));
      } catch {
        // Some generated values have no encoding in that format (e.g. a Map key MessagePack cannot write).
      }
    }
    return out;
  });
  const views = PayloadView.options;

  it(
    'show any payload in every view, or say why the view cannot decode it',
    () => {
      const count = tally('payload views');
      const message = fc.oneof(
        bytesFrom(encoded).map((b) => ({ payload: bytesToBase64(b), encoding: 'base64' as const })),
        bytesFrom(encoded).map((b) => ({ payload: Buffer.from(b).toString('utf8'), encoding: 'utf8' as const })),
        // What a damaged host could send: base64 that is not.
        fc.string({ unit: 'binary', maxLength: 200 }).map((payload) => ({ payload, encoding: 'base64' as const })),
      );
      fc.assert(
        fc.property(message, fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })), (m, at) => {
          count();
          expect(typeof searchableText(m)).toBe('string');
          const full = {
            ...m,
            seq: 1,
            profileId: 'p1',
            direction: 'in',
            topic: 't',
            size: 0,
            truncated: false,
            qos: 0,
            retain: false,
            dup: false,
            at,
          } as const;
          expect(JSON.parse(messagesJson([full]))).toHaveLength(1);
          expect(messagesCsv([full]).split('\r\n').length).toBeGreaterThanOrEqual(3);
          for (const view of views) {
            const shown = displayPayload(m, view);
            expect(typeof shown.text).toBe('string');
            if (shown.error !== undefined) readable(shown.error);
          }
        }),
        OPTIONS,
      );
    },
    TIMEOUT,
  );

  it(
    'encode what was typed to publish, or say what is wrong with it',
    () => {
      const count = tally('payload encode');
      const typed = fc.oneof(
        textFrom(encoded),
        fc.uint8Array({ maxLength: 512 }).map((b) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ')),
        fc.uint8Array({ maxLength: 512 }).map(bytesToBase64),
      );
      fc.assert(
        fc.property(typed, fc.constantFrom('text', 'json', 'hex', 'base64'), (text, format) => {
          count();
          const encoded = encodePayload(text, format);
          if (encoded.ok) expect(typeof encoded.payload).toBe('string');
          else readable(encoded.error);
        }),
        OPTIONS,
      );
    },
    TIMEOUT,
  );
});
