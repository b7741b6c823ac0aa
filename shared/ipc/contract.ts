/**
 * The one table of everything the renderer may ask of the host (Electron main or the web
 * host) and every event the host pushes back. The preload and the WebSocket client build
 * `window.keyhole` by walking it; main and the web host register one handler per entry.
 *
 * Every response travels as `Result<response, ApiError>`: expected failures are values.
 * Payloads are plain JSON (no Buffer, Date, Error or class instances). No secret value and no
 * key or certificate bytes ever appear in a response or an event, with one exception asked for
 * by name: `lab:revealPassword` and `lab:testQuery` with `reveal` show the lab's demo passwords
 * (which lie in clear in its folder anyway), one at a time, when the user asks to see them.
 */
import { z } from 'zod';
import { BatchProgress } from '../certs/batch';
import { InspectedInput } from '../certs/inspect';
import { LintReport, LintRole } from '../certs/lint';
import { SnippetRequest } from '../certs/snippet';
import {
  CreateCaRequest,
  CrlResult,
  IssueIdentityRequest,
  IssueIdentityResult,
  MakeProfileRequest,
  OutputInfo,
  RevokeRequest,
  SavedCa,
  WorkbenchBatchRequest,
  WorkbenchBatchResult,
  WorkbenchInput,
} from '../certs/workbench';
import { ConnectReport, Phase, PhaseEvent } from '../connect/report';
import { UserProperties } from '../connect/settings';
import { MatrixRowResult, MatrixRunRecord, RunOptions } from '../matrix/matrix-run';
import {
  FolderFile,
  MAX_FOLDER_FILES,
  MatrixListItem,
  MatrixProgressEvent,
  MatrixView,
  ResultFormat,
  RowsPatch,
  RowsSource,
  TargetDraft,
} from '../matrix/matrix-view';
import { AppSettings, AppSettingsPatch } from '../profile/app-settings';
import { Group, GroupDraft, MaterialRef, MaterialSlot, Profile, ProfileDraft, SecretFlags } from '../profile/profile';
import { ProfileCommand } from '../profile/config-import';
import { StoreStatus } from '../profile/store-status';
import { FileSource, MAX_FILE_BYTES } from './file-source';
import { ExportResult, ImportChoice, ImportPreview, ImportResult, MAX_IMPORT_CHARS, MIN_EXPORT_PASSPHRASE } from '../profile/transfer';
import {
  LabAttemptEvents,
  LabProfilesResult,
  LabQueryRequest,
  LabQueryResult,
  LabSettings,
  LabEntryRemove,
  LabEntrySet,
  LabStatus,
} from '../lab/lab-api';
import { LabEvent } from '../lab/lab-event';
import { MAX_REPEAT_INTERVAL_MS, MIN_REPEAT_INTERVAL_MS, PublishHistoryEntry, RepeatStatus } from '../profile/publish-history';

export { FileSource, MAX_FILE_BYTES };

// ---------------------------------------------------------------------------------------------
// Errors

/** Stable error codes of the API; the renderer switches on these, never on `message`. */
export const ApiErrorCode = z.enum([
  /** The request did not match the channel's schema (`issues` says where). */
  'invalid-request',
  /** No such profile, group, file or connection. */
  'not-found',
  /** The operation needs an open connection and there is none. */
  'not-connected',
  /** A connection for this profile is already open or being opened. */
  'busy',
  /** This host cannot do that (e.g. a native file dialog in the web host). */
  'unsupported',
  /** The user closed a dialog without choosing. */
  'cancelled',
  /** A file is larger than the host accepts. */
  'file-too-large',
  /** A file could not be read. */
  'file-unreadable',
  /** The broker refused or failed an MQTT operation (see `message`, `reasonCode`). */
  'mqtt-error',
  /** The profile store could not be read or written. */
  'store-error',
  /** The request came from somewhere it must not come from. */
  'forbidden',
  /** A bug on the host side; `message` has the detail. */
  'internal',
  /** The import file carries secrets sealed with a passphrase and none was given. */
  'passphrase-required',
  /** The passphrase does not open the import file's secrets (nothing was imported). */
  'passphrase-wrong',
  /** The import file is neither a Keyhole export nor an MQTT X export, or is damaged. */
  'invalid-file',
  /** The certificate workbench could not issue (a CA key that does not fit, an unsupported key). */
  'issue-failed',
  /** The lab could not start or be changed (a port taken, a damaged lab folder): `lab:status` names the lab's own code. */
  'lab-failed',
]);
export type ApiErrorCode = z.infer<typeof ApiErrorCode>;

export const ApiError = z.object({
  code: ApiErrorCode,
  message: z.string(),
  /** For `invalid-request`: where the request was wrong. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** For `mqtt-error`: the MQTT reason code the broker answered with, if any. */
  reasonCode: z.number().int().optional(),
});
export type ApiError = z.infer<typeof ApiError>;

// ---------------------------------------------------------------------------------------------
// Shared payload pieces

const Id = z.string().min(1).max(100);
const Empty = z.object({}).strict();
const ProfileRef = z.object({ profileId: Id }).strict();

export const Qos = z.union([z.literal(0), z.literal(1), z.literal(2)]);
export type Qos = z.infer<typeof Qos>;

