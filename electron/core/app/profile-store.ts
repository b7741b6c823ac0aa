/**
 * Where profiles live between runs. One interface (`load`/`save` of a whole document) so the
 * format and protection of the file (versioning, encryption of the vault) can change here
 * without touching the services that use it.
 */
import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { Group, Profile } from '../../../shared/profile/profile';
import { err, ok, type Result } from '../../../shared/result';

/** Secret values of one profile. Never sent to a renderer. */
export const StoredSecrets = z.object({
  passphrase: z.string().optional(),
  password: z.string().optional(),
  pfxPassword: z.string().optional(),
});
export type StoredSecrets = z.infer<typeof StoredSecrets>;

/**
 * The whole store. `profiles` and `groups` are what a renderer may see (array order is sidebar
 * order); `vault` holds file bytes (keys and PKCS#12 bundles among them) and secret values,
 * kept apart so it can be encrypted on its own.
 */
export const StoreData = z.object({
  version: z.literal(1),
  profiles: z.array(Profile),
  groups: z.array(Group),
  vault: z.object({
    /** Material id → file content, base64. */
    files: z.record(z.string(), z.string()),
    /** Profile id → its secrets. */
    secrets: z.record(z.string(), StoredSecrets),
  }),
});
export type StoreData = z.infer<typeof StoreData>;

export const emptyStore = (): StoreData => ({ version: 1, profiles: [], groups: [], vault: { files: {}, secrets: {} } });

export type StoreError =
  | { kind: 'unreadable'; message: string }
  | { kind: 'corrupt'; message: string; backup: string | null }
  | { kind: 'unwritable'; message: string };

export interface ProfileStore {
  /** Where the store lives, for display. */
  readonly location: string;
  /** The stored document; an empty one when nothing was stored yet. */
  load(): Promise<Result<StoreData, StoreError>>;
  /** Replaces the stored document. */
  save(data: StoreData): Promise<Result<void, StoreError>>;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * The store as one JSON file (`profiles.json`, mode 0600) in `dataDir`. Writes go to a temp file
 * that is fsynced and renamed over the old one, so a crash leaves either the old or the new
 * document, never half of one. A document that fails to parse is copied aside and reported.
 */
export function createJsonFileStore(dataDir: string): ProfileStore {
  const file = join(dataDir, 'profiles.json');
  return {
    location: file,
    async load() {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return ok(emptyStore());
        return err({ kind: 'unreadable', message: message(e) });
      }
      let parsed: z.ZodSafeParseResult<StoreData>;
      try {
        parsed = StoreData.safeParse(JSON.parse(text));
      } catch (e) {
        return err({ kind: 'corrupt', message: message(e), backup: await backup(file) });
      }
      if (!parsed.success) {
        return err({ kind: 'corrupt', message: z.prettifyError(parsed.error), backup: await backup(file) });
      }
      return ok(parsed.data);
    },
    async save(data) {
      const temp = `${file}.${randomUUID()}.tmp`;
      try {
        await mkdir(dataDir, { recursive: true, mode: 0o700 });
        const handle = await open(temp, 'w', 0o600);
        try {
          await handle.writeFile(JSON.stringify(data, null, 2));
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temp, file);
        return ok(undefined);
      } catch (e) {
        await rm(temp, { force: true }).catch(() => undefined);
        return err({ kind: 'unwritable', message: message(e) });
      }
    },
  };
}

async function backup(file: string): Promise<string | null> {
  const target = `${file}.broken-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  try {
    await copyFile(file, target);
    return target;
  } catch {
    return null;
  }
}

/** A store that keeps the document in memory only (tests, and hosts run with no data dir). */
export function createMemoryStore(initial: StoreData = emptyStore()): ProfileStore {
  let data = structuredClone(initial);
  return {
    location: ':memory:',
    load: async () => ok(structuredClone(data)),
    save: async (next) => {
      data = structuredClone(next);
      return ok(undefined);
    },
  };
}
