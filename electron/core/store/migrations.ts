/**
 * Migrations of the store document: plain functions from version N to N+1 over parsed JSON,
 * run in order up to the current version, then the result is validated. They only move and
 * rename; they never need a secret or the disk. Each has a fixture of its source version in
 * test/fixtures/store/.
 */
import { Cause } from '../../../shared/connect/report';
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

/** The v2 warning codes that v3 counts as notes (the v2 code list, frozen here: later codes never reach this step). */
const V2_WARNINGS_NOW_NOTES = new Set(['client-cert-not-from-ca', 'client-chain-reordered', 'ca-not-a-ca', 'pkcs12-not-inspected']);

/** The v3 note of an accepted attempt without an access check, in the words v3 writes it. */
const ACCESS_NOT_CHECKED =
  'Access not checked: the broker accepted the connection, but whether this identity may subscribe or publish was not tried.';

/**
 * A report of format 1 as format 2: findings that are notes now move from `warnings` to
 * `notes`; an accepted report without an access check gains the note that says so; `ok`
 * with no warning left is `accepted`, as the v3 rule (only warnings downgrade) decides.
 */
function reportV1ToV2(report: unknown): unknown {
  if (!isObject(report) || report.schema !== 1) return report;
  const found = Array.isArray(report.warnings) ? report.warnings : [];
  const isNote = (f: unknown) => isObject(f) && typeof f.code === 'string' && V2_WARNINGS_NOW_NOTES.has(f.code);
  const warnings = found.filter((f) => !isNote(f));
  const notes = found.filter(isNote);
  const accepted = report.verdict === 'accepted' || report.verdict === 'accepted-with-warnings';
  if (accepted && report.access === null) notes.push({ code: 'access-not-checked', message: ACCESS_NOT_CHECKED });
  const verdict =
    report.verdict === 'accepted-with-warnings' && report.cause === 'ok' && warnings.length === 0 ? 'accepted' : report.verdict;
  return { ...report, schema: 2, verdict, warnings, notes };
}

/**
 * v2 → v3: every stored report becomes report format 2 (`notes` beside `warnings`), and a
 * profile's expected cause that is no cause code is dropped (v3 types it; nothing in v2 could
 * check it, so nothing depended on it).
 */
function v2ToV3(doc: Json): Json {
  const profiles = Array.isArray(doc.profiles)
    ? doc.profiles.map((p: unknown) => {
        if (!isObject(p) || !isObject(p.expect) || p.expect.cause === undefined || Cause.safeParse(p.expect.cause).success) return p;
        const { cause: _cause, ...expect } = p.expect;
        return { ...p, expect };
      })
    : doc.profiles;
  const reports = mapValues(doc.reports, (list) => (Array.isArray(list) ? list.map(reportV1ToV2) : list));
  return { ...doc, schemaVersion: 3, profiles, reports };
}

/**
 * v3 → v4: the certificate workbench joins the document (the CAs the app made, what they
 * issued, and their sealed keys); a v3 document had none.
 */
function v3ToV4(doc: Json): Json {
  return { ...doc, schemaVersion: 4, workbench: { cas: [], secrets: {} } };
}

/**
 * v4 → v5: credential matrices join the document (saved matrices, their rows' sealed secrets,
 * and the run list); a v4 document had none.
 */
function v4ToV5(doc: Json): Json {
  return { ...doc, schemaVersion: 5, matrices: { list: [], secrets: {}, runs: [] } };
}

/** v5 → v6: each profile's publish history joins the document; a v5 document kept none. */
function v5ToV6(doc: Json): Json {
  return { ...doc, schemaVersion: 6, publishes: {} };
}

/** v6 → v7: each profile's subscriptions join the document; a v6 host kept them in memory only. */
function v6ToV7(doc: Json): Json {
  return { ...doc, schemaVersion: 7, subscriptions: {} };
}

/**
 * v7 → v8: reports leave the document for the report journal beside it. A migration never
 * touches the disk, so this step only bumps the format: the v7 reports stay in the document
 * (format 8 reads them as not yet journaled) and the store moves them, journal first, then the
 * document rewritten without them (json-store.ts).
 */
function v7ToV8(doc: Json): Json {
  return { ...doc, schemaVersion: 8 };
}

/** `MIGRATIONS[n]` turns a version-n document into version n+1. */
export const MIGRATIONS: Readonly<Record<number, (doc: Json) => Json>> = {
  1: v1ToV2,
  2: v2ToV3,
  3: v3ToV4,
  4: v4ToV5,
  5: v5ToV6,
  6: v6ToV7,
  7: v7ToV8,
};

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
