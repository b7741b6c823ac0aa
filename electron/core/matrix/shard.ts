// Sharding: `--shard i/n` keeps the rows whose identity hashes to bucket i of n. A row's shard
// depends on its own name only (not on its position or on the other rows), so CI runners that
// each take one shard of the same file cover it exactly once, and a row added to the file does
// not move the others.
import { createHash } from 'node:crypto';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** The 1-based shard of `count` a row identity belongs to. */
export function shardOf(id: string, count: number): number {
  if (count <= 1) return 1;
  // The first 48 bits of SHA-256: uniform, and the same on every machine and Node version.
  const n = createHash('sha256').update(id, 'utf8').digest().readUIntBE(0, 6);
  return (n % count) + 1;
}

/** Whether a row identity is in the shard. */
export const inShard = (id: string, shard: Shard | undefined): boolean => shard === undefined || shardOf(id, shard.count) === shard.index;

/** Reads `i/n` (1 ≤ i ≤ n); null when it is not that. */
export function parseShard(text: string): Shard | null {
  const m = /^(\d{1,6})\/(\d{1,6})$/.exec(text.trim());
  if (!m) return null;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return index >= 1 && count >= 1 && index <= count ? { index, count } : null;
}
