// Batch issuing, one device one secret: N client certificates, each with its own password, and
// the files that load them elsewhere (a manifest, a Redis script, a matrix file).
import { z } from 'zod';
import { KeyAlgorithm, ValidityWindow } from './issue';

/** How passwords are stored in Redis: the lab broker and EMQX read the same choices (`password_hash_algorithm`). */
export const PasswordHash = z.enum(['plain', 'sha256-salt-prefix', 'sha256-salt-suffix', 'bcrypt']);
export type PasswordHash = z.infer<typeof PasswordHash>;

export const RedisOptions = z.object({
  /** Key of each device: `<prefix><CN>`; `tls_domain:` as in the EMQX guides (`HMGET tls_domain:%C password`). */
  keyPrefix: z.string().max(200).default('tls_domain:'),
  passwordField: z.string().min(1).max(100).default('password'),
  /** Field of the salt, written for the salted SHA-256 hashes. */
  saltField: z.string().min(1).max(100).default('salt'),
  hash: PasswordHash.default('plain'),
  /** bcrypt cost (log2 rounds); 10 is the usual default, lower only for tests. */
  bcryptRounds: z.number().int().min(4).max(15).default(10),
});
export type RedisOptions = z.input<typeof RedisOptions>;

/** Where the matrix file made with a batch points: the broker the devices are meant for. */
export const BatchMatrixTarget = z.object({
  host: z.string().min(1).max(253).default('127.0.0.1'),
  port: z.number().int().min(1).max(65535).default(8883),
});

export const BatchRequest = z
  .object({
    /** How many devices, with `cnPattern`; ignored when `names` is given. */
    count: z.number().int().min(1).max(1_000_000).optional(),
    /** `{n}` the device number (zero-padded to the width of the count: device-001), `{uuid}` a random UUID. */
    cnPattern: z.string().min(1).max(64).default('device-{n}'),
    /** Explicit CNs (from a CSV or text list), one device each. */
    names: z.array(z.string().min(1).max(64)).max(1_000_000).optional(),
    key: KeyAlgorithm.default('ec-p256'),
    validity: ValidityWindow,
    /** Length of each generated password (URL-safe base64 characters). */
    passwordLength: z.number().int().min(8).max(128).default(24),
    redis: RedisOptions.prefault({}),
    matrix: BatchMatrixTarget.prefault({}),
    /** Also write a PKCS#12 bundle per device, protected by the device's password. */
    pkcs12: z.boolean().default(false),
  })
  .refine((r) => r.count !== undefined || r.names !== undefined, 'give a count (with a CN pattern) or a list of names');
export type BatchRequest = z.input<typeof BatchRequest>;

/** Progress of a running batch, for a progress bar. */
export const BatchProgress = z.object({
  done: z.number().int(),
  total: z.number().int(),
  elapsedMs: z.number(),
  /** Devices per second so far. */
  rate: z.number(),
});
export type BatchProgress = z.infer<typeof BatchProgress>;

/** One line of the manifest (and of the CSV file). The password is the device's secret. */
export const ManifestRow = z.object({
  commonName: z.string(),
  password: z.string(),
  fingerprint256: z.string(),
  serialNumber: z.string(),
  certFile: z.string(),
  keyFile: z.string(),
  pfxFile: z.string().optional(),
});
export type ManifestRow = z.infer<typeof ManifestRow>;

/** What a finished batch reports (no secrets: the passwords are in the files only). */
export const BatchSummary = z.object({
  count: z.number().int(),
  elapsedMs: z.number(),
  rate: z.number(),
  keyAlgorithm: KeyAlgorithm,
  manifestFile: z.string(),
  redisFile: z.string(),
  matrixFile: z.string(),
  caFile: z.string(),
});
export type BatchSummary = z.infer<typeof BatchSummary>;
