// `keyhole connect --profile NAME`: a saved profile from the store in the data folder (read
// only: the CLI never writes it), or one from an export file (`--profiles FILE`, a Keyhole
// export or an MQTT X export), as settings, material and secrets for one attempt.
import { MAX_DOCUMENT_BYTES, readBoundedFile } from '../core/certs/bounded-read';
import type { ConnectSettings } from '../../shared/connect/settings';
import type { MaterialSlot } from '../../shared/profile/profile';
import { FIELD_OF_SECRET_KIND, SECRET_KIND_LABELS, secretFieldLabel } from '../../shared/profile/transfer';
import type { IdentityMaterial, IdentitySecrets } from '../core/certs/material';
import { toProbeInput } from '../core/profiles/probe-input';
import { openProfileService } from '../core/profiles/profile-service';
import { createJsonFileStore } from '../core/store/json-store';
import type { SecretField } from '../core/store/store-data';
import { probeSourceOf, type ImportCandidate } from '../core/transfer/import-candidate';
import { parseImportText } from '../core/transfer/import-file';
import { readReferencedFile } from '../core/transfer/transfer-service';
import { UsageError } from './exit-codes';

export interface LoadedProfile {
  name: string;
  /** Where it came from, for messages. */
  source: string;
  settings: ConnectSettings;
  material: IdentityMaterial;
  secrets: IdentitySecrets;
  /** Files and secrets the profile has but that are not available here, with why. */
  unavailable: (
    | { kind: 'file'; slot: MaterialSlot; what: string; reason: string }
    | { kind: 'secret'; field: SecretField; what: string; reason: string }
  )[];
  /** Things the user should know (an export without secrets, a recovered store …). */
  notes: string[];
}

export interface ProfileSourceOptions {
  dataDir: string;
  /** An export file to read instead of the store. */
  profilesFile?: string;
  /** The export's passphrase, asked only when the file has sealed secrets. */
  passphrase: () => Promise<string | undefined>;
}

/** Picks one of `items` by exact name, then id, then a unique case-insensitive name; a usage error otherwise. */
export function pick<T extends { name: string; id: string | null }>(items: T[], wanted: string, where: string): T {
  const exact = items.filter((p) => p.name === wanted);
  if (exact.length === 1) return exact[0]!;
  if (exact.length > 1)
    throw new UsageError(
      `${exact.length} profiles are named "${wanted}" in ${where}; give one of their ids instead: ${exact.map((p) => p.id).join(', ')}`,
    );
  const byId = items.find((p) => p.id === wanted);
  if (byId) return byId;
  const folded = items.filter((p) => p.name.toLowerCase() === wanted.toLowerCase());
  if (folded.length === 1) return folded[0]!;
  const names = items.map((p) => `"${p.name}"`);
  throw new UsageError(
    items.length === 0
      ? `there is no profile named "${wanted}": ${where} holds no profiles`
      : `there is no profile named "${wanted}" in ${where}; it has ${names.slice(0, 20).join(', ')}${names.length > 20 ? ` and ${names.length - 20} more` : ''}`,
  );
}

/** Loads the profile named `name`. */
export async function loadProfile(name: string, options: ProfileSourceOptions): Promise<LoadedProfile> {
  return options.profilesFile === undefined ? fromStore(name, options.dataDir) : fromExport(name, options.profilesFile, options.passphrase);
}

async function fromStore(name: string, dataDir: string): Promise<LoadedProfile> {
  const store = createJsonFileStore(dataDir, { readOnly: true });
  const service = await openProfileService({ store });
  const notes = service.problem ? [service.problem] : [];
  let chosen;
  try {
    chosen = pick(service.listProfiles(), name, `the store ${store.location}`);
  } catch (e) {
    // A store that could not be read looks empty: say why, not only that it holds nothing.
    if (e instanceof UsageError && service.problem) throw new UsageError(`${e.message}. ${service.problem}`);
    throw e;
  }
  const resolved = service.resolve(chosen.id, { allowLocked: true });
  if (!resolved.ok) throw new UsageError(resolved.error.message);
  const r = resolved.value;
  const { settings, material, secrets } = toProbeInput(r);
  return {
    name: chosen.name,
    source: store.location,
    settings,
    material,
    secrets,
    unavailable: [
      ...r.locked.files.map((f) => ({ kind: 'file' as const, slot: f.slot, what: `the ${f.slot} file ${f.fileName}`, reason: f.reason })),
      ...r.locked.secrets.map((s) => ({
        kind: 'secret' as const,
        field: s.field,
        what: `the ${secretFieldLabel(s.field)}`,
        reason: s.reason,
      })),
    ],
    notes,
  };
}

async function fromExport(name: string, file: string, passphrase: () => Promise<string | undefined>): Promise<LoadedProfile> {
  const read = await readBoundedFile(file, MAX_DOCUMENT_BYTES);
  if (!read.ok) throw new UsageError(`cannot read --profiles: ${read.error.message}`);
  const text = read.value.toString('utf8');
  let parsed = await parseImportText(text, { readFile: readReferencedFile });
  if (!parsed.ok && parsed.error.kind === 'passphrase-required') {
    const given = await passphrase();
    if (given === undefined) {
      throw new UsageError(
        `${file} holds secrets sealed with a passphrase: give it with --profiles-passphrase-env VAR (or run in a terminal to be asked)`,
      );
    }
    parsed = await parseImportText(text, { readFile: readReferencedFile, passphrase: given });
  }
  if (!parsed.ok) throw new UsageError(`${file}: ${parsed.error.message}`);
  const candidates = parsed.value.candidates.map((c) => ({ ...c, id: c.sourceId }));
  const chosen: ImportCandidate = pick(candidates, name, file);
  const { settings, material, secrets } = toProbeInput(probeSourceOf(chosen));
  const unavailable: LoadedProfile['unavailable'] = [];
  for (const f of chosen.fileStatus)
    if (f.status !== 'included')
      unavailable.push({
        kind: 'file',
        slot: f.slot,
        what: `the ${f.slot} file ${f.fileName}`,
        reason: f.reason ?? 'It is not in the file.',
      });
  for (const kind of chosen.missingSecrets) {
    const field = FIELD_OF_SECRET_KIND[kind];
    if (field) unavailable.push({ kind: 'secret', field, what: `the ${SECRET_KIND_LABELS[kind]}`, reason: 'It is not in the export.' });
  }
  return {
    name: chosen.name,
    source: file,
    settings,
    material,
    secrets,
    unavailable,
    notes: [...parsed.value.notes, ...chosen.importNotes],
  };
}