/** UTF-8 text as typed, or base64 for binary payloads. */
export const PayloadEncoding = z.enum(['utf8', 'base64']);
export type PayloadEncoding = z.infer<typeof PayloadEncoding>;

/** How a payload is shown: as text, pretty JSON, hex, base64, or decoded CBOR (RFC 8949) / MessagePack. */
export const PayloadView = z.enum(['text', 'json', 'hex', 'base64', 'cbor', 'msgpack']);
export type PayloadView = z.infer<typeof PayloadView>;

/** Largest configuration or command line read into a profile, in characters. */
export const MAX_CONFIG_CHARS = 1024 * 1024;
/** Largest publish payload, in characters of its encoded form. */
export const MAX_PAYLOAD_CHARS = 4 * 1024 * 1024;

/** MQTT 5 PUBLISH properties (MQTT 5.0 §3.3.2.3); correlation data as base64. */
export const MessageProperties = z.object({
  payloadFormatIndicator: z.boolean().optional(),
  messageExpiryInterval: z.number().int().min(0).max(0xffffffff).optional(),
  contentType: z.string().max(65535).optional(),
  responseTopic: z.string().min(1).max(65535).optional(),
  correlationData: z
    .string()
    .max(65535 * 2)
    .optional(),
  userProperties: UserProperties.optional(),
  subscriptionIdentifier: z.array(z.number().int()).optional(),
  topicAlias: z.number().int().optional(),
});
export type MessageProperties = z.infer<typeof MessageProperties>;

/** A publish as asked for (`mqtt:publish` without the profile), also what timed publishing repeats. */
export const PublishFields = z
  .object({
    topic: z.string().min(1).max(65535),
    payload: z.string().max(MAX_PAYLOAD_CHARS),
    encoding: PayloadEncoding,
    qos: Qos,
    retain: z.boolean(),
    properties: MessageProperties.omit({ subscriptionIdentifier: true }).strict().optional(),
  })
  .strict();

/** An entry of a profile's publish history, with its properties in the shape `mqtt:publish` takes. */
export const PublishHistoryItem = PublishHistoryEntry.extend({ properties: PublishFields.shape.properties });
export type PublishHistoryItem = z.infer<typeof PublishHistoryItem>;

/** One message seen on a connection: received from the broker or published by us. */
export const MqttMessage = z.object({
  /** Increases by one per message across all connections of this host. */
  seq: z.number().int(),
  profileId: Id,
  direction: z.enum(['in', 'out']),
  topic: z.string(),
  payload: z.string(),
  encoding: PayloadEncoding,
  /** Size of the payload on the wire, in bytes. */
  size: z.number().int().min(0),
  /** True when the payload was cut to the host's display limit (`payload` holds the beginning). */
  truncated: z.boolean(),
  qos: Qos,
  retain: z.boolean(),
  dup: z.boolean(),
  properties: MessageProperties.optional(),
  /**
   * The broker's answer to a message we published at QoS 1 or 2 under MQTT 5: the reason code
   * of its PUBACK, or of its PUBREC / PUBCOMP (MQTT 5.0 §3.4.2.1, §3.5.2.1); ≥ 0x80 is a refusal.
   */
  ack: z.object({ code: z.number().int(), name: z.string() }).optional(),
  /** Milliseconds since the epoch. */
  at: z.number(),
});
export type MqttMessage = z.infer<typeof MqttMessage>;

/** The colour the UI shows a subscription's messages in: `#rrggbb`. */
export const DisplayColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'A colour is written #rrggbb.');

/** The largest MQTT 5 subscription identifier, a variable byte integer (MQTT 5.0 §3.8.2.1.2). */
export const MAX_SUBSCRIPTION_IDENTIFIER = 268_435_455;

/** A name shown instead of a subscription's topic filter (display only; never sent to the broker). */
export const SubscriptionAlias = z.string().trim().min(1).max(200);

/** MQTT 5 subscription options (MQTT 5.0 §3.8.3.1) and the subscription identifier (§3.8.2.1.2). */
export const SubscriptionOptions = z.object({
  /** Do not send this client's own publishes back to it. */
  noLocal: z.boolean().optional(),
  /** Keep the RETAIN flag the publisher set on forwarded messages. */
  retainAsPublished: z.boolean().optional(),
  /** 0: send retained messages at subscribe; 1: only for a new subscription; 2: never. */
  retainHandling: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
  /** Carried back in each message this subscription delivers. */
  subscriptionIdentifier: z.number().int().min(1).max(MAX_SUBSCRIPTION_IDENTIFIER).optional(),
});
export type SubscriptionOptions = z.infer<typeof SubscriptionOptions>;

/** A subscription of an open connection and the broker's answer to it. */
export const Subscription = z.object({
  topic: z.string(),
  qos: Qos,
  /** Kept with the subscription so a reloaded window shows its messages in the same colour. */
  color: DisplayColor.optional(),
  /** SUBACK code: granted QoS (0–2) or a failure (≥ 0x80). */
  code: z.number().int(),
  codeName: z.string(),
  granted: z.boolean(),
  /** How the messages this subscription matches are shown unless the user picks otherwise. */
  format: PayloadView.optional(),
  alias: SubscriptionAlias.optional(),
  /** Unsubscribed by the user but kept in the list; enabling subscribes again (`code` is the last SUBACK). */
  disabled: z.boolean().optional(),
  ...SubscriptionOptions.shape,
});
export type Subscription = z.infer<typeof Subscription>;

