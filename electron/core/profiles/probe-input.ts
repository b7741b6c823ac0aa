/** The one conversion from a profile (stored or imported) to what the probe takes, for every front. */
import type { ConnectSettings } from '../../../shared/connect/settings';
import type { MissingFile } from '../../../shared/profile/profile';
import type { IdentityMaterial, IdentitySecrets } from '../certs/material';
import type { ConnectInput } from '../connect/probe';
import type { SecretField, StoredSecrets } from '../store/store-data';
import { SECRET_FIELDS } from '../store/store-data';

/** What a profile contributes to an attempt; a `ResolvedProfile` is one. */
export interface ProbeSource {
  settings: ConnectSettings;
  files: { ca: FileLike[]; cert: FileLike | null; key: FileLike | null; pfx: FileLike | null };
  secrets: StoredSecrets;
  /** Files the profile names but does not hold (`Profile.missingFiles`). */
  missingFiles?: readonly MissingFile[];
}

/** A named file's content (a `ResolvedFile` or an imported one). */
interface FileLike {
  fileName: string;
  bytes: Uint8Array;
}

/** Settings, material and secrets of one attempt: the profile's, with the secrets given for this attempt on top. */
export function toProbeInput(source: ProbeSource, oneOff: Partial<Record<SecretField, string>> = {}): ConnectInput {
  const f = source.files;
  const file = (x: FileLike) => ({ name: x.fileName, bytes: new Uint8Array(x.bytes) });
  const material: IdentityMaterial = { ca: f.ca.map(file) };
  if (f.cert) material.cert = file(f.cert);
  if (f.key) material.key = file(f.key);
  if (f.pfx) material.pfx = file(f.pfx);
  const secrets: IdentitySecrets = { ...source.secrets };
  for (const k of SECRET_FIELDS) if (oneOff[k] !== undefined) secrets[k] = oneOff[k];
  // A file loaded into the slot since stands in for the missing one.
  const missingFiles = (source.missingFiles ?? []).filter((m) => (m.slot === 'ca' ? f.ca.length === 0 : f[m.slot] === null));
  return { settings: structuredClone(source.settings), material, secrets, ...(missingFiles.length ? { missingFiles } : {}) };
}
