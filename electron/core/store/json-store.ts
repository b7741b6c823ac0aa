/**
 * The store as one versioned JSON document (`profiles.json`, mode 0600) in the data folder.
 *
 * - Writes are atomic (temp file, fsync, rename, fsync of the folder) and serialised: two
 *   saves never interleave, and when several wait only the newest state is written.
 * - Secrets (values, keys, PKCS#12 bundles, certificate files carrying a key) are sealed by a
 *   SecretBox before they touch the disk; in memory they are in clear, for the connecting code.
 * - Older documents are migrated (migrations.ts). A document that is not JSON or fails
 *   validation is copied aside as `profiles.corrupt-<time>.json`, what can be trusted is taken
 *   over (recover.ts), and the facts are kept for the notice shown to the user. The original is
 *   never overwritten before its copy exists; if the copy fails, nothing is written at all.
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { ConnectReport } from '../../../shared/connect/report';
import { DEFAULT_APP_SETTINGS } from '../../../shared/profile/app-settings';
import type { MaterialRef, MaterialSlot } from '../../../shared/profile/profile';
import type { RecoveryKind, StoreRecovery } from '../../../shared/profile/store-status';
import { err, ok } from '../../../shared/result';
import { KeyFileSecretBox } from '../secrets/key-file-box';
import { bytesText, failureOf, textBytes, type SecretBox } from '../secrets/secret-box';
import { removeStaleTemps, writeFileAtomic } from './atomic-file';
import { takeFolderLock } from './folder-lock';
import { CURRENT_SCHEMA_VERSION, StoreDocument, type DocumentSecrets, type Sealable } from './document';
import { migrate } from './migrations';
import { salvage } from './recover';
import { isSecretMaterial } from './secret-material';
import { SECRET_FIELDS, emptyStore, type ProfileStore, type StoreData, type StoreState } from './store-data';
import { createSerialWriter } from './write-queue';

export const STORE_FILE_NAME = 'profiles.json';

export interface JsonFileStoreOptions {
  /** Seals new values. Defaults to a key file (`secret.key`) in the data folder. */
  box?: SecretBox;
  /** Further boxes that may open values sealed earlier by another kind of box (never used to seal). */
  readers?: SecretBox[];
  /** Never writes anything, not even a migration (the CLI reading a store another process owns). */
  readOnly?: boolean;
  fileName?: string;
  now?: () => Date;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The first few validation problems, with where they are, in one line. */
function describeIssues(error: z.ZodError): string {
  const issues = error.issues.slice(0, 3).map((i) => `${i.path.map(String).join('.') || '(document)'}: ${i.message}`);
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return `The document fails validation: ${issues.join('; ')}${more}.`;
}

/** Why a sealed value no box here recognises cannot be opened, by its scheme. */
function foreignReason(sealed: string): string {
  const scheme = sealed.split('.', 1)[0];
  if (scheme === 'ss1') return "It was sealed with the desktop app's OS keychain (Electron safeStorage), which this program cannot use.";
  if (scheme === 'kf1') return 'It was sealed with a Keyhole key file, which this program does not use.';
  return 'It was sealed in a way this version of Keyhole does not know.';
}

const refsOf = (m: { ca: MaterialRef[]; cert: MaterialRef | null; key: MaterialRef | null; pfx: MaterialRef | null }) =>
  [...m.ca, m.cert, m.key, m.pfx].filter((r): r is MaterialRef => r !== null);