/** Why an open connection ended. */
export const CloseReason = z.discriminatedUnion('kind', [
  /** The user disconnected (or cancelled). */
  z.object({ kind: z.literal('user') }),
  /** The broker sent DISCONNECT (MQTT 5.0 §3.14) with this reason code. */
  z.object({ kind: z.literal('server-disconnect'), code: z.number().int(), name: z.string(), reasonString: z.string().optional() }),
  /** The socket closed or failed without a DISCONNECT. */
  z.object({ kind: z.literal('connection-lost'), errorCode: z.string().optional(), message: z.string() }),
  /** The host is shutting down or the profile was deleted. */
  z.object({ kind: z.literal('shutdown') }),
]);
export type CloseReason = z.infer<typeof CloseReason>;

/** The next automatic reconnect attempt, while one is scheduled (the profile's reconnect policy). */
export const ReconnectRetry = z.object({
  /** Its number in this series of reconnect attempts, from 1. */
  attempt: z.number().int().min(1),
  delayMs: z.number().int().min(0),
  /** When it starts (ISO time). */
  at: z.string(),
});
export type ReconnectRetry = z.infer<typeof ReconnectRetry>;

/** The life of one profile's connection: one state at a time, never parallel flags. */
export const ConnectionState = z.discriminatedUnion('status', [
  z.object({ status: z.literal('idle') }),
  z.object({
    status: z.literal('connecting'),
    attemptId: z.string(),
    phase: Phase,
    startedAt: z.string(),
    /** Set when this attempt is an automatic reconnect: its number in the series. */
    reconnectAttempt: z.number().int().min(1).optional(),
  }),
  z.object({ status: z.literal('open'), report: ConnectReport, since: z.string() }),
  /** `retry`: a reconnect attempt is scheduled (`connection:cancel` drops it). */
  z.object({ status: z.literal('failed'), report: ConnectReport, retry: ReconnectRetry.optional() }),
  z.object({
    status: z.literal('closed'),
    reason: CloseReason,
    at: z.string(),
    report: ConnectReport.nullable(),
    retry: ReconnectRetry.optional(),
  }),
]);
export type ConnectionState = z.infer<typeof ConnectionState>;

/** A profile's connection as the UI lists it. */
export const ConnectionInfo = z.object({
  profileId: Id,
  state: ConnectionState,
  /** Current subscriptions while open; after a close, the ones the next connect makes again. */
  subscriptions: z.array(Subscription),
});
export type ConnectionInfo = z.infer<typeof ConnectionInfo>;

/** Secrets given for one attempt only (asked at connect time, never stored). */
export const OneOffSecrets = z
  .object({
    passphrase: z.string().max(4096).optional(),
    password: z.string().max(65535).optional(),
    pfxPassword: z.string().max(4096).optional(),
  })
  .strict();
export type OneOffSecrets = z.infer<typeof OneOffSecrets>;

/** Which host the renderer runs against, and what it can do. */
export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  host: z.enum(['electron', 'web']),
  platform: z.string(),
  versions: z.record(z.string(), z.string()),
  capabilities: z.object({
    /** `files:pick` opens a native dialog. */
    nativeFilePicker: z.boolean(),
    /** `files:import` accepts `{ source: 'path' }` (drag-and-drop in the desktop app). */
    pathImport: z.boolean(),
    /** `transfer:save` shows a native save dialog (desktop); elsewhere the renderer downloads `transfer:export`'s file. */
    saveDialog: z.boolean().optional(),
    /** `certs:saveOutput` writes workbench files into a folder the user picks (desktop); elsewhere they download as a zip from DOWNLOAD_PATH. */
    saveFolder: z.boolean().optional(),
    /** `files:pickKeyLog` shows a save dialog and the host writes a profile's TLS key log where the user chose (desktop). */
    keyLogFile: z.boolean().optional(),
  }),
  dataDir: z.string(),
  /** Where this host writes TLS key logs when the user chooses no file (the web host: one file per profile, 0600). */
  keyLogFolder: z.string().optional(),
  /** Set when the stored profiles could not be read at start (the file was set aside). */
  storeProblem: z.string().optional(),
});
export type AppInfo = z.infer<typeof AppInfo>;

/** Which profiles to export, and whether with their secrets (sealed by a passphrase of at least 8 characters). */
export const ExportRequest = z
  .object({
    /** Absent: every profile. */
    profileIds: z.array(Id).min(1).max(10_000).optional(),
    withSecrets: z.boolean(),
    passphrase: z
      .string()
      .min(MIN_EXPORT_PASSPHRASE, `Use a passphrase of at least ${MIN_EXPORT_PASSPHRASE} characters.`)
      .max(1024)
      .optional(),
  })
  .strict()
  .refine((r) => !r.withSecrets || r.passphrase !== undefined, {
    message: 'An export with secrets needs a passphrase.',
    path: ['passphrase'],
  });
