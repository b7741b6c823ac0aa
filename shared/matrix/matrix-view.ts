// Saved matrices as the renderer sees them: names, targets, rows with their expectations and
// where each identity comes from, never a key, bundle or password (only whether a row has one).
import { z } from 'zod';
import { FileSource } from '../ipc/file-source';
import { AccessSetting, OutcomeExpectation } from './matrix-file';
import { MatrixRowResult, MatrixRunRecord, RunOptions } from './matrix-run';

const Id = z.string().min(1).max(100);

export const RowSourceView = z.discriminatedUnion('kind', [
  /** `profileName` null: the profile was deleted since (the row cannot run). */
  z.object({ kind: z.literal('profile'), profileId: Id, profileName: z.string().nullable() }),
  z.object({ kind: z.literal('lab'), identity: z.string() }),
  z.object({
    kind: z.literal('files'),
    certFileName: z.string().optional(),
    keyFileName: z.string().optional(),
    pfxFileName: z.string().optional(),
    username: z.string().optional(),
    hasPassword: z.boolean(),
    hasPassphrase: z.boolean(),
    hasPfxPassword: z.boolean(),
  }),
]);
export type RowSourceView = z.infer<typeof RowSourceView>;

export const MatrixRowView = z.object({
  id: Id,
  name: z.string(),
  commonName: z.string().nullable(),
  expect: OutcomeExpectation,
  access: AccessSetting.optional(),
  retries: z.number().int().optional(),
  source: RowSourceView,
});
export type MatrixRowView = z.infer<typeof MatrixRowView>;

export const MatrixTargetView = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('profile'), profileId: Id, label: z.string() }),
  z.object({ kind: z.literal('lab'), port: z.number().int(), label: z.string() }),
  z.object({ kind: z.literal('address'), label: z.string() }),
]);
export type MatrixTargetView = z.infer<typeof MatrixTargetView>;

export const MatrixView = z.object({
  id: Id,
  name: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  target: MatrixTargetView,
  accessCheck: z.string().optional(),
  rows: z.array(MatrixRowView),
});
export type MatrixView = z.infer<typeof MatrixView>;

/** A matrix in the list: no rows, only how many. */
export const MatrixListItem = z.object({
  id: Id,
  name: z.string(),
  updatedAt: z.string(),
  target: MatrixTargetView,
  rowCount: z.number().int(),
});
export type MatrixListItem = z.infer<typeof MatrixListItem>;

/** The broker of a new matrix: a saved profile's, or the lab's on a port. */
export const TargetDraft = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('profile'), profileId: Id }).strict(),
  z.object({ kind: z.literal('lab'), port: z.number().int().min(1).max(65535) }).strict(),
]);
export type TargetDraft = z.infer<typeof TargetDraft>;

/** A file of a batch folder or beside a matrix file: its path relative to the folder, and its bytes. */
export const FolderFile = z
  .object({ path: z.string().min(1).max(4096), base64: z.string().max(Math.ceil((1024 * 1024) / 3) * 4 + 4) })
  .strict();
export type FolderFile = z.infer<typeof FolderFile>;

/** Largest number of files sent with a batch folder or a matrix file (the desktop app reads a folder itself). */
export const MAX_FOLDER_FILES = 20_000;

/** Where new rows come from. */
export const RowsSource = z.discriminatedUnion('kind', [
  /** Saved profiles' identities; without `expect`, each profile's stored expectation (else `accepted`). */
  z.object({ kind: z.literal('profiles'), profileIds: z.array(Id).min(1).max(10_000), expect: OutcomeExpectation.optional() }).strict(),
  /** The lab's identities (all, or these names); without `expect`, the outcome the lab gives each. */
  z
    .object({
      kind: z.literal('lab'),
      identities: z.array(z.string().min(1).max(200)).max(100).optional(),
      expect: OutcomeExpectation.optional(),
    })
    .strict(),
  /** One identity from its files. */
  z
    .object({
      kind: z.literal('files'),
      name: z.string().trim().min(1).max(200).optional(),
      cert: FileSource.optional(),
      key: FileSource.optional(),
      pfx: FileSource.optional(),
      passphrase: z.string().max(4096).optional(),
      password: z.string().max(65535).optional(),
      pfxPassword: z.string().max(4096).optional(),
      username: z.string().max(65535).optional(),
      expect: OutcomeExpectation.optional(),
    })
    .strict(),
  /**
   * A batch folder (manifest.csv, certs/, keys/, pfx/): its files sent (a browser), or, without
   * `files`, a folder chosen in the native dialog (desktop). One row per device, named by CN.
   */
  z
    .object({
      kind: z.literal('batch'),
      files: z.array(FolderFile).max(MAX_FOLDER_FILES).optional(),
      expect: OutcomeExpectation.optional(),
      prefix: z.string().max(100).optional(),
    })
    .strict(),
]);
export type RowsSource = z.infer<typeof RowsSource>;

/** Changes to rows, applied to each of `rowIds` (expectations set in bulk). */
export const RowsPatch = z
  .object({
    expect: OutcomeExpectation.optional(),
    /** null: back to the default (a check only where the expectation needs one). */
    access: AccessSetting.nullable().optional(),
    retries: z.number().int().min(0).max(10).nullable().optional(),
  })
  .strict();
export type RowsPatch = z.infer<typeof RowsPatch>;

/** Live progress of a run, sent in batches (rows finished since the last batch). */
export const MatrixProgressEvent = z.object({
  runId: Id,
  matrixId: Id.nullable(),
  rows: z.array(MatrixRowResult),
  progress: z.object({
    done: z.number().int(),
    total: z.number().int(),
    passed: z.number().int(),
    failed: z.number().int(),
    cancelled: z.number().int(),
    elapsedMs: z.number(),
    rate: z.number(),
  }),
});
export type MatrixProgressEvent = z.infer<typeof MatrixProgressEvent>;

export const ResultFormat = z.enum(['junit', 'json', 'csv']);
export type ResultFormat = z.infer<typeof ResultFormat>;

export { RunOptions, MatrixRunRecord, MatrixRowResult };
