// The matrix file: a broker target and rows of identities, each with the outcome it should get
// (DESIGN §7). Written by the workbench's batch and by the app's export, read by `keyhole matrix`
// and the app's import. JSON or YAML; file references are relative to the matrix file's folder,
// so a batch folder can be moved or archived as a whole.
//
//   version: 2
//   name: Fleet acceptance
//   target: { host: broker.example, port: 8883, ca: [ca.pem], mqttVersion: "3.1.1", accessCheck: "devices/%C/check" }
//   defaults: { expect: accepted }
//   rows:
//     - { name: device-001, cert: certs/device-001.pem, key: keys/device-001-key.pem, username: device-001, password: "…" }
//     - { name: revoked, pfx: revoked.p12, pfxPassword: "…", expect: client-cert-revoked }
//     - { name: no-certificate, expect: "rejected:client-auth" }
//     - { manifest: fleet/manifest.csv, expect: accepted }       # one row per device of a batch
//     - { profile: "Device 1", expect: accepted }                # a saved profile's identity
//     - { lab: foreign-ca-device }                               # a lab identity, with its own expectation
//
// Version 1 (the first batch files: `identity: { cert, key } | { pfx } | {}` and
// `target.accessCheckTopic`) is read through `upgradeMatrixFile`.
import { z } from 'zod';
import { Cause } from '../connect/report';
import { TlsVersion, WsPath } from '../connect/settings';
import { Protocol } from '../connect/transport';
import { VerifyMode } from '../connect/report';

export const MATRIX_FILE_VERSION = 2;

/** The layered expectations, beside exact cause codes. */
export const LayerExpectation = z.enum([
  'accepted',
  'rejected',
  'rejected:tls',
  'rejected:client-auth',
  'rejected:connack',
  'denied:access',
]);
export type LayerExpectation = z.infer<typeof LayerExpectation>;

/**
 * What a row should get: `accepted`; `rejected` by the broker at any layer; `rejected:tls` the
 * TLS handshake refused it (the broker refused the client certificate, or the handshake ended in
 * an alert, no common version or ALPN); `rejected:client-auth` the broker refused the client
 * certificate; `rejected:connack` the MQTT verdict; `denied:access` connected, but the access
 * check failed; or an exact cause code such as `client-cert-revoked`. A profile's stored
 * `Expectation` says the same (profiles/expectation.ts converts).
 */
export const OutcomeExpectation = z.union([LayerExpectation, Cause]);
export type OutcomeExpectation = z.infer<typeof OutcomeExpectation>;

/** `true` checks access on the target's topic, a string on that topic (`%C` CN, `%u` username, `%c` client id), `false` not at all. */
export const AccessSetting = z.union([z.boolean(), z.string().min(1).max(1000)]);
export type AccessSetting = z.infer<typeof AccessSetting>;

const Text = z.string().max(65535);
const Path = z.string().min(1).max(4096);
const EnvName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name');

/** What every row may say besides its identity. */
const RowCommon = {
  expect: OutcomeExpectation.optional(),
  access: AccessSetting.optional(),
  /** Attempts again after a failure that is no broker decision (a timeout, a refused TCP connection). */
  retries: z.number().int().min(0).max(10).optional(),
};

const Credentials = {
  username: Text.optional(),
  password: Text.optional(),
  /** Read the password from this environment variable (CI secrets) instead. */
  passwordEnv: EnvName.optional(),
  clientId: Text.optional(),
  mqttVersion: z.enum(['3.1.1', '5']).optional(),
};

const RowName = z.string().min(1).max(200);

/** An identity given by its files: cert + key, a PKCS#12 bundle, or neither (no client certificate). */
export const FileRow = z
  .object({
    name: RowName,
    cert: Path.optional(),
    key: Path.optional(),
    passphrase: Text.optional(),
    passphraseEnv: EnvName.optional(),
    pfx: Path.optional(),
    pfxPassword: Text.optional(),
    pfxPasswordEnv: EnvName.optional(),
    ...Credentials,
    ...RowCommon,
  })
  .strict()
  .refine((r) => (r.cert === undefined) === (r.key === undefined), 'give cert and key together')
  .refine((r) => r.pfx === undefined || r.cert === undefined, 'give cert + key or pfx, not both');
export type FileRow = z.infer<typeof FileRow>;

/** Every device of a batch manifest (`cn,password,…,cert_file,key_file,pfx_file`), named by CN. */
export const ManifestRow = z
  .object({
    manifest: Path,
    /** Row names are `<prefix><CN>` (to keep two batches of the same CNs apart). */
    prefix: z.string().max(100).optional(),
    /** Connect with the bundle (`pfx_file`, password = the device's) instead of cert + key. */
    usePfx: z.boolean().optional(),
    /** Send the CN as the MQTT username (default true: "one device, one secret"). */
    usernameIsCn: z.boolean().optional(),
    ...RowCommon,
  })
  .strict();
export type ManifestRow = z.infer<typeof ManifestRow>;

