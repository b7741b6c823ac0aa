import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseCertificates } from '../../../../electron/core/certs/certificates';
import { BoundedCache, bytesKey, clearDerivedCaches, derivedCacheStats } from '../../../../electron/core/certs/derived-cache';
import { lintChain } from '../../../../electron/core/certs/lint';
import type { FileBytes, IdentityMaterial } from '../../../../electron/core/certs/material';
import { preflight } from '../../../../electron/core/certs/preflight';
import { makePki, type TestPki } from '../../../support/pki';

let dir: string;
let pki: TestPki;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'keyhole-derived-cache-'));
  pki = await makePki(dir);
}, 30_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => clearDerivedCaches());

const file = (path: string): FileBytes => ({ name: basename(path), bytes: new Uint8Array(readFileSync(path)) });
const misses = (name: string) => derivedCacheStats()[name]?.misses ?? Number.NaN;
const hits = (name: string) => derivedCacheStats()[name]?.hits ?? Number.NaN;

describe('BoundedCache', () => {
  it('answers a hit from the cache and derives a miss once', () => {
    const cache = new BoundedCache<number>(4);
    let derived = 0;
    const derive = () => ++derived;
    expect(cache.through('a', derive)).toBe(1);
    expect(cache.through('a', derive)).toBe(1);
    expect(cache.through('b', derive)).toBe(2);
    expect(derived).toBe(2);
    expect(cache.stats).toEqual({ hits: 1, misses: 2 });
  });

  it('keeps at most its limit, dropping the least recently used first', () => {
    const cache = new BoundedCache<string>(2);
    cache.set('a', 'A');
    cache.set('b', 'B');
    expect(cache.get('a')).toBe('A'); // a is now the most recent
    cache.set('c', 'C');
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('A');
    expect(cache.get('c')).toBe('C');
  });

  it('refuses a limit below one', () => {
    expect(() => new BoundedCache(0)).toThrow(RangeError);
  });

  it('keys bytes by their SHA-256: equal bytes, equal keys; one changed byte, another key', () => {
    const a = new Uint8Array([1, 2, 3]);
    expect(bytesKey(a)).toBe(bytesKey(new Uint8Array([1, 2, 3])));
    expect(bytesKey(a)).not.toBe(bytesKey(new Uint8Array([1, 2, 4])));
    expect(bytesKey(a)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('what preflight derives from unchanged bytes', () => {
  it('parses a certificate file once for the same bytes, again for changed bytes', () => {
    const ca = file(pki.ca.cert);
    const first = parseCertificates(ca, 'ca-invalid');
    const second = parseCertificates({ name: 'renamed.crt', bytes: new Uint8Array(ca.bytes) }, 'ca-invalid');
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(second.value[0]).toBe(first.value[0]);
    expect(hits('parsed-certificate-files')).toBe(1);
    // Another certificate (another file's bytes) is parsed on its own.
    const other = parseCertificates(file(pki.foreignCa.cert), 'ca-invalid');
    expect(other.ok && other.value[0]?.fingerprint256).not.toBe(first.value[0]!.fingerprint256);
    expect(misses('parsed-certificate-files')).toBe(2);
  });

  it('does not keep a failure: a broken file is refused with its own name each time', () => {
    const broken = (name: string): FileBytes => ({
      name,
      bytes: new TextEncoder().encode('-----BEGIN CERTIFICATE-----\n@@@\n-----END CERTIFICATE-----\n'),
    });
    const a = parseCertificates(broken('a.crt'), 'ca-invalid');
    const b = parseCertificates(broken('b.crt'), 'ca-invalid');
    expect(!a.ok && a.error.message).toContain('"a.crt"');
    expect(!b.ok && b.error.message).toContain('"b.crt"');
  });

  it('a second preflight of the same files derives nothing again, and gives the same result', () => {
    const material = (): IdentityMaterial => ({ ca: [file(pki.ca.cert)], cert: file(pki.clientGood.cert), key: file(pki.clientGood.key) });
    const now = new Date(Date.now() + 1000);
    const first = preflight(material(), {}, now);
    const before = derivedCacheStats();
    const second = preflight(material(), {}, now);
    const after = derivedCacheStats();
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    for (const name of ['parsed-certificate-files', 'key-matches', 'lints', 'certificate-summaries']) {
      expect(after[name]!.misses, name).toBe(before[name]!.misses);
      expect(after[name]!.hits, name).toBeGreaterThan(before[name]!.hits);
    }
    expect(second.value.findings).toEqual(first.value.findings);
    expect(second.value.identity).toEqual(first.value.identity);
    expect(second.value.clientChain).toEqual(first.value.clientChain);
    expect(second.value.cert).toBe(first.value.cert);
    // The key reaches TLS either way; only a yes/no about it was kept.
    expect(second.value.key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(JSON.stringify(derivedCacheStats())).not.toContain('PRIVATE KEY');
  });

  it('remembers a key that does not match, and still refuses it', () => {
    const material = (): IdentityMaterial => ({
      ca: [file(pki.ca.cert)],
      cert: file(pki.clientGood.cert),
      key: file(pki.clientBlocked.key),
    });
    for (let i = 0; i < 2; i++) {
      const result = preflight(material(), {}, new Date());
      expect(result.ok ? 'ok' : result.error.cause).toBe('key-cert-mismatch');
    }
    expect(hits('key-matches')).toBeGreaterThan(0);
  });

  it('hands out copies: changing a returned summary does not change the next one', () => {
    const material = (): IdentityMaterial => ({ ca: [file(pki.ca.cert)] });
    const first = preflight(material(), {}, new Date());
    if (!first.ok) throw new Error(first.error.message);
    first.value.caCertificates[0]!.commonName = 'changed';
    const second = preflight(material(), {}, new Date());
    expect(second.ok && second.value.caCertificates[0]!.commonName).toBe('Keyhole Test CA');
  });

  it('lints again when the clock changes what a lint says (the same chain, after it expired)', () => {
    const parsed = parseCertificates(file(pki.clientGood.cert));
    const cas = parseCertificates(file(pki.ca.cert), 'ca-invalid');
    if (!parsed.ok || !cas.ok) throw new Error('unreadable test PKI');
    const input = { cas: cas.value, chain: parsed.value, key: null };
    const codes = (now: Date) => lintChain(input, { role: 'client' }, now).map((f) => f.code);
    const now = new Date(Date.now() + 1000);
    expect(codes(now)).not.toContain('cert-expired');
    expect(codes(now)).toEqual(codes(now));
    const later = new Date(pki.clientGood.notAfter.getTime() + 86_400_000);
    expect(codes(later)).toContain('cert-expired');
    const soon = new Date(pki.clientGood.notAfter.getTime() - 5 * 86_400_000);
    expect(codes(soon)).toContain('cert-expires-soon');
  });
});
