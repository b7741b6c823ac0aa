/**
 * The store as one versioned JSON document (`profiles.json`, mode 0600) in the data folder.
 *
 * - Writes are atomic (temp file, fsync, rename, fsync of the folder) and serialised: two
 *   saves never interleave, and when several wait only the newest state is written.
 * - Secrets (values, keys, PKCS#12 bundles, certificate files carrying a key) are sealed by a
 *   SecretBox before they touch the disk; in memory they are in clear, for the connecting code.
 * - Attempt reports are not in the document: they live in an append-only journal beside it
 *   (`reports.jsonl`, report-journal.ts), so that keeping one is an append, never a rewrite.
 *   A save brings the journal to the saved state after the document is in place.
 * - Older documents are migrated (migrations.ts). A document that is not JSON or fails
 *   validation is copied aside as `profiles.corrupt-<time>.json`, what can be trusted is taken
 *   over (recover.ts), and the facts are kept for the notice shown to the user. The original is
 *   never overwritten before its copy exists; if the copy fails, nothing is written at all.
 */
import { constants } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { ConnectReport } from '../../../shared/connect/report';
import type { RecoveryKind, StoreRecovery } from '../../../shared/profile/store-status';
import { err, ok } from '../../../shared/result';
import { MAX_DOCUMENT_BYTES, readBoundedFile } from '../certs/bounded-read';
import { KeyFileSecretBox } from '../secrets/key-file-box';
import { failureOf, type SecretBox } from '../secrets/secret-box';
import { removeStaleTemps, writeFileAtomic } from './atomic-file';
import { takeFolderLock } from './folder-lock';
import { describeWriteFailure } from './write-failure';
import { CURRENT_SCHEMA_VERSION, StoreDocument } from './document';
import { migrate } from './migrations';
import { salvage } from './recover';
import { decodeDocument, encodeDocument, reportsToKeep } from './document-codec';
import { createReportJournal, type JournalReport, type ReportJournal } from './report-journal';
import { createSealedValues } from './sealed-values';
import { emptyStore, type ProfileStore, type StoreData, type StoreState } from './store-data';
import { createSerialWriter } from './write-queue';

export const STORE_FILE_NAME = 'profiles.json';
/** The report journal beside the default document; beside another, `<stem>.reports.jsonl`. */
export const JOURNAL_FILE_NAME = 'reports.jsonl';

export interface JsonFileStoreOptions {
  /** Seals new values. Defaults to a key file (`secret.key`) in the data folder. */
  box?: SecretBox;
  /** Further boxes that may open values sealed earlier by another kind of box (never used to seal). */
  readers?: SecretBox[];
  /** Never writes anything, not even a migration (the CLI reading a store another process owns). */
  readOnly?: boolean;
  fileName?: string;
  now?: () => Date;
  /** Hears what the store notes while reading (a torn or unreadable journal line); standard error by default. */
  log?: (line: string) => void;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The first few validation problems, with where they are, in one line. */
function describeIssues(error: z.ZodError): string {
  const issues = error.issues.slice(0, 3).map((i) => `${i.path.map(String).join('.') || '(document)'}: ${i.message}`);
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return `The document fails validation: ${issues.join('; ')}${more}.`;
}

/** The text of the store file as a current document, or why it is not one (the raw value kept for salvage). */
function parseStoreText(text: string): {
  candidate: unknown;
  doc: StoreDocument | null;
  recovery: { kind: RecoveryKind; reason: string } | null;
  migratedFrom: number;
} {
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
  return { candidate, doc, recovery, migratedFrom };
}

/**
 * The reports of `data`'s profiles: the journal's, and before them those still in the document
 * (format 7) that the journal lacks (all of them, unless an earlier move was interrupted), each
 * list bounded by the settings. Reports of an older shape are dropped, as on every load.
 */
function mergeReports(
  journaled: Map<string, JournalReport[]>,
  fromDocument: Record<string, ConnectReport[]>,
  data: StoreData,
): Record<string, ConnectReport[]> {
  const limit = data.settings.reportsPerProfile;
  const out: Record<string, ConnectReport[]> = {};
  for (const p of data.profiles) {
    const inJournal = journaled.get(p.id) ?? [];
    const ids = new Set(inJournal.map((r) => r.id));
    const valid = inJournal.flatMap((r) => {
      const parsed = ConnectReport.safeParse(r.value);
      return parsed.success ? [parsed.data] : [];
    });
    const missing = (fromDocument[p.id] ?? []).filter((r) => !ids.has(r.id));
    const list = [...missing, ...valid].slice(0, limit);
    if (list.length) out[p.id] = list;
  }
  return out;
}

/**
 * Fills `data.reports` from the journal (and the document's own, format 7); when `writable`,
 * brings the journal to them (appends the document's, drops what is dead) before the document
 * may be rewritten without them. Returns why nothing may be saved, or null.
 */
async function loadReports(journal: ReportJournal, data: StoreData, writable: boolean): Promise<string | null> {
  const read = await journal.load(writable);
  if (!read.ok) return `The report journal cannot be read: ${read.error}. Nothing is saved, so that it is not overwritten.`;
  data.reports = mergeReports(read.value.reports, data.reports, data);
  if (!writable) return null;
  try {
    await journal.reconcile(data.reports);
    return null;
  } catch (e) {
    return `The report journal ${journal.file} cannot be written (${message(e)}). Nothing is saved, so that no report is lost.`;
  }
}

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
  const sealer = createSealedValues(box, boxes);
  const log = options.log ?? ((line: string) => console.error(`keyhole store: ${line}`));
  const journalName = fileName === STORE_FILE_NAME ? JOURNAL_FILE_NAME : `${basename(fileName, '.json')}.reports.jsonl`;
  const journal = createReportJournal(join(dataDir, journalName), log, now);

