/**
 * Taking over what can be trusted from a document that failed validation: every profile and
 * group that is valid on its own, their files and secrets, their reports, valid settings.
 * Whatever is left behind stays in the copy set aside next to the store.
 */
import { Group, Profile, type MaterialRef, type MaterialSet } from '../../../shared/profile/profile';
import { CURRENT_SCHEMA_VERSION, DocumentSettings, type DocumentSecrets, type StoreDocument } from './document';
import { Sealable } from './document-sealable';
import { MatricesDocument, StoredMatrix, slotMatrix } from './matrix-document';
import { MatrixRunRecord } from '../../../shared/matrix/matrix-run';
import { StoredCa, type WorkbenchDocument } from './workbench-document';

export interface Salvaged {
  doc: StoreDocument;
  kept: { profiles: number; groups: number };
  dropped: { profiles: number; groups: number; other: number };
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function validItems<T extends { id: string }>(
  raw: unknown,
  parse: (v: unknown) => { success: true; data: T } | { success: false },
): { items: T[]; dropped: number } {
  const list = Array.isArray(raw) ? raw : [];
  const seen = new Set<string>();
  const items: T[] = [];
  for (const entry of list) {
    const r = parse(entry);
    if (r.success && !seen.has(r.data.id)) {
      seen.add(r.data.id);
      items.push(r.data);
    }
  }
  return { items, dropped: list.length - items.length };
}

/** Salvages a migrated (or unmigratable) document; the result always validates. */
export function salvage(candidate: unknown): Salvaged {
  const obj = isObject(candidate) ? candidate : {};
  let other = 0;
  const groups = validItems(obj.groups, (v) => Group.safeParse(v));
  const profiles = validItems(obj.profiles, (v) => Profile.safeParse(v));
  const groupIds = new Set(groups.items.map((g) => g.id));

  const vault = isObject(obj.vault) ? obj.vault : {};
  const rawFiles = isObject(vault.files) ? vault.files : {};
  const rawSecrets = isObject(vault.secrets) ? vault.secrets : {};
  const rawReports = isObject(obj.reports) ? obj.reports : {};
  const files: Record<string, Sealable> = {};
  const secrets: Record<string, DocumentSecrets> = {};
  const reports: Record<string, unknown[]> = {};
  const rawPublishes = isObject(obj.publishes) ? obj.publishes : {};
  const publishes: Record<string, unknown[]> = {};
  const rawSubscriptions = isObject(obj.subscriptions) ? obj.subscriptions : {};
  const subscriptions: Record<string, unknown[]> = {};

  for (const p of profiles.items) {
    if (p.groupId !== null && !groupIds.has(p.groupId)) p.groupId = null;
    // A file whose content is lost cannot be used: the profile keeps the others and says nothing of it.
    const keep = (ref: MaterialRef | null): MaterialRef | null => {
      if (!ref) return null;
      const stored = Sealable.safeParse(rawFiles[ref.id]);
      if (!stored.success) {
        other++;
        return null;
      }
      files[ref.id] = stored.data;
      return ref;
    };
    const m = p.material;
    const material: MaterialSet = {
      ca: m.ca.map(keep).filter((r): r is MaterialRef => r !== null),
      cert: keep(m.cert),
      key: keep(m.key),
      pfx: keep(m.pfx),
    };
    p.material = material;

    const s = rawSecrets[p.id];
    if (isObject(s)) {
      const kept: DocumentSecrets = {};
      for (const field of ['passphrase', 'password', 'pfxPassword'] as const) {
        if (s[field] === undefined) continue;
        const v = Sealable.safeParse(s[field]);
        if (v.success) kept[field] = v.data;
        else other++;
      }
      if (Object.keys(kept).length) secrets[p.id] = kept;
    }
    p.secrets = {
      hasPassphrase: secrets[p.id]?.passphrase !== undefined,
      hasPassword: secrets[p.id]?.password !== undefined,
      hasPfxPassword: secrets[p.id]?.pfxPassword !== undefined,
    };

    const r = rawReports[p.id];
    if (Array.isArray(r)) reports[p.id] = r;
    // Publish history entries are checked one by one when the document is read.
    const h = rawPublishes[p.id];
    if (Array.isArray(h)) publishes[p.id] = h;
    const subs = rawSubscriptions[p.id];
    if (Array.isArray(subs)) subscriptions[p.id] = subs;
  }
  const settings = DocumentSettings.safeParse(obj.settings);
  if (obj.settings !== undefined && !settings.success) other++;
  const workbench = salvageWorkbench(obj.workbench);
  other += workbench.dropped;
  const matrices = salvageMatrices(obj.matrices);
  other += matrices.dropped;

  return {
    doc: {
      schemaVersion: CURRENT_SCHEMA_VERSION,
      profiles: profiles.items,
      groups: groups.items,
      settings: settings.success ? settings.data : {},
      reports,
      vault: { files, secrets },
      workbench: workbench.doc,
      matrices: matrices.doc,
      publishes,
      subscriptions,
    },
    kept: { profiles: profiles.items.length, groups: groups.items.length },
    dropped: { profiles: profiles.dropped, groups: groups.dropped, other },
  };
}

/** Every CA that is valid on its own, with the secrets of the CAs kept. */
function salvageWorkbench(raw: unknown): { doc: WorkbenchDocument; dropped: number } {
  const obj = isObject(raw) ? raw : {};
  const cas = validItems(obj.cas, (v) => StoredCa.safeParse(v));
  const ids = new Set(cas.items.map((c) => c.id));
  const rawSecrets = isObject(obj.secrets) ? obj.secrets : {};
  const secrets: Record<string, Sealable> = {};
  let dropped = cas.dropped;
  for (const [slot, value] of Object.entries(rawSecrets)) {
    const parsed = Sealable.safeParse(value);
    // Slots are `kind:<caId>[:serial]`: a secret of a CA left behind stays in the copy.
    if (parsed.success && ids.has(slot.split(':')[1] ?? '')) secrets[slot] = parsed.data;
    else dropped++;
  }
  return { doc: { cas: cas.items, secrets }, dropped };
}

/** Every matrix and run entry that is valid on its own, with the secrets of the matrices kept. */
function salvageMatrices(raw: unknown): { doc: MatricesDocument; dropped: number } {
  const obj = isObject(raw) ? raw : {};
  const list = validItems(obj.list, (v) => StoredMatrix.safeParse(v));
  const runs = validItems(obj.runs, (v) => MatrixRunRecord.safeParse(v));
  const ids = new Set(list.items.map((m) => m.id));
  const rawSecrets = isObject(obj.secrets) ? obj.secrets : {};
  const secrets: Record<string, Sealable> = {};
  let dropped = list.dropped + runs.dropped;
  for (const [slot, value] of Object.entries(rawSecrets)) {
    const parsed = Sealable.safeParse(value);
    if (parsed.success && ids.has(slotMatrix(slot))) secrets[slot] = parsed.data;
    else dropped++;
  }
  return { doc: { list: list.items, secrets, runs: runs.items }, dropped };
}
