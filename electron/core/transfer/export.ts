/**
 * Building a `.keyhole.json` export. Public material (CA and client certificates) travels in
 * clear; secrets (keys, bundles, passphrases, passwords) are either left out, and listed per
 * profile as missing, or sealed together with a passphrase the user chose.
 */
import type { Group } from '../../../shared/profile/profile';
import {
  EXPORT_FORMAT,
  EXPORT_FORMAT_VERSION,
  type ExportResult,
  type ExportedFile,
  type ExportedProfile,
  type ExportedSecrets,
  type KeyholeExport,
  SECRET_KIND_OF_FIELD,
  type SecretField,
  type SecretKind,
} from '../../../shared/profile/transfer';
import type { ResolvedFile, ResolvedProfile } from '../profiles/resolved-profile';
import { isSecretMaterial } from '../store/secret-material';
import { encryptWithPassphrase } from './passphrase-crypto';

/** The secret kind of a file that is a secret: its key, or the bundle. */
const fileKind = (slot: ResolvedFile['slot']): SecretKind => (slot === 'pfx' ? 'pkcs12' : 'private-key');

export interface ExportOptions {
  groups: Group[];
  profiles: ResolvedProfile[];
  /** With a passphrase: secrets are sealed into the file; without: they are left out. */
  passphrase: string | null;
  now: Date;
  app: { name: string; version: string };
  /** Test hook: lower scrypt cost. */
  scrypt?: { N: number; r: number; p: number };
}

const slug = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[^\w\s.-]/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .slice(0, 60) || 'profile';

/** The export file and what it leaves out. */
export async function buildExport(options: ExportOptions): Promise<ExportResult> {
  const withSecrets = options.passphrase !== null;
  const sealedSecrets: ExportedSecrets = {};
  const missingSecrets: ExportResult['missingSecrets'] = [];
  const profiles: ExportedProfile[] = options.profiles.map((resolved) => {
    const p = resolved.profile;
    const included = new Set<SecretKind>();
    const missing = new Set<SecretKind>();
    const mine: ExportedSecrets[string] = { files: {} };
    const f = resolved.files;
    const files: ExportedFile[] = [...f.ca, f.cert, f.key, f.pfx]
      .filter((x): x is ResolvedFile => x !== null)
      .map((file) => {
        const secret = isSecretMaterial(file.slot, file.bytes);
        if (!secret) return { id: file.id, slot: file.slot, fileName: file.fileName, secret, data: file.bytes.toString('base64') };
        if (withSecrets) {
          mine.files[file.id] = file.bytes.toString('base64');
          included.add(fileKind(file.slot));
        } else {
          missing.add(fileKind(file.slot));
        }
        return { id: file.id, slot: file.slot, fileName: file.fileName, secret };
      });
    // Files that cannot be decrypted here are named in the export, without content.
    for (const l of resolved.locked.files) {
      files.push({ id: l.id, slot: l.slot, fileName: l.fileName, secret: true });
      missing.add(fileKind(l.slot));
    }
    for (const [field, kind] of Object.entries(SECRET_KIND_OF_FIELD) as [SecretField, SecretKind][]) {
      const value = resolved.secrets[field];
      if (value !== undefined && withSecrets) {
        mine[field] = value;
        included.add(kind);
      } else if (value !== undefined || resolved.locked.secrets.some((s) => s.field === field)) {
        missing.add(kind);
      }
    }
    for (const k of included) missing.delete(k);
    if (withSecrets && (included.size || Object.keys(mine.files).length)) sealedSecrets[p.id] = mine;
    if (missing.size) missingSecrets.push({ profileId: p.id, name: p.name, missing: [...missing] });
    return {
      id: p.id,
      name: p.name,
      groupId: p.groupId,
      settings: p.settings,
      files,
      ...(p.expect ? { expect: p.expect } : {}),
      ...(p.notes !== undefined ? { notes: p.notes } : {}),
      secrets: { included: [...included], missing: [...missing] },
    };
  });
  const usedGroups = new Set(profiles.map((p) => p.groupId).filter((g): g is string => g !== null));
  const doc: KeyholeExport = {
    format: EXPORT_FORMAT,
    formatVersion: EXPORT_FORMAT_VERSION,
    exportedAt: options.now.toISOString(),
    exportedBy: { name: options.app.name, version: options.app.version },
    groups: options.groups.filter((g) => usedGroups.has(g.id)).map((g) => ({ id: g.id, name: g.name })),
    profiles,
    ...(options.passphrase !== null
      ? { encryptedSecrets: await encryptWithPassphrase(Buffer.from(JSON.stringify(sealedSecrets)), options.passphrase, options.scrypt) }
      : {}),
  };
  const day = options.now.toISOString().slice(0, 10);
  const fileName = profiles.length === 1 ? `${slug(profiles[0]!.name)}.keyhole.json` : `keyhole-profiles-${day}.keyhole.json`;
  return { fileName, json: `${JSON.stringify(doc, null, 2)}\n`, profiles: profiles.length, missingSecrets };
}