  // The document first, then the journal: a crash between leaves reports of a deleted profile
  // (ignored on load) or none yet of a new one, never a document that lost what the journal lacks.
  const write = createSerialWriter<StoreData>(async (data) => {
    const doc = await encodeDocument(data, sealer, now());
    await writeFileAtomic(file, `${JSON.stringify(doc, null, 2)}\n`);
    await journal.reconcile(reportsToKeep(data));
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
              : `something else (${'problem' in taken ? `its lock: ${taken.problem}` : taken.error})`;
          state.readOnly = {
            reason: `${file} is in use by ${who}. This window shows the profiles but saves nothing, so that neither overwrites the other; close the other one and restart this.`,
          };
        }
      }
      // A FIFO or device in place of the store must not hang the app, nor a huge file fill its memory.
      const read = await readBoundedFile(file, MAX_DOCUMENT_BYTES);
      if (!read.ok) {
        if (read.error.problem === 'not-found') {
          if (mayWrite()) await removeStaleTemps(file);
          return ok(emptyStore());
        }
        const reason = `The profile store cannot be read: ${read.error.message.replace(/\.$/, '')}; nothing is saved, so that it is not overwritten.`;
        state.readOnly = { reason };
        return err({ kind: 'unreadable', message: reason });
      }
      const text = read.value.toString('utf8');
      if (mayWrite()) await removeStaleTemps(file);

      const parsed = parseStoreText(text);
      const { candidate, recovery, migratedFrom } = parsed;
      let doc = parsed.doc;
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
      const decoded = await decodeDocument(doc, sealer);
      const unwritable = await loadReports(journal, decoded.data, mayWrite() && !state.readOnly);
      if (unwritable) {
        log(unwritable);
        state.readOnly = { reason: unwritable };
      }
      const rewrite =
        (recovered !== undefined && recovered.path !== null && recovered.kind !== 'newer-version') ||
        migratedFrom !== CURRENT_SCHEMA_VERSION ||
        doc.reports !== undefined ||
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
          message: failure === 'unavailable' ? describeWriteFailure(e, dirname(file)) : `the secrets could not be sealed: ${message(e)}`,
        });
      }
    },

    async appendReport(profileId, report, dropped) {
      if (options.readOnly) return err({ kind: 'unwritable', message: `${file} is open read-only here.` });
      if (state.readOnly) return err({ kind: 'unwritable', message: state.readOnly.reason });
      try {
        await journal.append(profileId, report, dropped);
        return ok(undefined);
      } catch (e) {
        return err({ kind: 'unwritable', message: describeWriteFailure(e, dirname(file)) });
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
