/**
 * Where a profile's TLS key log goes on this host. The desktop app writes it to the file the
 * user chose in its save dialog (kept in the profile); the web host writes only into its own
 * data folder, `keylogs/<profile id>.keylog`, whatever file a profile names: a page may not
 * make the host write where it likes (as it may not make it read where it likes).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../../../shared/connect/report';
import { usesTls } from '../../../shared/connect/transport';
import { openKeyLogFile, type KeyLogFile } from '../connect/key-log';
import type { ResolvedProfile } from '../profiles/resolved-profile';

export interface KeyLogPolicy {
  /** The folder for key logs without a chosen file (and for every key log of the web host). */
  folder: string;
  /** Whether a file named in the profile is written (desktop: it came from a save dialog). */
  chosenFiles: boolean;
}

/** The key log file of one attempt, opened; or why it could not be (a note for the report). */
export function openProfileKeyLog(resolved: ResolvedProfile, policy: KeyLogPolicy): { sink: KeyLogFile | null; finding: Finding | null } {
  const s = resolved.settings;
  if (!s.keyLog || !usesTls(s.protocol)) return { sink: null, finding: null };
  const chosen = policy.chosenFiles ? s.keyLog.file : undefined;
  let path = chosen;
  if (path === undefined) {
    try {
      mkdirSync(policy.folder, { recursive: true, mode: 0o700 });
    } catch (e) {
      const why = (e as { code?: string }).code ?? String(e);
      return {
        sink: null,
        finding: {
          code: 'tls-key-log-unwritten',
          message: `No TLS key log was written: its folder ${policy.folder} cannot be made (${why}).`,
        },
      };
    }
    path = join(policy.folder, `${resolved.profile.id}.keylog`);
  }
  const opened = openKeyLogFile(path);
  if (!opened.ok) return { sink: null, finding: { code: 'tls-key-log-unwritten', message: `No TLS key log was written. ${opened.error}` } };
  return { sink: opened.value, finding: null };
}
