// The workbench as the app sees it: the CAs it made and kept (their keys stay sealed in the
// host's store), what each issued, and the files an issuing run produced. A renderer sees
// records, summaries and which secrets exist, never a key, a passphrase or a password.
import { z } from 'zod';
import { BatchRequest, BatchSummary } from './batch';
import { CertificateDetails } from './inspect';
import { CaRecord, KeyAlgorithm, RevocationReason, SubjectFields, ValidityWindow } from './issue';

const Id = z.string().min(1).max(100);

/** An identity the store kept with its key: a profile can be made from it later. */
export const KeptIdentity = z.object({
  serialNumber: z.string(),
  /** The key is stored encrypted with a passphrase (kept sealed too). */
  hasPassphrase: z.boolean(),
  /** A device password (one device, one secret) is kept with it. */
  hasPassword: z.boolean(),
  /** A PKCS#12 bundle was made for it. */
  hasPkcs12: z.boolean(),
});
export type KeptIdentity = z.infer<typeof KeptIdentity>;

/** A CA the workbench made and keeps, as the renderer sees it. */
export const SavedCa = z.object({
  id: Id,
  /** The CA that signed this one (an intermediate), or null for a root. */
  parentId: Id.nullable(),
  createdAt: z.string(),
  record: CaRecord,
  certificate: CertificateDetails,
  /** False when the key is stored but cannot be decrypted here (sealed by another program): it cannot issue. */
  keyAvailable: z.boolean(),
  /** The identities whose key is kept, by serial number. */
  kept: z.array(KeptIdentity),
  /** The last CRL made, if any. */
  lastCrl: z.object({ thisUpdate: z.string(), nextUpdate: z.string(), revoked: z.number().int() }).nullable(),
});
export type SavedCa = z.infer<typeof SavedCa>;

/** One file of an output, without its content (which stays with the host until downloaded or saved). */
export const OutputFile = z.object({
  path: z.string(),
  size: z.number().int(),
  /** Holds a key or a password: written 0600 where the host writes files. */
  secret: z.boolean(),
});
export type OutputFile = z.infer<typeof OutputFile>;

/** Files an issuing run produced, held by the host for a while under `id` (see WORKBENCH_OUTPUT_TTL_MS). */
export const OutputInfo = z.object({
  id: Id,
  /** The archive's suggested name (`device-1.zip`). */
  fileName: z.string(),
  files: z.array(OutputFile),
});
export type OutputInfo = z.infer<typeof OutputInfo>;

/** How long the host keeps an output for download or saving. */
export const WORKBENCH_OUTPUT_TTL_MS = 30 * 60_000;

/** Where the web host serves an output as a zip archive (GET, with the page's token cookie). */
export const DOWNLOAD_PATH = '/downloads/';

export const CreateCaRequest = z
  .object({
    /** Sign with this saved CA: an intermediate. */
    parentId: Id.optional(),
    subject: SubjectFields,
    key: KeyAlgorithm,
    validity: ValidityWindow,
    pathLength: z.number().int().min(0).max(16).nullable().optional(),
    /** Days until the first CRL is due. */
    crlDays: z.number().int().min(1).max(3650).default(30),
  })
  .strict();
export type CreateCaRequest = z.input<typeof CreateCaRequest>;

export const IssueIdentityRequest = z
  .object({
    caId: Id,
    profile: z.enum(['server', 'client']),
    subject: SubjectFields,
    key: KeyAlgorithm,
    validity: ValidityWindow,
    dnsNames: z.array(z.string().min(1).max(253)).max(100).default([]),
    ipAddresses: z.array(z.string().min(2).max(45)).max(100).default([]),
    /** Encrypts the key file (encrypted PKCS#8); kept sealed for "Make a profile". */
    keyPassphrase: z.string().min(1).max(1024).optional(),
    /** A device password (MQTT password, one device one secret): generated when true. */
    generatePassword: z.boolean().default(false),
    /** Also write a PKCS#12 bundle, protected by the key passphrase or else the device password. */
    pkcs12: z.boolean().default(false),
  })
  .strict();
export type IssueIdentityRequest = z.input<typeof IssueIdentityRequest>;

export const IssueIdentityResult = z.object({
  ca: SavedCa,
  serialNumber: z.string(),
  certificate: CertificateDetails,
  output: OutputInfo,
  /** The mosquitto TLS block for a broker certificate (paths relative to the output folder). */
  snippet: z.string().nullable(),
});
export type IssueIdentityResult = z.infer<typeof IssueIdentityResult>;

export const WorkbenchBatchRequest = z
  .object({
    caId: Id,
    /** One run at a time per host; the UI caps the count (large runs belong to `keyhole cert batch`). */
    batch: BatchRequest,
  })
  .strict();
export type WorkbenchBatchRequest = z.input<typeof WorkbenchBatchRequest>;

export const WorkbenchBatchResult = z.object({
  ca: SavedCa,
  summary: BatchSummary,
  output: OutputInfo,
  /** Devices whose key the store kept (all of them up to MAX_KEPT_BATCH). */
  kept: z.number().int(),
});
export type WorkbenchBatchResult = z.infer<typeof WorkbenchBatchResult>;

/** The most devices of one batch whose keys the store keeps for "Make a profile" (the files hold all of them). */
export const MAX_KEPT_BATCH = 1000;
/** The most devices the app issues in one batch. */
export const MAX_APP_BATCH = 10_000;

export const RevokeRequest = z
  .object({
    caId: Id,
    serialNumbers: z.array(z.string().min(1).max(80)).min(1).max(10_000),
    reason: RevocationReason.default('unspecified'),
    crlDays: z.number().int().min(1).max(3650).default(30),
  })
  .strict();
export type RevokeRequest = z.input<typeof RevokeRequest>;

export const CrlResult = z.object({ ca: SavedCa, output: OutputInfo, revoked: z.number().int() });
export type CrlResult = z.infer<typeof CrlResult>;

/** Text or bytes of a file the user dropped, chose or pasted, for the inspector and the lint. */
export const WorkbenchInput = z.union([
  z.object({ fileName: z.string().min(1).max(255), base64: z.string().max(8 * 1024 * 1024) }).strict(),
  z.object({ fileName: z.string().min(1).max(255), text: z.string().max(6 * 1024 * 1024) }).strict(),
]);
export type WorkbenchInput = z.infer<typeof WorkbenchInput>;

export const MakeProfileRequest = z
  .object({
    caId: Id,
    serialNumber: z.string().min(1).max(80),
    name: z.string().trim().min(1).max(200).optional(),
    host: z.string().min(1).max(253).default('127.0.0.1'),
    port: z.number().int().min(1).max(65535).default(8883),
  })
  .strict();
export type MakeProfileRequest = z.input<typeof MakeProfileRequest>;
