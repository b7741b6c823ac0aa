/**
 * The store document as written to disk: one JSON file holding profiles, groups, settings, the
 * vault, the certificate workbench (CAs and what they issued), matrices, publish histories and
 * subscriptions. Attempt reports live beside it, in the report journal (report-journal.ts).
 * Secret values and secret files are `{ sealed }`
 * (opened by a SecretBox); public files are `{ clear }` base64. A `{ clear }` secret (from a
 * migrated v1 document, or typed in by hand) is accepted on read and sealed on the next write.
 */
import { z } from 'zod';
import { AppSettings } from '../../../shared/profile/app-settings';
import { Group, Profile } from '../../../shared/profile/profile';
import { Sealable } from './document-sealable';
import { MatricesDocument } from './matrix-document';
import { WorkbenchDocument } from './workbench-document';

/**
 * 3: reports carry `notes` beside `warnings` (report format 2), and an expected cause is a cause code. 4: the certificate
 * workbench. 5: credential matrices and their run list. 6: each profile's publish history. 7: each profile's subscriptions.
 * 8: reports move out of the document into the report journal beside it.
 */
export const CURRENT_SCHEMA_VERSION = 8;

export const DocumentSecrets = z
  .object({ passphrase: Sealable.optional(), password: Sealable.optional(), pfxPassword: Sealable.optional() })
  .strict();
export type DocumentSecrets = z.infer<typeof DocumentSecrets>;

/** Settings as stored: fields a later version dropped or an earlier one lacked fall back to defaults. */
export const DocumentSettings = AppSettings.partial();

const uniqueIds = (what: string) => (items: { id: string }[], ctx: z.RefinementCtx) => {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `${what} id ${item.id} appears twice` });
    seen.add(item.id);
  });
};

export const StoreDocument = z.object({
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  savedAt: z.string().optional(),
  profiles: z.array(Profile).superRefine(uniqueIds('profile')),
  groups: z.array(Group).superRefine(uniqueIds('group')),
  settings: DocumentSettings,
  /**
   * Profile id → reports, newest first, not yet in the report journal: only in a document
   * migrated from format 7, until the store has appended them to the journal and rewritten the
   * document without them. Checked one by one on load (a report of an older shape is dropped,
   * not a reason to distrust the document). Never written.
   */
  reports: z.record(z.string(), z.array(z.unknown())).optional(),
  vault: z.object({
    files: z.record(z.string(), Sealable),
    secrets: z.record(z.string(), DocumentSecrets),
  }),
  workbench: WorkbenchDocument,
  matrices: MatricesDocument,
  /** Profile id → its publish history, newest first; entries checked one by one on load, like reports. */
  publishes: z.record(z.string(), z.array(z.unknown())),
  /** Profile id → its subscriptions, in list order; entries checked one by one on load, like reports. */
  subscriptions: z.record(z.string(), z.array(z.unknown())),
});
export type StoreDocument = z.infer<typeof StoreDocument>;