export type ExportRequest = z.infer<typeof ExportRequest>;

// ---------------------------------------------------------------------------------------------
// The table

const entry = <Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res) => ({ request, response });

export const contract = {
  /** Name, version, host kind and capabilities of the host. */
  'app:info': entry(Empty, AppInfo),

  /** All profiles, in sidebar order. */
  'profiles:list': entry(Empty, z.array(Profile)),
  /** One profile by id. */
  'profiles:get': entry(z.object({ id: Id }).strict(), Profile),
  /** Create (no id) or update (id) a profile; material is matched by id; returns the stored profile. */
  'profiles:save': entry(ProfileDraft, Profile),
  /** Delete a profile, its files, its secrets and its reports; closes its connection. */
  'profiles:delete': entry(z.object({ id: Id }).strict(), z.object({ id: Id })),
  /** Copy a profile with its files and secrets under a new name; returns the copy. */
  'profiles:duplicate': entry(z.object({ id: Id, name: z.string().trim().min(1).max(200).optional() }).strict(), Profile),
  /** Set the sidebar order; ids not listed keep their relative order after the listed ones. */
  'profiles:reorder': entry(z.object({ ids: z.array(Id).max(10_000) }).strict(), z.array(Profile)),
  /** A profile as `keyhole connect`, `mosquitto_sub` and `openssl s_client` lines; secrets are read from environment variables, never written. */
  'profiles:commands': entry(z.object({ id: Id }).strict(), z.array(ProfileCommand)),

  /** All groups, in sidebar order. */
  'groups:list': entry(Empty, z.array(Group)),
  /** Create (no id) or update (id) a group. */
  'groups:save': entry(GroupDraft.strict(), Group),
  /** Delete a group; its profiles move to the top level. */
  'groups:delete': entry(z.object({ id: Id }).strict(), z.object({ id: Id })),
  /** Set the group order. */
  'groups:reorder': entry(z.object({ ids: z.array(Id).max(1000) }).strict(), z.array(Group)),

  /** Write (string), clear (null) or keep (absent) a profile's secrets; returns only the flags (files are re-read: see `profiles:changed`). */
  'secrets:set': entry(
    z
      .object({
        profileId: Id,
        passphrase: z.string().max(4096).nullable().optional(),
        password: z.string().max(65535).nullable().optional(),
        pfxPassword: z.string().max(4096).nullable().optional(),
      })
      .strict(),
    SecretFlags,
  ),

  /** Show the native open dialog for a slot, read and keep the file host-side, return its summary. */
  'files:pick': entry(z.object({ slot: MaterialSlot }).strict(), MaterialRef),
  /** Import a file from a path (desktop drag-and-drop) or from bytes (browser file input); returns its summary. */
  'files:import': entry(z.object({ slot: MaterialSlot, file: FileSource }).strict(), MaterialRef),
  /** Desktop only: a native save dialog for a profile's TLS key log file; returns the path chosen (nothing is written yet). */
  'files:pickKeyLog': entry(z.object({ suggestedName: z.string().min(1).max(255) }).strict(), z.object({ path: z.string() })),

  /** Every profile that has a connection state other than idle. */
  'connection:list': entry(Empty, z.array(ConnectionInfo)),
  /** Run an attempt for a profile and keep it open if accepted (its earlier subscriptions are made again); resolves when the attempt ends. */
  'connection:connect': entry(z.object({ profileId: Id, secrets: OneOffSecrets.optional() }).strict(), ConnectionInfo),
  /** Close a profile's open connection (sends DISCONNECT). */
  'connection:disconnect': entry(ProfileRef, ConnectionInfo),
  /** Abort a profile's attempt in progress (its report says `aborted`), or drop a scheduled reconnect. */
  'connection:cancel': entry(ProfileRef, ConnectionInfo),

  /** Subscribe on an open connection; a refusal is a value (SUBACK code ≥ 0x80, `granted: false`), not an error. */
  'mqtt:subscribe': entry(
    z
      .object({
        profileId: Id,
        topic: z.string().min(1).max(65535),
        qos: Qos,
        alias: SubscriptionAlias.optional(),
        /** MQTT 5 only: refused (`invalid-request`) on an MQTT 3.1.1 connection. */
        ...SubscriptionOptions.shape,
        color: DisplayColor.optional(),
        /** Kept with the subscription (not sent to the broker): the default payload view of its messages. */
        format: PayloadView.optional(),
      })
      .strict(),
    Subscription,
  ),
  /**
   * Disable (unsubscribe, keep it listed), enable (subscribe again with its options) or rename
   * (`alias`; null removes it) a subscription. Works while disconnected too: the next connect
   * makes only the enabled ones.
   */
  'mqtt:editSubscription': entry(
    z
      .object({
        profileId: Id,
        topic: z.string().min(1).max(65535),
        enabled: z.boolean().optional(),
        alias: SubscriptionAlias.nullable().optional(),
      })
      .strict(),
    Subscription,
  ),
  /** Unsubscribe on an open connection. */
  'mqtt:unsubscribe': entry(
    z.object({ profileId: Id, topic: z.string().min(1).max(65535) }).strict(),
    z.object({ topic: z.string(), code: z.number().int().nullable(), codeName: z.string().nullable() }),
  ),
  /** Publish on an open connection; resolves on PUBACK (QoS 1) or PUBCOMP (QoS 2) with the broker's reason code (null under 3.1.1), or once written (QoS 0). Kept in the profile's publish history. */
  'mqtt:publish': entry(
    PublishFields.extend({ profileId: Id }).strict(),
    z.object({ code: z.number().int().nullable(), codeName: z.string().nullable() }),
  ),

  /** A profile's publish history, newest first (changes arrive as `publishes:changed`). */
  'publishes:list': entry(ProfileRef, z.array(PublishHistoryItem)),
  /** Forget one entry of a profile's publish history (`id`), or all of it. */
  'publishes:forget': entry(z.object({ profileId: Id, id: Id.optional() }).strict(), z.array(PublishHistoryItem)),
  /** Timed publishing: publish now and then every `intervalMs`, `count` times (null: until stopped); stops when the connection ends. */
  'publishes:repeat': entry(
    z
      .object({
        profileId: Id,
        publish: PublishFields,
        intervalMs: z.number().int().min(MIN_REPEAT_INTERVAL_MS).max(MAX_REPEAT_INTERVAL_MS),
        count: z.number().int().min(1).max(1_000_000).nullable(),
      })
      .strict(),
    RepeatStatus,
  ),
  /** Stop a timed publish. */
  'publishes:stop': entry(z.object({ id: Id }).strict(), RepeatStatus),
  /** The timed publishes running now (of one profile, or all). */
  'publishes:running': entry(z.object({ profileId: Id.optional() }).strict(), z.array(RepeatStatus)),

  /** Recent messages of a profile kept by the host (oldest first), e.g. after a reload. */
  'messages:history': entry(
    z.object({ profileId: Id, limit: z.number().int().min(1).max(10_000).optional() }).strict(),
    z.array(MqttMessage),
  ),
  /** Forget the messages the host keeps for a profile. */
  'messages:clear': entry(ProfileRef, z.object({ profileId: Id })),

  /** A profile's recent attempt reports, newest first. */
  'reports:history': entry(
    z.object({ profileId: Id, limit: z.number().int().min(1).max(100).optional() }).strict(),
    z.array(ConnectReport),
  ),

  /** Application settings (kept in the store with the profiles). */
  'settings:get': entry(Empty, AppSettings),
  /** Change settings: absent fields keep their value; a `ui` key set to null is removed. Returns the settings as stored. */
  'settings:save': entry(AppSettingsPatch, AppSettings),

  /** The store's state: whether it was recovered from a damaged file at start (and where the copy is), read-only, how secrets are protected, which cannot be decrypted. */
  'store:status': entry(Empty, StoreStatus),
  /** Forget the stored secrets that cannot be decrypted (the user enters them again); returns how many. */
  'store:discardLockedSecrets': entry(Empty, z.object({ count: z.number().int() })),

  /** Export profiles (absent ids: all) as a `.keyhole.json` file, without secrets or with them sealed by `passphrase`. */
  'transfer:export': entry(ExportRequest, ExportResult),
  /** Desktop only: the same export, written where the user picks in a save dialog; returns the path. */
  'transfer:save': entry(
    ExportRequest,
    z.object({ path: z.string(), fileName: z.string(), profiles: z.number().int(), missingSecrets: ExportResult.shape.missingSecrets }),
  ),
  /** Read an import file (Keyhole export or MQTT X export) and show what it would add and where it conflicts; nothing changes yet. */
  'transfer:preview': entry(
    z
      .object({
        /** The file's text. */
        text: z.string().min(1).max(MAX_IMPORT_CHARS),
        fileName: z.string().max(255).optional(),
        /** For an export with sealed secrets. */
        passphrase: z.string().max(1024).optional(),
        /** Import an encrypted export without its secrets. */
        skipSecrets: z.boolean().optional(),
      })
      .strict(),
    ImportPreview,
  ),
  /**
   * Read a broker's bridge configuration (NanoMQ, mosquitto, EMQX) or a command line (mosquitto_pub/sub,
   * mqttx, openssl s_client, keyhole connect) into a preview, applied with `transfer:apply`. A malformed
   * text is `invalid-file`, its line and column in `issues`.
   */
  'transfer:fromConfig': entry(
    z
      .object({
        text: z.string().min(1).max(MAX_CONFIG_CHARS),
        fileName: z.string().max(255).optional(),
        /** Where the file is (desktop drag-and-drop only): relative paths in it are read from its folder. */
        path: z.string().min(1).max(4096).optional(),
        /** Only this bridge of a configuration with several. */
        bridge: z.string().min(1).max(200).optional(),
      })
      .strict(),
    ImportPreview,
  ),
  /** Give a preview's item a file it names but that could not be read: sent (`file`), or chosen in the native dialog (no `file`, desktop). */
  'transfer:attachFile': entry(
    z
      .object({
        token: z.string().min(1).max(200),
        key: z.string().min(1).max(100),
        /** The file's place in the item's `files`. */
        index: z.number().int().min(0).max(100),
        file: FileSource.optional(),
      })
      .strict(),
    ImportPreview,
  ),
  /** Apply a preview: per item `keep-both` (the default), `replace` or `skip`; all items are stored, or none. */
  'transfer:apply': entry(
    z
      .object({
        token: z.string().min(1).max(200),
        choices: z
          .array(
            z
              .object({
                key: z.string().min(1).max(100),
                choice: ImportChoice,
                /** The name the profile gets instead of the one the file gives (still made unique). */
                name: z.string().trim().min(1).max(200).optional(),
              })
              .strict(),
          )
          .max(10_000)
          .optional(),
      })
      .strict(),
    ImportResult,
  ),

  /** Inspect files, drops or pasted PEM together: every certificate, chain, key, CSR, CRL and PKCS#12 in them. */
  'certs:inspect': entry(
    z.object({ inputs: z.array(WorkbenchInput).min(1).max(20), passphrase: z.string().max(4096).optional() }).strict(),
    z.array(InspectedInput),
  ),
  /** Lint a certificate (or PKCS#12) with its key against CA files, as a client's or a broker's. */
  'certs:lint': entry(
    z
      .object({
        ca: z.array(WorkbenchInput).max(10),
        cert: WorkbenchInput.optional(),
        key: WorkbenchInput.optional(),
        pfx: WorkbenchInput.optional(),
        passphrase: z.string().max(4096).optional(),
        role: LintRole.default('client'),
        host: z.string().max(253).optional(),
        maxValidityDays: z.number().int().positive().optional(),
      })
      .strict(),
    LintReport,
  ),
  /** The CAs the workbench made and keeps, with what each issued (never a key). */
  'certs:list': entry(Empty, z.array(SavedCa)),
  /** Create a root CA, or an intermediate signed by a saved CA; its key is sealed in the store, its files held for download. */
  'certs:createCa': entry(CreateCaRequest, z.object({ ca: SavedCa, output: OutputInfo })),
  /** Issue a broker or device certificate from a saved CA; the identity is kept (key sealed) for "Make a profile". */
  'certs:issue': entry(IssueIdentityRequest, IssueIdentityResult),
  /** Issue a batch of devices (one device, one secret); progress arrives as `certs:batchProgress`. */
  'certs:batch': entry(WorkbenchBatchRequest, WorkbenchBatchResult),
  /** Revoke certificates of a saved CA and sign its new CRL. */
  'certs:revoke': entry(RevokeRequest, CrlResult),
  /** Sign a fresh CRL of a saved CA (before the last is due), revoking nothing. */
  'certs:crl': entry(z.object({ caId: Id, crlDays: z.number().int().min(1).max(3650).default(30) }).strict(), CrlResult),
  /** Make a profile from a kept identity: CA, certificate, key and secrets imported into it. */
  'certs:makeProfile': entry(MakeProfileRequest, Profile),
  /** Forget a saved CA with its key and kept identities (profiles made from it stay). */
  'certs:deleteCa': entry(z.object({ id: Id }).strict(), z.object({ id: Id })),
  /** The TLS block of a broker configuration for given file paths (no key password: it would come back in clear). */
  'certs:snippet': entry(SnippetRequest.omit({ keyPassword: true }).strict(), z.object({ text: z.string() })),
  /** Desktop only: write an output's files into a folder the user picks (keys and passwords 0600); returns where. */
  'certs:saveOutput': entry(z.object({ id: Id }).strict(), z.object({ folder: z.string(), files: z.number().int() })),

  /** The lab: running or not, its port, settings, identities and built-in table (no password, no hash). */
  'lab:status': entry(Empty, LabStatus),
  /** Start the lab (its PKI is issued on first use); with `profiles`, also make the Lab group of ready profiles. */
  'lab:start': entry(z.object({ profiles: z.boolean().optional() }).strict(), LabStatus),
  /** Stop the lab. */
  'lab:stop': entry(Empty, LabStatus),
  /** Save the lab's port and auth source (kept in its lab.json); a running lab restarts with them. */
  'lab:configure': entry(LabSettings.strict(), LabStatus),
  /** Issue a new lab (CA, devices, passwords) keeping its settings; a running lab restarts and its profiles are made again. */
  'lab:regenerate': entry(Empty, LabStatus),
  /** Add an entry of the built-in table, or change its password or topic rights; the running lab uses it at once. */
  'lab:setEntry': entry(LabEntrySet, LabStatus),
  /** Remove an entry of the built-in table: its CN is no longer allowed. */
  'lab:removeEntry': entry(LabEntryRemove, LabStatus),
  /** The password a demo identity's profile sends (and the table's for its CN), shown on demand only. */
  'lab:revealPassword': entry(
    z.object({ name: z.string().min(1).max(100) }).strict(),
    z.object({ name: z.string(), password: z.string(), tablePassword: z.string().nullable() }),
  ),
  /** Run the auth source's lookup for one identity (saved settings, or the editor's) and show the answer. */
  'lab:testQuery': entry(LabQueryRequest, LabQueryResult),
  /** The lab's recent events (every run since the host started), oldest first. */
  'lab:history': entry(z.object({ limit: z.number().int().min(1).max(10_000).optional() }).strict(), z.array(LabEvent)),
  /** Make (or make again, replacing only those) the Lab group of profiles, one per identity, for the running lab. */
  'lab:createProfiles': entry(Empty, LabProfilesResult),
  /** The lab's side of the attempt a stored report describes (empty when the lab did not see it or no longer holds it). */
  'lab:attempt': entry(z.object({ profileId: Id, reportId: Id }).strict(), LabAttemptEvents),
  /** Saved credential matrices (without their rows: `rowCount` says how many). */
  'matrix:list': entry(Empty, z.array(MatrixListItem)),
  /** One matrix with its rows (expectations, where each identity comes from; never a secret). */
  'matrix:get': entry(z.object({ id: Id }).strict(), MatrixView),
  /** A new, empty matrix against a saved profile's broker or the lab's. */
  'matrix:create': entry(
    z
      .object({ name: z.string().trim().min(1).max(200), target: TargetDraft, accessCheck: z.string().min(1).max(1000).optional() })
      .strict(),
    MatrixView,
  ),
  /** Rename a matrix, change its target or its access-check topic (null: none). */
  'matrix:update': entry(
    z
      .object({
        id: Id,
        name: z.string().trim().min(1).max(200).optional(),
        target: TargetDraft.optional(),
        accessCheck: z.string().min(1).max(1000).nullable().optional(),
      })
      .strict(),
    MatrixView,
  ),
  /** Delete a matrix and its rows' secrets (its runs stay in the run list). */
  'matrix:delete': entry(z.object({ id: Id }).strict(), z.object({ id: Id })),
  /** Add rows from saved profiles, the lab's identities, one identity's files, or a batch folder (sent, or chosen in the native dialog). */
  'matrix:addRows': entry(z.object({ id: Id, source: RowsSource }).strict(), MatrixView),
  /** Set the expectation, access check or retries of many rows at once. */
  'matrix:updateRows': entry(z.object({ id: Id, rowIds: z.array(Id).min(1).max(100_000), patch: RowsPatch }).strict(), MatrixView),
  /** Remove rows (and the secrets they carried). */
  'matrix:removeRows': entry(z.object({ id: Id, rowIds: z.array(Id).min(1).max(100_000) }).strict(), MatrixView),
  /** Import a matrix file (JSON or YAML) as a new matrix; the files it names are sent (`files`), or read beside `path` (desktop). */
  'matrix:import': entry(
    z
      .object({
        text: z.string().min(1).max(MAX_IMPORT_CHARS),
        fileName: z.string().min(1).max(255),
        path: z.string().min(1).max(4096).optional(),
        files: z.array(FolderFile).max(MAX_FOLDER_FILES).optional(),
      })
      .strict(),
    MatrixView,
  ),
  /** Export a matrix as files (matrix.json and the files it names), held like workbench files: a zip download, or `certs:saveOutput` (desktop). */
  'matrix:export': entry(z.object({ id: Id }).strict(), OutputInfo),
  /** Start a run (all rows, a shard, or the failures of an earlier run); progress arrives as `matrix:progress`, the end as `matrix:finished`. */
  'matrix:run': entry(z.object({ id: Id, options: RunOptions.optional(), rerunOf: Id.optional() }).strict(), MatrixRunRecord),
  /** Cancel a run: no new row starts, rows in flight finish as cancelled. */
  'matrix:cancel': entry(z.object({ runId: Id }).strict(), z.object({ runId: Id })),
  /** The run list, newest first (of one matrix, or all). */
  'matrix:runs': entry(z.object({ matrixId: Id.optional() }).strict(), z.array(MatrixRunRecord)),
  /** A run's rows (without reports), read from its rows file. */
  'matrix:results': entry(z.object({ runId: Id }).strict(), z.object({ run: MatrixRunRecord, rows: z.array(MatrixRowResult) })),
  /** The full report of one row of a run. */
  'matrix:report': entry(z.object({ runId: Id, reportId: z.string().min(1).max(100) }).strict(), ConnectReport),
  /** A run as JUnit XML, JSON (with every report) or CSV, for a download. */
  'matrix:exportResults': entry(
    z.object({ runId: Id, format: ResultFormat }).strict(),
    z.object({ fileName: z.string(), text: z.string(), mime: z.string() }),
  ),
  /** Desktop only: the same, written where the user picks in a save dialog; returns the path. */
  'matrix:saveResults': entry(z.object({ runId: Id, format: ResultFormat }).strict(), z.object({ path: z.string(), fileName: z.string() })),
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export const CHANNELS = Object.keys(contract) as Channel[];
export type RequestOf<C extends Channel> = z.input<Contract[C]['request']>;
export type ParsedRequestOf<C extends Channel> = z.output<Contract[C]['request']>;
/** A subscription as asked for, on whichever connection the caller names. */
export type SubscribeRequest = Omit<ParsedRequestOf<'mqtt:subscribe'>, 'profileId'>;
/** A publish as asked for, on whichever connection the caller names. */
export type PublishRequest = Omit<ParsedRequestOf<'mqtt:publish'>, 'profileId'>;
export type ResponseOf<C extends Channel> = z.output<Contract[C]['response']>;
/** What every channel answers: the response, or an `ApiError`. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };
export type ResultOf<C extends Channel> = ApiResult<ResponseOf<C>>;

// ---------------------------------------------------------------------------------------------
// Events (host → renderer)

export const events = {
  /** Progress of an attempt: one per phase started, passed or failed. */
  'connection:phase': z.object({ profileId: Id, event: PhaseEvent }),
  /** A profile's connection changed state (or its subscriptions changed). */
  'connection:state': ConnectionInfo,
  /** Messages seen since the last batch (sent every 50 ms or 200 messages, whichever first). */
  'messages:batch': z.object({
    messages: z.array(MqttMessage),
    /** Messages the host dropped since the last batch because the renderer could not keep up, per profile. */
    dropped: z.record(z.string(), z.number().int()),
  }),
  /** Profiles or groups changed (from any window or tab); the full lists. */
  'profiles:changed': z.object({ profiles: z.array(Profile), groups: z.array(Group) }),
  /** Settings changed (from any window or tab). */
  'settings:changed': AppSettings,
  /** The store's state changed (e.g. locked secrets discarded or replaced). */
  'store:status': StoreStatus,
  /** An attempt's report was stored with its profile (the one path by which new reports reach a renderer). */
  'reports:added': z.object({ profileId: Id, report: ConnectReport }),
  /** Progress of a workbench batch, after each device. */
  'certs:batchProgress': z.object({ caId: Id, progress: BatchProgress }),
  /** A profile's publish history changed (a publish made or forgotten); the whole list, newest first. */
  'publishes:changed': z.object({ profileId: Id, entries: z.array(PublishHistoryItem) }),
  /** A timed publish started, progressed (at most every 250 ms) or ended. */
  'publishes:repeat': RepeatStatus,
  /** Something the lab saw or decided. */
  'lab:event': LabEvent,
  /** The lab started, stopped or changed (settings, table, profiles). */
  'lab:status': LabStatus,
  /** The lab's side of an attempt whose report was just stored (sent again when its close came in). */
  'lab:attempt': LabAttemptEvents,
  /** Rows of a matrix run finished since the last batch, with the run's progress (at most every 150 ms or 250 rows). */
  'matrix:progress': MatrixProgressEvent,
  /** A matrix run ended (every row done, cancelled, or interrupted), with its summary. */
  'matrix:finished': MatrixRunRecord,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export const EVENT_NAMES = Object.keys(events) as EventName[];
export type EventPayload<E extends EventName> = z.output<Events[E]>;

/** The Electron IPC channel that carries every host → renderer event. */
export const EVENT_CHANNEL = 'keyhole:event';
/** The envelope of one event on EVENT_CHANNEL and on the WebSocket. */
export type EventEnvelope = { [E in EventName]: { event: E; payload: EventPayload<E> } }[EventName];

// ---------------------------------------------------------------------------------------------
// window.keyhole

type DomainOf<C extends string> = C extends `${infer D}:${string}` ? D : never;
type VerbsOf<D extends string> = { [C in Channel as C extends `${D}:${infer V}` ? V : never]: Method<C> };
/** A channel as a method; requests that may be empty can be omitted. */
export type Method<C extends Channel> =
  Record<string, never> extends RequestOf<C>
    ? (request?: RequestOf<C>) => Promise<ResultOf<C>>
    : (request: RequestOf<C>) => Promise<ResultOf<C>>;

/** Enough of a DOM `File` for `pathForFile`, without making shared/ depend on the DOM. */
export interface FileLike {
  readonly name: string;
  readonly size: number;
}

/**
 * `window.keyhole`: one method per channel, grouped by domain (`keyhole.profiles.list()`),
 * `on(event, cb)` returning an unsubscribe, and `pathForFile(file)` (desktop only; null in a browser).
 */
export type KeyholeApi = { readonly [D in DomainOf<Channel>]: VerbsOf<D> } & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  pathForFile(file: FileLike): string | null;
};

