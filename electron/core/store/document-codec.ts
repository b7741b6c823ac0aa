/** The stored document and the store's memory form, each way: secrets opened on load, sealed on save. */
import { ConnectReport } from '../../../shared/connect/report';
import { DEFAULT_APP_SETTINGS } from '../../../shared/profile/app-settings';
import type { MaterialRef, MaterialSlot } from '../../../shared/profile/profile';
import { MAX_PUBLISH_HISTORY, PublishHistoryEntry } from '../../../shared/profile/publish-history';
import { MAX_SAVED_SUBSCRIPTIONS, SavedSubscription } from '../../../shared/profile/saved-subscription';
import { bytesText, textBytes } from '../secrets/secret-box';
import { CURRENT_SCHEMA_VERSION, type DocumentSecrets, type StoreDocument } from './document';
import type { Sealable } from './document-sealable';
import type { SealedValues } from './sealed-values';
import { isSecretMaterial } from './secret-material';
import { SECRET_FIELDS, emptyStore, type LockedValue, type StoreData } from './store-data';

const refsOf = (m: { ca: MaterialRef[]; cert: MaterialRef | null; key: MaterialRef | null; pfx: MaterialRef | null }) =>
  [...m.ca, m.cert, m.key, m.pfx].filter((r): r is MaterialRef => r !== null);

/** Document → memory: opens sealed values (those that cannot be opened are kept, locked). */
export async function decodeDocument(doc: StoreDocument, sealer: SealedValues): Promise<{ data: StoreData; needsSealing: boolean }> {
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
    const opened = await sealer.openSealed(value.sealed);
    if (opened.ok) {
      data.vault.files[id] = Buffer.from(opened.bytes).toString('base64');
      sealer.remember(`file:${id}`, value.sealed, opened.bytes);
    } else {
      data.locked.files[id] = { sealed: value.sealed, reason: opened.reason };
    }
  }
  for (const [profileId, secrets] of Object.entries(doc.vault.secrets)) {
    const known: Record<string, Sealable> = {};
    for (const field of SECRET_FIELDS) if (secrets[field]) known[field] = secrets[field];
    const opened: Record<string, string> = {};
    const locked: Record<string, LockedValue> = {};
    if (await openSlotSecrets(known, opened, locked, `secret:${profileId}`, sealer)) needsSealing = true;
    if (Object.keys(opened).length > 0) data.vault.secrets[profileId] = opened;
    if (Object.keys(locked).length > 0) data.locked.secrets[profileId] = locked;
  }
  data.workbench.cas = doc.workbench.cas;
  if (await openSlotSecrets(doc.workbench.secrets, data.workbench.secrets, data.locked.workbench, 'wb', sealer)) needsSealing = true;
  data.matrices.list = doc.matrices.list;
  data.matrices.runs = doc.matrices.runs;
  if (await openSlotSecrets(doc.matrices.secrets, data.matrices.secrets, data.locked.matrices, 'mx', sealer)) needsSealing = true;
  const limit = data.settings.reportsPerProfile;
  for (const p of data.profiles) {
    const has = (field: (typeof SECRET_FIELDS)[number]) =>
      data.vault.secrets[p.id]?.[field] !== undefined || data.locked.secrets[p.id]?.[field] !== undefined;
    p.secrets = { hasPassphrase: has('passphrase'), hasPassword: has('password'), hasPfxPassword: has('pfxPassword') };
    // Reports still in the document (format 7): the store moves them to its report journal.
    const reports = (doc.reports?.[p.id] ?? []).flatMap((r) => {
      const parsed = ConnectReport.safeParse(r);
      return parsed.success ? [parsed.data] : [];
    });
    if (reports.length) data.reports[p.id] = reports.slice(0, limit);
    const publishes = (doc.publishes[p.id] ?? []).flatMap((e) => {
      const parsed = PublishHistoryEntry.safeParse(e);
      return parsed.success ? [parsed.data] : [];
    });
    if (publishes.length) data.publishes[p.id] = publishes.slice(0, MAX_PUBLISH_HISTORY);
    const subscriptions = (doc.subscriptions[p.id] ?? []).flatMap((e) => {
      const parsed = SavedSubscription.safeParse(e);
      return parsed.success ? [parsed.data] : [];
    });
    if (subscriptions.length) data.subscriptions[p.id] = subscriptions.slice(0, MAX_SAVED_SUBSCRIPTIONS);
  }
  return { data, needsSealing };
}

