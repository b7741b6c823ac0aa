/** What reading an import file yields, whatever its format: candidates (profiles to add) and notes. */
import type { ConnectSettings } from '../../../shared/connect/settings';
import type { ConfigMapping } from '../../../shared/profile/config-import';
import type { Expectation, MaterialSlot, MissingFile } from '../../../shared/profile/profile';
import type { ImportFileStatus, ImportSource, SecretKind } from '../../../shared/profile/transfer';
import type { ProbeSource } from '../profiles/probe-input';
import type { StoredSecrets } from '../store/store-data';

/** One profile an import file offers. */
export interface ImportCandidate {
  key: string;
  /** Its id in a Keyhole export (the same profile when it is here already); null for MQTT X. */
  sourceId: string | null;
  name: string;
  groupName: string | null;
  settings: ConnectSettings;
  /** Files whose bytes came with the import, in slot order. */
  files: { slot: MaterialSlot; fileName: string; bytes: Buffer }[];
  /** Every file the profile refers to, with whether it came along. */
  fileStatus: ImportFileStatus[];
  /** Files named by path that could not be read: the profile keeps them as missing (`Profile.missingFiles`). */
  missingFiles?: MissingFile[];
  secrets: StoredSecrets;
  includedSecrets: SecretKind[];
  missingSecrets: SecretKind[];
  expect?: Expectation;
  notes?: string;
  /** What changed on the way in, in plain words. */
  importNotes: string[];
  /** For a profile read from a configuration or a command line: what was mapped and what was left out. */
  mapping?: ConfigMapping;
}

export interface ParsedImport {
  source: ImportSource;
  encrypted: boolean;
  secretsSkipped: boolean;
  exportedAt: string | null;
  candidates: ImportCandidate[];
  notes: string[];
}

export type ImportFailure =
  | { kind: 'invalid-file'; message: string; at?: { line: number; column: number } }
  | { kind: 'passphrase-required'; message: string }
  | { kind: 'passphrase-wrong'; message: string };

/** What a candidate would connect with, before it is stored: its files by slot, for `toProbeInput`. */
export function probeSourceOf(c: ImportCandidate): ProbeSource {
  const first = (slot: 'cert' | 'key' | 'pfx') => c.files.find((f) => f.slot === slot) ?? null;
  return {
    settings: c.settings,
    files: { ca: c.files.filter((f) => f.slot === 'ca'), cert: first('cert'), key: first('key'), pfx: first('pfx') },
    secrets: c.secrets,
    ...(c.missingFiles ? { missingFiles: c.missingFiles } : {}),
  };
}
