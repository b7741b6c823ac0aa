/**
 * Migrations of the store document: plain functions from version N to N+1 over parsed JSON,
 * run in order up to the current version, then the result is validated. They only move and
 * rename; they never need a secret or the disk. Each has a fixture of its source version in
 * test/fixtures/store/.
 */
import { CURRENT_SCHEMA_VERSION } from './document';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const mapValues = (record: unknown, f: (v: unknown) => unknown): Json =>
  isObject(record) ? Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)])) : {};

/**
 * v1 (the first file store: `version: 1`, vault values as bare strings, secrets in clear) →
 * v2 (`schemaVersion`, settings and reports, vault values as `{ clear }` / `{ sealed }`). The
 * clear values are sealed by the store right after the migration, before anything else runs.
 */
function v1ToV2(doc: Json): Json {
  const { version: _version, vault, ...rest } = doc;
  const v = isObject(vault) ? vault : {};
  const clear = (value: unknown) => (typeof value === 'string' ? { clear: value } : value);
  return {
    ...rest,
    schemaVersion: 2,
    settings: {},
    reports: {},
    vault: {
      files: mapValues(v.files, clear),
      secrets: mapValues(v.secrets, (s) => (isObject(s) ? mapValues(s, clear) : s)),
    },
  };
}

/**
 * v2 → v3: the certificate workbench joins the document (the CAs the app made, what they
 * issued, and their sealed keys); a v2 document had none.
 */
function v2ToV3(doc: Json): Json {
  return { ...doc, schemaVersion: 3, workbench: { cas: [], secrets: {} } };
}

/** `MIGRATIONS[n]` turns a version-n document into version n+1. */
export const MIGRATIONS: Readonly<Record<number, (doc: Json) => Json>> = { 1: v1ToV2, 2: v2ToV3 };

/** The format version of a parsed document: `schemaVersion`, or v1's `version`; null when it has none. */
export function versionOf(doc: unknown): number | null {
  if (!isObject(doc)) return null;
  if (Number.isInteger(doc.schemaVersion)) return doc.schemaVersion as number;
  if (doc.version === 1 && !('schemaVersion' in doc)) return 1;
  return null;
}

export type Migrated =
  { ok: true; doc: Json; from: number } | { ok: false; kind: 'no-version' | 'newer-version' | 'unknown-version'; version: number | null };

/** Brings a parsed document to the current version (unvalidated). */
export function migrate(raw: unknown): Migrated {
  const from = versionOf(raw);
  if (from === null || !isObject(raw)) return { ok: false, kind: 'no-version', version: null };
  if (from > CURRENT_SCHEMA_VERSION) return { ok: false, kind: 'newer-version', version: from };
  let doc = raw;
  for (let v = from; v < CURRENT_SCHEMA_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) return { ok: false, kind: 'unknown-version', version: from };
    doc = step(doc);
  }
  return { ok: true, doc, from };
}