/** Memory → document: seals every secret; locked values go back exactly as they were read. Reports are the journal's (`reportsToKeep`). */
export async function encodeDocument(data: StoreData, sealer: SealedValues, savedAt: Date): Promise<StoreDocument> {
  const slots = new Map<string, MaterialSlot>();
  for (const p of data.profiles) for (const r of refsOf(p.material)) slots.set(r.id, r.slot);
  const files: Record<string, Sealable> = {};
  for (const [id, base64] of Object.entries(data.vault.files)) {
    const bytes = Buffer.from(base64, 'base64');
    files[id] = isSecretMaterial(slots.get(id), bytes) ? await sealer.seal(`file:${id}`, bytes) : { clear: base64 };
  }
  for (const [id, locked] of Object.entries(data.locked.files)) files[id] ??= { sealed: locked.sealed };
  const secrets: Record<string, DocumentSecrets> = {};
  const profileIds = new Set([...Object.keys(data.vault.secrets), ...Object.keys(data.locked.secrets)]);
  for (const profileId of profileIds) {
    const out: DocumentSecrets = {};
    for (const field of SECRET_FIELDS) {
      const value = data.vault.secrets[profileId]?.[field];
      const locked = data.locked.secrets[profileId]?.[field];
      if (value !== undefined) out[field] = await sealer.seal(`secret:${profileId}:${field}`, textBytes(value));
      else if (locked) out[field] = { sealed: locked.sealed };
    }
    if (Object.keys(out).length) secrets[profileId] = out;
  }
  const workbench: Record<string, Sealable> = {};
  for (const [slot, value] of Object.entries(data.workbench.secrets)) workbench[slot] = await sealer.seal(`wb:${slot}`, textBytes(value));
  for (const [slot, locked] of Object.entries(data.locked.workbench)) workbench[slot] ??= { sealed: locked.sealed };
  const matrices: Record<string, Sealable> = {};
  for (const [slot, value] of Object.entries(data.matrices.secrets)) matrices[slot] = await sealer.seal(`mx:${slot}`, textBytes(value));
  for (const [slot, locked] of Object.entries(data.locked.matrices)) matrices[slot] ??= { sealed: locked.sealed };
  const known = new Set(data.profiles.map((p) => p.id));
  const publishes = Object.fromEntries(Object.entries(data.publishes).filter(([id, list]) => known.has(id) && list.length > 0));
  const subscriptions = Object.fromEntries(Object.entries(data.subscriptions).filter(([id, list]) => known.has(id) && list.length > 0));
  return {
    schemaVersion: CURRENT_SCHEMA_VERSION,
    savedAt: savedAt.toISOString(),
    profiles: data.profiles,
    groups: data.groups,
    settings: data.settings,
    vault: { files, secrets },
    workbench: { cas: data.workbench.cas, secrets: workbench },
    matrices: { list: data.matrices.list, secrets: matrices, runs: data.matrices.runs },
    publishes,
    subscriptions,
  };
}

/** Opens a slot → sealed text map (the workbench's, the matrices') into `into`; true when one was in clear (it must be sealed now). */
async function openSlotSecrets(
  stored: Record<string, Sealable>,
  into: Record<string, string>,
  locked: Record<string, LockedValue>,
  prefix: string,
  sealer: SealedValues,
): Promise<boolean> {
  let clear = false;
  for (const [slot, value] of Object.entries(stored)) {
    if ('clear' in value) {
      into[slot] = value.clear;
      clear = true;
      continue;
    }
    const opened = await sealer.openSealed(value.sealed);
    let text: string | null = null;
    if (opened.ok) {
      try {
        text = bytesText(opened.bytes);
      } catch {
        text = null;
      }
    }
    if (opened.ok && text !== null) {
      into[slot] = text;
      sealer.remember(`${prefix}:${slot}`, value.sealed, opened.bytes);
    } else {
      locked[slot] = { sealed: value.sealed, reason: opened.ok ? 'The decrypted value is not text.' : opened.reason };
    }
  }
  return clear;
}

/** The reports a store keeps: those of known profiles, not empty. */
export function reportsToKeep(data: StoreData): Record<string, ConnectReport[]> {
  const known = new Set(data.profiles.map((p) => p.id));
  return Object.fromEntries(Object.entries(data.reports).filter(([id, list]) => known.has(id) && list.length > 0));
}