/** Opens (or creates on first save) the JSON file store in `dataDir`. */
export function createJsonFileStore(dataDir: string, options: JsonFileStoreOptions = {}): ProfileStore {
  const fileName = options.fileName ?? STORE_FILE_NAME;
  const file = join(dataDir, fileName);
  const now = options.now ?? (() => new Date());
  const box = options.box ?? new KeyFileSecretBox({ dataDir });
  const boxes = [box, ...(options.readers ?? [])];
  const state: Omit<StoreState, 'secretBackend'> = { schemaVersion: CURRENT_SCHEMA_VERSION };
  /** Releases the data folder's lock; null while this store does not hold it. */
  let lock: (() => void) | null = null;
  /** Only the lock's holder touches the folder: temp files, copies aside, rewrites. */
  const mayWrite = () => !options.readOnly && lock !== null;
  /** Slot key → the sealed form of the value last written there, so unchanged secrets are not re-encrypted on every save. */
  const sealedCache = new Map<string, { digest: string; sealed: string }>();

  const openSealed = async (sealed: string): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; reason: string }> => {
    const owner = boxes.find((b) => b.recognises(sealed));
    if (!owner) return { ok: false, reason: foreignReason(sealed) };
    try {
      return { ok: true, bytes: await owner.open(sealed) };
    } catch (e) {
      return { ok: false, reason: message(e) };
    }
  };

  const remember = (slotKey: string, sealed: string, bytes: Uint8Array) => {
    // Values opened by a reader box are not cached: the next save re-seals them with `box`.
    if (box.recognises(sealed)) sealedCache.set(slotKey, { digest: digest(bytes), sealed });
  };

  const seal = async (slotKey: string, bytes: Uint8Array): Promise<Sealable> => {
    const d = digest(bytes);
    const cached = sealedCache.get(slotKey);
    if (cached?.digest === d) return { sealed: cached.sealed };
    const sealed = await box.seal(bytes);
    sealedCache.set(slotKey, { digest: d, sealed });
    return { sealed };
  };

  /** Document → memory: opens sealed values (those that cannot be opened are kept, locked). */
  const decode = async (doc: StoreDocument): Promise<{ data: StoreData; needsSealing: boolean }> => {
    const data = emptyStore();
    data.settings = { ...DEFAULT_APP_SETTINGS, ...doc.settings };
    data.groups = doc.groups;
    data.profiles = doc.profiles;
    const slots = new Map<string, MaterialSlot>();
    for (const p of doc.profiles) for (const r of refsOf(p.material)) slots.set(r.id, r.slot);
    let needsSealing = false;
    for (const [id, value] of Object.entries(doc.vault.files)) {
      if ('clear' in value) {
        data.vault.files[id] = value.clear;
        if (isSecretMaterial(slots.get(id), Buffer.from(value.clear, 'base64'))) needsSealing = true;
        continue;
      }
      const opened = await openSealed(value.sealed);
      if (opened.ok) {
        data.vault.files[id] = Buffer.from(opened.bytes).toString('base64');
        remember(`file:${id}`, value.sealed, opened.bytes);
      } else {
        data.locked.files[id] = { sealed: value.sealed, reason: opened.reason };
      }
    }
    for (const [profileId, secrets] of Object.entries(doc.vault.secrets)) {
      for (const field of SECRET_FIELDS) {
        const value = secrets[field];
        if (!value) continue;
        if ('clear' in value) {
          (data.vault.secrets[profileId] ??= {})[field] = value.clear;
          needsSealing = true;
          continue;
        }
        const opened = await openSealed(value.sealed);
        let text: string | null = null;
        if (opened.ok) {
          try {
            text = bytesText(opened.bytes);
          } catch {
            text = null;
          }
        }
        if (opened.ok && text !== null) {
          (data.vault.secrets[profileId] ??= {})[field] = text;
          remember(`secret:${profileId}:${field}`, value.sealed, opened.bytes);
        } else {
          (data.locked.secrets[profileId] ??= {})[field] = {
            sealed: value.sealed,
            reason: opened.ok ? 'The decrypted value is not text.' : opened.reason,
          };
        }
      }
    }
    const limit = data.settings.reportsPerProfile;
    for (const p of data.profiles) {
      const has = (field: (typeof SECRET_FIELDS)[number]) =>
        data.vault.secrets[p.id]?.[field] !== undefined || data.locked.secrets[p.id]?.[field] !== undefined;
      p.secrets = { hasPassphrase: has('passphrase'), hasPassword: has('password'), hasPfxPassword: has('pfxPassword') };
      const reports = (doc.reports[p.id] ?? []).flatMap((r) => {
        const parsed = ConnectReport.safeParse(r);
        return parsed.success ? [parsed.data] : [];
      });
      if (reports.length) data.reports[p.id] = reports.slice(0, limit);
    }
    return { data, needsSealing };
  };

  /** Memory → document: seals every secret; locked values go back exactly as they were read. */
  const encode = async (data: StoreData): Promise<StoreDocument> => {
    const slots = new Map<string, MaterialSlot>();
    for (const p of data.profiles) for (const r of refsOf(p.material)) slots.set(r.id, r.slot);
    const files: Record<string, Sealable> = {};
    for (const [id, base64] of Object.entries(data.vault.files)) {
      const bytes = Buffer.from(base64, 'base64');
      files[id] = isSecretMaterial(slots.get(id), bytes) ? await seal(`file:${id}`, bytes) : { clear: base64 };
    }
    for (const [id, locked] of Object.entries(data.locked.files)) files[id] ??= { sealed: locked.sealed };
    const secrets: Record<string, DocumentSecrets> = {};
    const profileIds = new Set([...Object.keys(data.vault.secrets), ...Object.keys(data.locked.secrets)]);
    for (const profileId of profileIds) {
      const out: DocumentSecrets = {};
      for (const field of SECRET_FIELDS) {
        const value = data.vault.secrets[profileId]?.[field];
        const locked = data.locked.secrets[profileId]?.[field];
        if (value !== undefined) out[field] = await seal(`secret:${profileId}:${field}`, textBytes(value));
        else if (locked) out[field] = { sealed: locked.sealed };
      }
      if (Object.keys(out).length) secrets[profileId] = out;
    }
    const known = new Set(data.profiles.map((p) => p.id));
    const reports = Object.fromEntries(Object.entries(data.reports).filter(([id, list]) => known.has(id) && list.length > 0));
    return {
      schemaVersion: CURRENT_SCHEMA_VERSION,
      savedAt: now().toISOString(),
      profiles: data.profiles,
      groups: data.groups,
      settings: data.settings,
      reports,
      vault: { files, secrets },
    };
  };

  const write = createSerialWriter<StoreData>(async (data) => {
    const doc = await encode(data);
    await writeFileAtomic(file, `${JSON.stringify(doc, null, 2)}\n`);
  });

  /** Copies the document aside before anything may replace it: `<name>.corrupt-<time>.json`. */
  const copyAside = async (): Promise<string | null> => {
    const stem = basename(fileName, '.json');
    const stamp = now().toISOString().replace(/[:.]/g, '-');
    for (let n = 1; n < 100; n++) {
      const target = join(dirname(file), `${stem}.corrupt-${stamp}${n > 1 ? `-${n}` : ''}.json`);
      try {
        await copyFile(file, target, constants.COPYFILE_EXCL);
        return target;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return null;
      }
    }
    return null;
  };

  return {
    location: file,

    async load() {
      if (!options.readOnly && !lock) {
        const taken = await takeFolderLock(`${file}.lock`, now).catch((e: unknown) => ({ ok: false as const, error: message(e) }));
        if (taken.ok) lock = taken.release;
        else {
          const who =
            'owner' in taken
              ? `another Keyhole (process ${taken.owner.pid} on ${taken.owner.host}, since ${taken.owner.since})`
              : `something else (${taken.error})`;
          state.readOnly = {
            reason: `${file} is in use by ${who}. This window shows the profiles but saves nothing, so that neither overwrites the other; close the other one and restart this.`,
          };
        }
      }
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') {
          if (mayWrite()) await removeStaleTemps(file);
          return ok(emptyStore());
        }
        const reason = `The profile store ${file} cannot be read (${code ?? message(e)}); nothing is saved, so that it is not overwritten.`;
        state.readOnly = { reason };
        return err({ kind: 'unreadable', message: reason });
      }
      if (mayWrite()) await removeStaleTemps(file);

      let recovery: { kind: RecoveryKind; reason: string } | null = null;
      let candidate: unknown = undefined;
      let doc: StoreDocument | null = null;
      let migratedFrom = CURRENT_SCHEMA_VERSION;
      try {
        candidate = JSON.parse(text);
      } catch (e) {
        recovery = { kind: 'not-json', reason: `The file is not valid JSON (${message(e)}).` };
      }
      if (!recovery) {
        const migrated = migrate(candidate);
        if (!migrated.ok) {
          recovery =
            migrated.kind === 'newer-version'
              ? {
                  kind: 'newer-version',
                  reason: `It was written by a newer Keyhole (format ${migrated.version}); this version reads formats up to ${CURRENT_SCHEMA_VERSION}.`,
                }
              : {
                  kind: 'invalid',
                  reason:
                    migrated.kind === 'no-version'
                      ? 'The file is not a Keyhole profile store (it has no format version).'
                      : `Format version ${migrated.version} is unknown.`,
                };
        } else {
          candidate = migrated.doc;
          migratedFrom = migrated.from;
          const valid = StoreDocument.safeParse(migrated.doc);
          if (valid.success) doc = valid.data;
          else recovery = { kind: 'invalid', reason: describeIssues(valid.error) };
        }
      }
      let recovered: StoreRecovery | undefined;
      if (recovery || !doc) {
        const s = salvage(candidate);
        doc = s.doc;
        const at = now().toISOString();
        const r = recovery ?? { kind: 'invalid' as const, reason: 'The document could not be read.' };
        if (r.kind === 'newer-version') {
          // Its owner is a newer Keyhole: show what this version understands, change nothing.
          state.readOnly = { reason: `${r.reason} Nothing is saved, so that the newer version's data stays intact.` };
          recovered = { kind: r.kind, path: file, reason: r.reason, at, kept: s.kept, dropped: s.dropped };
        } else {
          const copy = mayWrite() ? await copyAside() : null;
          if (!copy && mayWrite())
            state.readOnly = {
              reason: `The damaged store ${file} could not be copied aside; nothing is saved, so that it is not overwritten.`,
            };
          recovered = { kind: r.kind, path: copy, reason: r.reason, at, kept: s.kept, dropped: s.dropped };
        }
        state.recoveredFrom = recovered;
      }
      const decoded = await decode(doc);
      const rewrite =
        (recovered !== undefined && recovered.path !== null && recovered.kind !== 'newer-version') ||
        migratedFrom !== CURRENT_SCHEMA_VERSION ||
        decoded.needsSealing;
      if (rewrite && !options.readOnly && !state.readOnly) {
        // Right away: clear secrets of an old document must not stay on disk, and a recovered
        // document replaces the damaged one only now that its copy exists.
        // A failure here is not fatal: memory holds the data, the next save tries again and
        // reports its own failure; a key problem also shows in the secret backend's warning.
        await write(structuredClone(decoded.data)).catch(() => undefined);
      }
      return ok(decoded.data);
    },

    async save(data) {
      if (options.readOnly) return err({ kind: 'unwritable', message: `${file} is open read-only here.` });
      if (state.readOnly) return err({ kind: 'unwritable', message: state.readOnly.reason });
      try {
        await write(data);
        return ok(undefined);
      } catch (e) {
        const failure = failureOf(e);
        return err({
          kind: 'unwritable',
          message: failure === 'unavailable' ? message(e) : `the secrets could not be sealed: ${message(e)}`,
        });
      }
    },

    state: () => ({ ...state, secretBackend: box.describe() }),

    close: () => {
      lock?.();
      lock = null;
    },

    allowNewKey: () => box.allowNewKey?.(),
  };
}
