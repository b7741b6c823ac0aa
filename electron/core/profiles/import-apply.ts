/** Adding or replacing imported profiles in one change: all of them are stored, or none. */
import type { ConnectSettings } from '../../../shared/connect/settings';
import type { ApiError } from '../../../shared/ipc/contract';
import type { Expectation, Group, MaterialRef, MaterialSet, MissingFile, Profile } from '../../../shared/profile/profile';
import type { ImportChoice, ImportResult } from '../../../shared/profile/transfer';
import { ok, type Result } from '../../../shared/result';
import type { StoreData, StoredSecrets } from '../store/store-data';
import type { OpsContext } from './profile-ops';
import { clearVault, flagsOf } from './vault';

/** One profile to add or put in place of another, as an import prepared it. */
export interface ImportEntry {
  key: string;
  choice: ImportChoice;
  /** The existing profile `replace` overwrites (re-checked when applied). */
  replaceId: string | null;
  name: string;
  groupName: string | null;
  settings: ConnectSettings;
  /** Files with fresh ids, already inspected, with their content. */
  files: { ref: MaterialRef; base64: string }[];
  secrets: StoredSecrets;
  /** Files the import named but could not read: kept on the profile as missing. */
  missingFiles?: MissingFile[];
  expect?: Expectation;
  notes?: string;
}

/** `base`, or `base (2)`, `base (3)` … : the first name not in `taken` (within the 200 characters a name may have). */
export function importName(taken: Iterable<string>, base: string): string {
  const names = new Set(taken);
  if (!names.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const name = `${base.slice(0, 200 - suffix.length)}${suffix}`;
    if (!names.has(name)) return name;
  }
}

/** The import operation over `ctx.doc`. */
export function importOps({ doc, now, newId }: OpsContext): {
  applyImport(entries: ImportEntry[]): Promise<Result<ImportResult, ApiError>>;
} {
  return {
    applyImport: (entries) =>
      doc.mutate((d) => {
        const result: ImportResult = { added: [], replaced: [], skipped: [] };
        const at = now();
        for (const entry of entries) {
          if (entry.choice === 'skip') result.skipped.push({ key: entry.key, name: entry.name });
          else applyEntry(d, entry, at, newId, result);
        }
        return ok(result);
      }),
  };
}

function groupFor(d: StoreData, name: string | null, newId: () => string): string | null {
  if (name === null) return null;
  const existing = d.groups.find((g) => g.name === name);
  if (existing) return existing.id;
  const g: Group = { id: newId(), name, collapsed: false };
  d.groups.push(g);
  return g.id;
}

function applyEntry(d: StoreData, entry: ImportEntry, at: string, newId: () => string, result: ImportResult): void {
  const targetIndex = entry.choice === 'replace' && entry.replaceId !== null ? d.profiles.findIndex((p) => p.id === entry.replaceId) : -1;
  const target = targetIndex >= 0 ? d.profiles[targetIndex]! : null;
  if (target) clearVault(d, target);
  const id = target?.id ?? newId();
  // Never two profiles with one name: a replaced profile's own name is free, every other one is taken.
  const name = importName(
    d.profiles.filter((p) => p.id !== id).map((p) => p.name),
    entry.name,
  );
  const material: MaterialSet = { ca: [], cert: null, key: null, pfx: null };
  for (const { ref, base64 } of entry.files) {
    if (ref.slot === 'ca') {
      if (material.ca.length >= 32) continue;
      material.ca.push(ref);
    } else if (material[ref.slot] === null) {
      material[ref.slot] = ref;
    } else {
      continue;
    }
    d.vault.files[ref.id] = base64;
  }
  const secrets = Object.fromEntries(Object.entries(entry.secrets).filter(([, v]) => v !== undefined)) as StoredSecrets;
  if (Object.keys(secrets).length) d.vault.secrets[id] = secrets;
  const profile: Profile = {
    id,
    name,
    groupId: groupFor(d, entry.groupName, newId),
    settings: entry.settings,
    material,
    secrets: flagsOf(d, id),
    ...(entry.missingFiles?.length ? { missingFiles: entry.missingFiles } : {}),
    ...(entry.expect ? { expect: entry.expect } : {}),
    ...(entry.notes !== undefined ? { notes: entry.notes } : {}),
    createdAt: target?.createdAt ?? at,
    updatedAt: at,
  };
  if (target) {
    d.profiles[targetIndex] = profile;
    result.replaced.push({ key: entry.key, profileId: id, name });
  } else {
    d.profiles.push(profile);
    result.added.push({ key: entry.key, profileId: id, name });
  }
}
