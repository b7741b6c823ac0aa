/**
 * Reading an import file into candidates (profiles to add), whatever its format: a Keyhole
 * export (`.keyhole.json`, secrets possibly sealed with a passphrase) or an MQTT X connection
 * export. Nothing is stored here; `transfer-service.ts` turns candidates into a preview and
 * applies the user's choices.
 */
import { z } from 'zod';
import {
  EXPORT_FORMAT,
  EXPORT_FORMAT_VERSION,
  ExportedSecrets,
  KeyholeExport,
  FIELD_OF_SECRET_KIND,
  SECRET_KIND_LABELS,
  SECRET_KIND_OF_FIELD,
  type ImportFileStatus,
  type SecretKind,
} from '../../../shared/profile/transfer';
import { err, ok, type Result } from '../../../shared/result';
import type { StoredSecrets } from '../store/store-data';
import type { ImportCandidate, ImportFailure, ParsedImport } from './import-candidate';
import { parseMqttxExport, type ReadReferencedFile } from './mqttx';
import { decryptWithPassphrase } from './passphrase-crypto';

export interface ParseImportOptions {
  /** For an export with sealed secrets. */
  passphrase?: string;
  /** Import an encrypted export without its secrets (no passphrase needed). */
  skipSecrets?: boolean;
  /** Reads a certificate path named in an MQTT X export; absent where paths must not be read. */
  readFile?: ReadReferencedFile;
  /** Why paths are not read, shown per file when `readFile` is absent. */
  noReadReason?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function issues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || '(file)'}: ${i.message}`)
    .join('; ');
}

/** Recognises and reads an import file. */
export async function parseImportText(text: string, options: ParseImportOptions = {}): Promise<Result<ParsedImport, ImportFailure>> {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return err({
      kind: 'invalid-file',
      message: `The file is not JSON (${e instanceof Error ? e.message : String(e)}). Keyhole imports its own .keyhole.json exports and MQTT X JSON exports.`,
    });
  }
  if (isObject(raw) && raw.format === EXPORT_FORMAT) return parseKeyholeExport(raw, options);
  if (isObject(raw) && typeof raw.format === 'string')
    return err({ kind: 'invalid-file', message: `Files of format "${raw.format.slice(0, 50)}" cannot be imported.` });
  const mqttx = await parseMqttxExport(raw, options);
  return mqttx.ok ? ok(mqttx.value) : err({ kind: 'invalid-file', message: mqttx.error });
}

async function parseKeyholeExport(raw: Record<string, unknown>, options: ParseImportOptions): Promise<Result<ParsedImport, ImportFailure>> {
  if (typeof raw.formatVersion === 'number' && raw.formatVersion > EXPORT_FORMAT_VERSION) {
    return err({
      kind: 'invalid-file',
      message: `This export was made by a newer Keyhole (format ${raw.formatVersion}); this version reads format ${EXPORT_FORMAT_VERSION}.`,
    });
  }
  const parsed = KeyholeExport.safeParse(raw);
  if (!parsed.success) return err({ kind: 'invalid-file', message: `The Keyhole export is damaged: ${issues(parsed.error)}.` });
  const doc = parsed.data;
  let secrets: ExportedSecrets = {};
  const encrypted = doc.encryptedSecrets !== undefined;
  const skipped = encrypted && options.skipSecrets === true;
  if (doc.encryptedSecrets && !skipped) {
    if (options.passphrase === undefined || options.passphrase === '') {
      return err({
        kind: 'passphrase-required',
        message: 'This export holds secrets sealed with a passphrase: enter it, or import without the secrets.',
      });
    }
    const opened = await decryptWithPassphrase(doc.encryptedSecrets, options.passphrase);
    if (!opened.ok) {
      return opened.error.kind === 'wrong-passphrase'
        ? err({
            kind: 'passphrase-wrong',
            message: 'The passphrase is wrong (or the file was changed after it was exported). Nothing was imported.',
          })
        : err({ kind: 'invalid-file', message: opened.error.message });
    }
    let json: unknown;
    try {
      json = JSON.parse(opened.plaintext.toString('utf8'));
    } catch {
      json = undefined;
    }
    const checked = ExportedSecrets.safeParse(json);
    if (!checked.success) return err({ kind: 'invalid-file', message: 'The sealed secrets of this export are not in the expected form.' });
    secrets = checked.data;
  }
  const groupNames = new Map(doc.groups.map((g) => [g.id, g.name]));
  const candidates = doc.profiles.map((p, i): ImportCandidate => {
    const mine = secrets[p.id];
    const files: ImportCandidate['files'] = [];
    const fileStatus: ImportFileStatus[] = [];
    const importNotes: string[] = [];
    for (const f of p.files) {
      const data = f.secret ? mine?.files[f.id] : f.data;
      if (data !== undefined) {
        files.push({ slot: f.slot, fileName: f.fileName, bytes: Buffer.from(data, 'base64') });
        fileStatus.push({ slot: f.slot, fileName: f.fileName, status: 'included' });
      } else {
        fileStatus.push({
          slot: f.slot,
          fileName: f.fileName,
          status: 'missing',
          reason: f.secret
            ? skipped
              ? 'Left out: the secrets were not imported.'
              : 'Not in the export (exported without secrets).'
            : 'Not in the export.',
        });
      }
    }
    const values: StoredSecrets = {};
    const included = new Set<SecretKind>();
    for (const [field, kind] of Object.entries(SECRET_KIND_OF_FIELD) as [keyof StoredSecrets, SecretKind][]) {
      const v = mine?.[field];
      if (v !== undefined) {
        values[field] = v;
        included.add(kind);
      }
    }
    for (const f of files) {
      if (p.files.find((x) => x.fileName === f.fileName && x.slot === f.slot)?.secret)
        included.add(f.slot === 'pfx' ? 'pkcs12' : 'private-key');
    }
    const missing = new Set<SecretKind>([...p.secrets.included, ...p.secrets.missing].filter((k) => !included.has(k)));
    for (const k of missing) {
      const field = FIELD_OF_SECRET_KIND[k];
      if (field) importNotes.push(`The ${SECRET_KIND_LABELS[k]} is not in the export: enter it in the profile.`);
    }
    return {
      key: `p${i}`,
      sourceId: p.id,
      name: p.name,
      groupName: p.groupId === null ? null : (groupNames.get(p.groupId) ?? null),
      settings: p.settings,
      files,
      fileStatus,
      secrets: values,
      includedSecrets: [...included],
      missingSecrets: [...missing],
      ...(p.expect ? { expect: p.expect } : {}),
      ...(p.notes !== undefined ? { notes: p.notes } : {}),
      importNotes,
    };
  });
  const notes: string[] = [];
  if (skipped) notes.push('The secrets in this export were left out on request; enter them in each profile.');
  else if (!encrypted && candidates.some((c) => c.missingSecrets.length))
    notes.push('This export was made without secrets: keys, bundles and passwords must be entered again.');
  return ok({ source: 'keyhole', encrypted, secretsSkipped: skipped, exportedAt: doc.exportedAt, candidates, notes });
}
