/**
 * Files an issuing run produced, held in memory for a while under a random id: the desktop app
 * writes them where the user picks, the web host serves them as one zip archive. They never
 * travel over the contract (keys and passwords must not reach a renderer).
 */
import { randomBytes } from 'node:crypto';
import { zipSync, type Zippable } from 'fflate';
import { WORKBENCH_OUTPUT_TTL_MS, type OutputInfo } from '../../../shared/certs/workbench';

export interface OutputEntry {
  /** Relative, with `/` separators. */
  path: string;
  contents: string | Uint8Array;
  secret: boolean;
}

export interface HeldOutput {
  fileName: string;
  files: OutputEntry[];
}

export interface OutputShelf {
  /** Keeps the files; returns what the renderer may know of them. */
  hold(fileName: string, files: OutputEntry[]): OutputInfo;
  get(id: string): HeldOutput | null;
  /** The files as a zip archive (keys and passwords with Unix mode 0600), or null when gone. */
  zip(id: string): Uint8Array | null;
}

/** At most this many outputs are held; the oldest go first. */
const MAX_HELD = 20;

const bytesOf = (c: string | Uint8Array) => (typeof c === 'string' ? new TextEncoder().encode(c) : c);

/** An empty shelf; `now` decides expiry. */
export function createOutputShelf(now: () => number = Date.now): OutputShelf {
  const held = new Map<string, HeldOutput & { expires: number }>();
  const sweep = () => {
    for (const [id, o] of held) if (o.expires <= now()) held.delete(id);
    while (held.size > MAX_HELD) held.delete(held.keys().next().value!);
  };
  return {
    hold(fileName, files) {
      const id = randomBytes(18).toString('base64url');
      held.set(id, { fileName, files, expires: now() + WORKBENCH_OUTPUT_TTL_MS });
      sweep();
      return { id, fileName, files: files.map((f) => ({ path: f.path, size: bytesOf(f.contents).byteLength, secret: f.secret })) };
    },
    get(id) {
      sweep();
      const o = held.get(id);
      return o ? { fileName: o.fileName, files: o.files } : null;
    },
    zip(id) {
      const o = this.get(id);
      if (!o) return null;
      const tree: Zippable = {};
      for (const f of o.files) {
        // Unix mode in the external attributes (os 3), so unzip restores 0600 on keys and passwords.
        tree[f.path] = [bytesOf(f.contents), { os: 3, attrs: (f.secret ? 0o100600 : 0o100644) << 16 }];
      }
      return zipSync(tree, { level: 6 });
    },
  };
}
