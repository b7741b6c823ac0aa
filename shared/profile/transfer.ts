/**
 * Moving profiles between machines: the `.keyhole.json` export format (versioned, checked with
 * these schemas on import) and the shapes of an import preview and its result.
 */
import { z } from 'zod';
import { ConnectSettings } from '../connect/settings';
import { ConfigMapping } from './config-import';
import { Expectation, MaterialSlot } from './profile';

/** The kinds of secret a profile can hold. An export lists them by kind, never by value. */
export const SecretKind = z.enum(['private-key', 'pkcs12', 'key-passphrase', 'pkcs12-password', 'mqtt-password']);
export type SecretKind = z.infer<typeof SecretKind>;

/** The secret values a profile keeps beside its files, by the name the store and the API use. */
export const SecretField = z.enum(['passphrase', 'password', 'pfxPassword']);
export type SecretField = z.infer<typeof SecretField>;

/** Each secret value's kind: one name per concept, whichever side (store, export, UI) speaks of it. */
export const SECRET_KIND_OF_FIELD: Readonly<Record<SecretField, SecretKind>> = {
  passphrase: 'key-passphrase',
  password: 'mqtt-password',
  pfxPassword: 'pkcs12-password',
};

/** The secret value a kind names, for the kinds that are values (not files). */
export const FIELD_OF_SECRET_KIND: Readonly<Partial<Record<SecretKind, SecretField>>> = Object.fromEntries(
  SecretField.options.map((f) => [SECRET_KIND_OF_FIELD[f], f]),
);

export const EXPORT_FORMAT = 'keyhole-profiles';
export const EXPORT_FORMAT_VERSION = 1;
/** Largest export or MQTT X file accepted for import, in characters. */
export const MAX_IMPORT_CHARS = 64 * 1024 * 1024;
/** Export passphrases shorter than this are refused: the file may travel by mail or chat. */
export const MIN_EXPORT_PASSPHRASE = 8;

const Base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64');

/** One file of an exported profile. Secret files (keys, bundles) carry no `data` here. */
export const ExportedFile = z.object({
  id: z.string().min(1).max(100),
  slot: MaterialSlot,
  fileName: z.string().max(255),
  /** True for private keys and PKCS#12 bundles: their bytes are only in `encryptedSecrets`, or nowhere. */
  secret: z.boolean(),
  /** The file content, base64 (public material only). */
  data: Base64.optional(),
});
export type ExportedFile = z.infer<typeof ExportedFile>;

export const ExportedProfile = z.object({
  id: z.string().min(1).max(100),
  name: z.string().min(1).max(200),
  groupId: z.string().max(100).nullable(),
  settings: ConnectSettings,
  files: z.array(ExportedFile).max(40),
  expect: Expectation.optional(),
  notes: z.string().max(10_000).optional(),
  /** Which secrets travel (encrypted) with this profile, and which the importer must enter again. */
  secrets: z.object({ included: z.array(SecretKind), missing: z.array(SecretKind) }),
});
export type ExportedProfile = z.infer<typeof ExportedProfile>;

/** scrypt (RFC 7914) parameters: recorded so a later version can raise them and still read old files. */
export const ScryptParams = z.object({
  name: z.literal('scrypt'),
  salt: Base64,
  /** CPU/memory cost; a power of two. Bounded so a crafted file cannot exhaust the importer's memory. */
  N: z
    .number()
    .int()
    .min(1024)
    .max(1 << 20),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  keyLength: z.literal(32),
});
export type ScryptParams = z.infer<typeof ScryptParams>;

/** The secrets of every exported profile, as one AES-256-GCM sealed JSON document. */
export const EncryptedSecrets = z.object({
  kdf: ScryptParams,
  cipher: z.object({ name: z.literal('aes-256-gcm'), iv: Base64, tag: Base64 }),
  ciphertext: Base64,
});
export type EncryptedSecrets = z.infer<typeof EncryptedSecrets>;

/** What `EncryptedSecrets` holds once decrypted: per exported profile id, its secret values and secret files (base64). */
export const ExportedSecrets = z.record(
  z.string(),
  z.object({
    passphrase: z.string().optional(),
    password: z.string().optional(),
    pfxPassword: z.string().optional(),
    files: z.record(z.string(), Base64),
  }),
);
export type ExportedSecrets = z.infer<typeof ExportedSecrets>;

/** A `.keyhole.json` file. */
export const KeyholeExport = z.object({
  format: z.literal(EXPORT_FORMAT),
  formatVersion: z.literal(EXPORT_FORMAT_VERSION),
  exportedAt: z.string(),
  exportedBy: z.object({ name: z.string(), version: z.string() }).optional(),
  groups: z.array(z.object({ id: z.string().min(1).max(100), name: z.string().min(1).max(200) })),
  profiles: z.array(ExportedProfile),
  /** Absent in an export without secrets. */
  encryptedSecrets: EncryptedSecrets.optional(),
});
export type KeyholeExport = z.infer<typeof KeyholeExport>;

