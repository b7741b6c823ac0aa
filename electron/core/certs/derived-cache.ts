// What is derived from certificate bytes that have not changed is derived once: parsed
// certificates, their decoded extensions and summaries, signature checks between two
// certificates, whether a key belongs to a certificate. A second attempt with the same files, or
// a matrix row with the same CA, pays nothing for them. Entries are keyed by a SHA-256 of the
// bytes they were derived from, so changed bytes miss; each cache holds a bounded number of
// entries, least recently used first out.
//
// Nothing secret is held: certificates are public, and of a private key only a hash of its file
// and a yes/no ("this key matches that certificate") are kept, never the key or its passphrase.
// What depends on the clock (validity status, days left, expiry warnings) is never cached.
import { createHash } from 'node:crypto';

/** A Map in recency order: a hit moves the entry to the end; past `limit` the oldest goes. */
export class BoundedCache<V> {
  private readonly entries = new Map<string, V>();
  private hitCount = 0;
  private missCount = 0;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`a cache holds at least one entry (got ${limit})`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Hits and misses since the cache was made or cleared. */
  get stats(): { hits: number; misses: number } {
    return { hits: this.hitCount, misses: this.missCount };
  }

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) {
      this.missCount += 1;
      return undefined;
    }
    this.hitCount += 1;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.limit) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  /** The cached value for `key`, or `derive()`'s, kept unless it is `undefined`. */
  through(key: string, derive: () => V): V {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const value = derive();
    if (value !== undefined) this.set(key, value);
    return value;
  }

  clear(): void {
    this.entries.clear();
    this.hitCount = 0;
    this.missCount = 0;
  }
}

/** SHA-256 of the bytes, hex: the key of everything derived from them. */
export function bytesKey(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * How many entries each cache keeps. A matrix of 1,000 identities under one CA touches one CA
 * entry and a few per identity; beyond the bound the oldest are derived again, which is correct,
 * only slower.
 */
export const DERIVED_CACHE_LIMIT = 2048;

const all = new Map<string, BoundedCache<unknown>>();

/** A named cache of the process (one per kind of derived fact). */
export function derivedCache<V>(name: string, limit = DERIVED_CACHE_LIMIT): BoundedCache<V> {
  const cache = new BoundedCache<V>(limit);
  all.set(name, cache as BoundedCache<unknown>);
  return cache;
}

/** Hits, misses and size of every derived cache, by name. */
export function derivedCacheStats(): Record<string, { hits: number; misses: number; size: number }> {
  return Object.fromEntries([...all].map(([name, cache]) => [name, { ...cache.stats, size: cache.size }]));
}

/** Empties every derived cache (tests, and benchmarks measuring a first attempt). */
export function clearDerivedCaches(): void {
  for (const cache of all.values()) cache.clear();
}
