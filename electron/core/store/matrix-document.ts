/**
 * The credential matrix's part of the store document (since version 5): saved matrices, the
 * secrets of rows that carry their own identity (keys, bundles, passwords; sealed like every
 * other secret), and the run list. A run's rows are never here: each run keeps them in a file
 * of its own (`matrix-runs/<id>.jsonl`), and the list holds only its summary and file name, so a
 * run of 1,000 rows costs this document one short entry.
 */
import { z } from 'zod';
import { ConnectSettings } from '../../../shared/connect/settings';
import { AccessSetting, OutcomeExpectation } from '../../../shared/matrix/matrix-file';
import { MatrixRunRecord } from '../../../shared/matrix/matrix-run';
import { Sealable } from './document-sealable';

const Id = z.string().min(1).max(100);

/** Where a row's identity comes from: a saved profile, a lab identity, or its own files (secrets in `secrets`). */
export const StoredRowSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('profile'), profileId: Id }),
  z.object({ kind: z.literal('lab'), identity: z.string().min(1).max(200) }),
  z.object({
    kind: z.literal('files'),
    /** The client certificate chain (PEM or DER, base64), when the row has one; its key and bundle are secrets (`secrets`). */
    cert: z.string().max(1_500_000).optional(),
    certFileName: z.string().max(255).optional(),
    keyFileName: z.string().max(255).optional(),
    pfxFileName: z.string().max(255).optional(),
    /** The CN, as read when the row was added (a PKCS#12's when its password opened it). */
    commonName: z.string().nullable(),
    username: z.string().max(65535).optional(),
    clientId: z.string().max(65535).optional(),
    mqttVersion: z.enum(['3.1.1', '5']).optional(),
  }),
]);
export type StoredRowSource = z.infer<typeof StoredRowSource>;

export const StoredMatrixRow = z.object({
  id: Id,
  /** Unique in its matrix: the row's identity in runs, shards and JUnit. */
  name: z.string().min(1).max(200),
  expect: OutcomeExpectation,
  access: AccessSetting.optional(),
  retries: z.number().int().min(0).max(10).optional(),
  source: StoredRowSource,
});
export type StoredMatrixRow = z.infer<typeof StoredMatrixRow>;

/** The broker: a saved profile's, the lab's on a port, or explicit settings with their CA files (an imported matrix file). */
export const StoredMatrixTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('profile'), profileId: Id }),
  z.object({ kind: z.literal('lab'), port: z.number().int().min(1).max(65535) }),
  z.object({
    kind: z.literal('address'),
    settings: ConnectSettings,
    ca: z.array(z.object({ fileName: z.string().max(255), base64: z.string().max(1_500_000) })).max(32),
  }),
]);
export type StoredMatrixTarget = z.infer<typeof StoredMatrixTarget>;

export const StoredMatrix = z.object({
  id: Id,
  name: z.string().min(1).max(200),
  createdAt: z.string(),
  updatedAt: z.string(),
  target: StoredMatrixTarget,
  /** Topic of the access check for rows that ask for one (`%C`, `%u`, `%c` filled in). */
  accessCheck: z.string().min(1).max(1000).optional(),
  rows: z.array(StoredMatrixRow).max(100_000),
});
export type StoredMatrix = z.infer<typeof StoredMatrix>;

export const MatricesDocument = z.object({
  list: z.array(StoredMatrix),
  /** Slot → sealed value; slots are named by `matrixSlot`. */
  secrets: z.record(z.string(), Sealable),
  /** Newest first; each entry names its rows file. */
  runs: z.array(MatrixRunRecord),
});
export type MatricesDocument = z.infer<typeof MatricesDocument>;

/** What a matrix secret slot holds: a key (base64 of its file), a PKCS#12 bundle (base64), a key passphrase, an MQTT password, a bundle password. */
export type MatrixSecretKind = 'key' | 'pfx' | 'passphrase' | 'password' | 'pfxPassword';

/** The slot of a row's secret: `<kind>:<matrixId>:<rowId>`. */
export const matrixSlot = (kind: MatrixSecretKind, matrixId: string, rowId: string): string => `${kind}:${matrixId}:${rowId}`;

/** The matrix a slot belongs to. */
export const slotMatrix = (slot: string): string => slot.split(':')[1] ?? '';