// ---------------------------------------------------------------------------------------------
// Import preview and result (contract payloads)

/** What to do with one imported profile. `keep-both` adds it (renamed "X (2)" when the name is taken); `replace` overwrites the profile it conflicts with. */
export const ImportChoice = z.enum(['keep-both', 'replace', 'skip']);
export type ImportChoice = z.infer<typeof ImportChoice>;

/** An existing profile an imported one collides with. */
export const ImportConflict = z.object({
  /** `id`: the same profile (exported from here, or imported before); `name`: another profile with the same name. */
  by: z.enum(['id', 'name', 'id-and-name']),
  profileId: z.string(),
  profileName: z.string(),
});
export type ImportConflict = z.infer<typeof ImportConflict>;

/** A file an imported profile refers to, and whether it came along. */
export const ImportFileStatus = z.object({
  slot: MaterialSlot,
  fileName: z.string(),
  /** `included`: its bytes are in the import; `missing`: a secret left out of the export; `unreadable`: a path that could not be read (MQTT X, configurations, command lines). */
  status: z.enum(['included', 'missing', 'unreadable']),
  /** Why it is missing or unreadable, in plain words. */
  reason: z.string().optional(),
});
export type ImportFileStatus = z.infer<typeof ImportFileStatus>;

export const ImportItem = z.object({
  /** Identifies the item in `transfer:apply`. */
  key: z.string(),
  name: z.string(),
  /** The broker, e.g. `mqtts://broker.example:8883`. */
  target: z.string(),
  /** The group it goes into (created when missing), or null for the top level. */
  groupName: z.string().nullable(),
  conflict: ImportConflict.nullable(),
  /** The name it gets with `keep-both`. */
  keepBothName: z.string(),
  /** What happens when no choice is given: `keep-both`; `replace` is never a default. */
  defaultChoice: ImportChoice,
  secrets: z.object({ included: z.array(SecretKind), missing: z.array(SecretKind) }),
  files: z.array(ImportFileStatus),
  /** What changed on the way in (unsupported options, conversions), in plain words. */
  notes: z.array(z.string()),
  /** The settings the profile gets (a configuration or a command line: shown before it is created). */
  settings: ConnectSettings.optional(),
  /** For a configuration or a command line: each option mapped, and each left out with why. */
  mapping: ConfigMapping.optional(),
});
export type ImportItem = z.infer<typeof ImportItem>;

/** What an import read: a Keyhole export, an MQTT X export, a broker's bridge configuration, or a command line. */
export const ImportSource = z.enum(['keyhole', 'mqttx', 'config', 'command']);
export type ImportSource = z.infer<typeof ImportSource>;

export const ImportPreview = z.object({
  /** Hands the parsed file to `transfer:apply`; valid for a few minutes, once. */
  token: z.string(),
  expiresAt: z.string(),
  source: ImportSource,
  /** The file carried encrypted secrets (and they were opened, unless `skipSecrets` was asked). */
  encrypted: z.boolean(),
  /** The secrets of an encrypted file were left out on request. */
  secretsSkipped: z.boolean(),
  exportedAt: z.string().nullable(),
  items: z.array(ImportItem),
  /** Notes about the file as a whole. */
  notes: z.array(z.string()),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

export const ImportOutcome = z.object({ key: z.string(), profileId: z.string(), name: z.string() });
export type ImportOutcome = z.infer<typeof ImportOutcome>;

export const ImportResult = z.object({
  added: z.array(ImportOutcome),
  replaced: z.array(ImportOutcome),
  skipped: z.array(z.object({ key: z.string(), name: z.string() })),
});
export type ImportResult = z.infer<typeof ImportResult>;

/** What an export produced: a file the renderer offers as a download (or main writes after a save dialog). */
export const ExportResult = z.object({
  /** A suggested file name ending in `.keyhole.json`. */
  fileName: z.string(),
  /** The file content. */
  json: z.string(),
  profiles: z.number().int(),
  /** Per profile, the secrets not in the file (all of them without secrets; locked ones with). */
  missingSecrets: z.array(z.object({ profileId: z.string(), name: z.string(), missing: z.array(SecretKind) })),
});
export type ExportResult = z.infer<typeof ExportResult>;

/** How each secret kind is named to the user. */
export const SECRET_KIND_LABELS: Record<SecretKind, string> = {
  'private-key': 'private key',
  pkcs12: 'PKCS#12 bundle',
  'key-passphrase': 'key passphrase',
  'pkcs12-password': 'PKCS#12 password',
  'mqtt-password': 'MQTT password',
};

/** How a secret value is named to the user. */
export const secretFieldLabel = (field: SecretField): string => SECRET_KIND_LABELS[SECRET_KIND_OF_FIELD[field]];