/** A saved profile's identity (its certificate, key, bundle, username, password), by name or id. */
export const ProfileRow = z.object({ profile: z.string().min(1).max(200), name: RowName.optional(), ...RowCommon }).strict();
export type ProfileRow = z.infer<typeof ProfileRow>;

/** An identity of the lab broker (`keyhole lab`), by its name; without `expect`, the outcome the lab gives it. */
export const LabRow = z.object({ lab: z.string().min(1).max(200), name: RowName.optional(), ...RowCommon }).strict();
export type LabRow = z.infer<typeof LabRow>;

export const MatrixFileRow = z.union([FileRow, ManifestRow, ProfileRow, LabRow]);
export type MatrixFileRow = z.infer<typeof MatrixFileRow>;

/** The broker every row connects to: an address with trust and MQTT options, a saved profile's, or the lab's. */
export const MatrixFileTarget = z
  .object({
    /** mqtts when the target is an address; a profile's or the lab's own otherwise. */
    protocol: Protocol.optional(),
    /** The WebSocket request path (ws/wss). */
    path: WsPath.optional(),
    host: z.string().min(1).max(253).optional(),
    port: z.number().int().min(1).max(65535).optional(),
    /** CA files that verify the broker (relative paths). */
    ca: z.array(Path).max(32).default([]),
    servername: z.string().max(253).optional(),
    verify: VerifyMode.optional(),
    tlsMin: TlsVersion.optional(),
    tlsMax: TlsVersion.optional(),
    mqttVersion: z.enum(['3.1.1', '5']).optional(),
    /** Topic of the access check for rows that ask for one (`%C`, `%u`, `%c` filled in per row). */
    accessCheck: z.string().min(1).max(1000).optional(),
    /** Take broker, trust and MQTT options from this saved profile (by name or id); fields here override them. */
    profile: z.string().min(1).max(200).optional(),
    /** The lab broker of the data folder (its CA, localhost); give its port. */
    lab: z.boolean().optional(),
  })
  .strict()
  .refine((t) => t.profile !== undefined || t.lab === true || (t.host !== undefined && t.port !== undefined), {
    message: 'give host and port, a profile, or lab: true',
  });
export type MatrixFileTarget = z.infer<typeof MatrixFileTarget>;

export const MatrixFile = z
  .object({
    version: z.literal(MATRIX_FILE_VERSION),
    name: z.string().max(200).optional(),
    target: MatrixFileTarget,
    /** What rows get when they do not say: expectation (default `accepted`), access check, retries. */
    defaults: z.object(RowCommon).strict().optional(),
    rows: z.array(MatrixFileRow).min(1).max(1_000_000),
  })
  .strict();
export type MatrixFile = z.infer<typeof MatrixFile>;
export type MatrixFileInput = z.input<typeof MatrixFile>;

// ---------------------------------------------------------------------------------------------
// Version 1

const V1Row = z.object({
  name: RowName,
  identity: z.union([
    z.object({ cert: Path, key: Path, passphrase: z.string().optional() }).strict(),
    z.object({ pfx: Path, pfxPassword: z.string().optional() }).strict(),
    z.object({}).strict(),
  ]),
  username: Text.optional(),
  password: Text.optional(),
  clientId: Text.optional(),
  expect: OutcomeExpectation,
});

const V1File = z.object({
  version: z.literal(1),
  name: z.string().max(200).optional(),
  target: z.object({
    protocol: z.enum(['mqtt', 'mqtts']).default('mqtts'),
    host: z.string().min(1).max(253),
    port: z.number().int().min(1).max(65535),
    ca: z.array(z.string().min(1)).default([]),
    servername: z.string().max(253).optional(),
    mqttVersion: z.enum(['3.1.1', '5']).default('5'),
    accessCheckTopic: z.string().min(1).optional(),
  }),
  rows: z.array(V1Row).min(1),
});

/**
 * A parsed document of any version as the current version: v1's `identity` object becomes the
 * row's own `cert`/`key`/`pfx`, `accessCheckTopic` becomes `accessCheck` (v1 checked access
 * on every row when it was set). Documents that are not v1 pass through unchanged.
 */
export function upgradeMatrixFile(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || (raw as { version?: unknown }).version !== 1) return raw;
  const v1 = V1File.safeParse(raw);
  if (!v1.success) return raw;
  const { accessCheckTopic, ...target } = v1.data.target;
  return {
    version: MATRIX_FILE_VERSION,
    ...(v1.data.name !== undefined ? { name: v1.data.name } : {}),
    target: { ...target, ...(accessCheckTopic ? { accessCheck: accessCheckTopic } : {}) },
    ...(accessCheckTopic ? { defaults: { access: true } } : {}),
    rows: v1.data.rows.map(({ identity, ...row }) => ({ ...row, ...identity })),
  };
}

/** The row names a file must keep unique (manifest rows are named by their CNs only when read). */
export function fileRowName(row: MatrixFileRow): string | null {
  if ('manifest' in row) return null;
  if ('profile' in row) return row.name ?? row.profile;
  if ('lab' in row) return row.name ?? row.lab;
  return row.name;
}