/** Splits `domain:verb`. */
export function splitChannel(channel: Channel): [domain: string, verb: string] {
  const i = channel.indexOf(':');
  return [channel.slice(0, i), channel.slice(i + 1)];
}

/**
 * Builds a `KeyholeApi` from a transport, by walking the contract: used by the preload (IPC)
 * and the WebSocket client so both expose exactly the same methods.
 */
export function buildKeyholeApi(transport: {
  invoke(channel: Channel, request: unknown): Promise<unknown>;
  on(event: EventName, listener: (payload: unknown) => void): () => void;
  pathForFile(file: FileLike): string | null;
}): KeyholeApi {
  const api: Record<string, Record<string, (request?: unknown) => Promise<unknown>>> = {};
  for (const channel of CHANNELS) {
    const [domain, verb] = splitChannel(channel);
    const group = (api[domain] ??= {});
    group[verb] = (request?: unknown) => transport.invoke(channel, request ?? {});
  }
  const on = (event: EventName, listener: (payload: unknown) => void) => transport.on(event, listener);
  const pathForFile = (file: FileLike) => transport.pathForFile(file);
  return Object.freeze({
    ...Object.fromEntries(Object.entries(api).map(([k, v]) => [k, Object.freeze(v)])),
    on,
    pathForFile,
  }) as unknown as KeyholeApi;
}
