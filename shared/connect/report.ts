import { z } from 'zod';
import { Protocol } from './transport';

/**
 * Phases of a connection attempt, in the order they are reached (DESIGN §4). `websocket` is
 * the HTTP upgrade of ws:// and wss:// (RFC 6455 §4): a request and an answer of its own,
 * between the TLS handshake and CONNECT, timed and refused on its own terms.
 */
export const Phase = z.enum(['preflight', 'resolve', 'tcp', 'tls', 'client-auth', 'websocket', 'connack', 'access', 'done']);
export type Phase = z.infer<typeof Phase>;
export const PHASES: readonly Phase[] = Phase.options;

export const Verdict = z.enum(['accepted', 'accepted-with-warnings', 'rejected', 'failed']);
export type Verdict = z.infer<typeof Verdict>;

/** Stable cause codes. UI and CLI switch on these; never on message text. */
export const Cause = z.enum([
  // preflight: local material
  'ca-invalid',
  'cert-invalid',
  'key-invalid',
  'key-passphrase-missing',
  'key-passphrase-wrong',
  'key-cert-mismatch',
  'pkcs12-invalid',
  'pkcs12-password-wrong',
  'pkcs12-unsupported-encryption',
  'config-invalid',
  'material-missing',
  // network
  'dns-not-found',
  'tcp-refused',
  'tcp-unreachable',
  'tcp-timeout',
  // the broker's certificate, our verdict on it; the TLS handshake itself
  'server-cert-untrusted',
  'server-cert-self-signed',
  'server-cert-hostname-mismatch',
  'server-cert-expired',
  'server-cert-not-yet-valid',
  'tls-not-spoken',
  'tls-protocol-mismatch',
  'tls-alpn-rejected',
  'tls-handshake-failed',
  'tls-timeout',
  // the WebSocket upgrade (ws://, wss://)
  'websocket-not-found',
  'websocket-unauthorized',
  'websocket-forbidden',
  'websocket-refused',
  'websocket-not-spoken',
  'websocket-subprotocol-refused',
  'websocket-timeout',
  // the broker's verdict on our certificate
  'client-cert-required',
  'client-cert-unknown-ca',
  'client-cert-expired',
  'client-cert-bad',
  'client-cert-revoked',
  'client-cert-rejected',
  // MQTT
  'connack-not-authorized',
  'connack-bad-credentials',
  'connack-client-id-rejected',
  'connack-protocol-unsupported',
  'connack-server-unavailable',
  'connack-refused-other',
  'closed-before-connack',
  'connack-timeout',
  'not-mqtt',
  // the transport: plain MQTT (or ws://) to a port that speaks TLS
  'tls-required',
  // access
  'access-subscribe-denied',
  'access-publish-denied',
  'access-no-echo',
  'access-timeout',
  // the attempt itself
  'aborted',
  'internal-error',
  // success
  'ok',
  'ok-server-unverified',
]);
export type Cause = z.infer<typeof Cause>;

export const VerifyMode = z.enum(['full', 'chain-only', 'off']);
export type VerifyMode = z.infer<typeof VerifyMode>;

/** A certificate as the UI and reports show it. Never key material. */
export const CertSummary = z.object({
  subject: z.string(),
  commonName: z.string().nullable(),
  subjectAltNames: z.array(z.string()),
  issuer: z.string(),
  issuerCommonName: z.string().nullable(),
  validFrom: z.string(),
  validTo: z.string(),
  serialNumber: z.string(),
  fingerprint256: z.string(),
  keyType: z.string(),
  isCA: z.boolean(),
  selfSigned: z.boolean(),
  extKeyUsage: z.array(z.string()),
  source: z.string().optional(),
});
export type CertSummary = z.infer<typeof CertSummary>;

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const TimelineEntry = z.object({
  phase: Phase,
  /** Offsets from the start of the attempt, in milliseconds (sub-ms precision). */
  startMs: z.number(),
  endMs: z.number(),
  ok: z.boolean(),
  detail: z.string(),
  data: z.record(z.string(), Scalar).optional(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

/**
 * Stable codes of what an attempt found beside its verdict. Each is a warning or a note; the
 * kind, and the rule that decides it, live in finding-catalog.ts.
 */
export const FindingCode = z.enum([
  // the broker's certificate and our verification of it
  'verification-off',
  'verification-chain-only',
  'hostname-mismatch-ignored',
  'verification-would-fail',
  'server-cert-expiring-soon',
  'server-cert-weak-key',
  'server-cert-weak-signature',
  // our client certificate
  'client-cert-expired-locally',
  'client-cert-not-yet-valid-locally',
  'client-cert-expiring-soon',
  'client-cert-no-client-auth-eku',
  'client-cert-key-usage',
  'client-cert-weak-key',
  'client-cert-weak-signature',
  'client-cert-not-from-ca',
  'client-cert-not-requested',
  'client-chain-reordered',
  'client-chain-ca-unfit',
  'client-cert-is-ca',
  'ca-not-a-ca',
  'cert-aki-missing',
  'cert-ed25519',
  'pkcs12-legacy-converted',
  'pkcs12-not-inspected',
  'pkcs12-bundled-ca',
  // credentials and transport
  'password-in-clear',
  'password-on-command-line',
  'tls-material-unused',
  'address-used',
  'tls-key-log',
  'tls-key-log-unwritten',
  // a cloud service's own rules (cloud presets)
  'preset-convention',
  // what the attempt did not check
  'access-not-checked',
]);
export type FindingCode = z.infer<typeof FindingCode>;

/** One thing an attempt found: a warning or a note (which one follows from its code). */
export const Finding = z.object({
  code: FindingCode,
  message: z.string(),
});
export type Finding = z.infer<typeof Finding>;

export const Evidence = z.object({
  errorCode: z.string().optional(),
  errorMessage: z.string().optional(),
  syscall: z.string().optional(),
  file: z.string().optional(),
  tlsAlert: z.object({ number: z.number(), name: z.string(), direction: z.enum(['received', 'sent']) }).optional(),
  verifyError: z.string().optional(),
  connack: z
    .object({
      version: z.enum(['3.1.1', '5']),
      code: z.number(),
      name: z.string(),
      reasonString: z.string().optional(),
      userProperties: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
    })
    .optional(),
  disconnect: z.object({ code: z.number(), name: z.string(), reasonString: z.string().optional() }).optional(),
  timedOutAfterMs: z.number().optional(),
  firstBytesHex: z.string().optional(),
  /** The WebSocket upgrade as the server answered it (ws://, wss://). */
  websocket: z
    .object({
      /** The URL requested (scheme, host, port, path). */
      url: z.string(),
      /** The HTTP status of the answer; null when no HTTP answer came. */
      status: z.number().nullable(),
      statusText: z.string().nullable(),
      /** The subprotocol offered (`mqtt`, MQTT 5.0 §6) and the one the server chose (null: none). */
      subprotocolOffered: z.string(),
      subprotocolAnswered: z.string().nullable(),
      /** Whether Sec-WebSocket-Accept was the one RFC 6455 §4.2.2 derives from our key; null before a 101. */
      acceptValid: z.boolean().nullable(),
      /** A few telling headers of a refusal: Server, WWW-Authenticate, Location. */
      headers: z.record(z.string(), z.string()),
    })
    .optional(),
  /**
   * After a plain connection ended before its CONNACK: whether the same address and port
   * answered a TLS ClientHello (no credentials, no verification).
   */
  tlsCheck: z
    .object({
      port: z.number(),
      speaksTls: z.boolean(),
      /** What came back: "TLSv1.3 ServerHello", "alert 40 handshake_failure", an error code, "timed out". */
      answer: z.string(),
      protocol: z.string().nullable(),
      durationMs: z.number(),
    })
    .optional(),
});
export type Evidence = z.infer<typeof Evidence>;

export const TlsInfo = z.object({
  protocol: z.string().nullable(),
  cipher: z.object({ name: z.string(), standardName: z.string().optional(), version: z.string() }).nullable(),
  alpn: z.string().nullable(),
  sniSent: z.string().nullable(),
  verification: VerifyMode,
  authorized: z.boolean(),
  authorizationError: z.string().nullable(),
  hostnameMatches: z.boolean().nullable(),
  /** What full verification says of this broker (set even when verification is off). */
  verificationFinding: z.string().nullable(),
  peerChain: z.array(CertSummary),
  /** The client certificate we sent: null when none was configured, or the broker asked for none. */
  clientCertificate: CertSummary.nullable(),
  /** Whether the broker sent a CertificateRequest; null when unknown (older reports). */
  clientCertificateRequested: z.boolean().nullable(),
  /**
   * `failed`: the handshake never finished (the broker refused it, e.g. our certificate under
   * TLS 1.2); the fields hold what was known by then, the certificate is the one we offered.
   * Absent in older reports: complete.
   */
  handshake: z.enum(['complete', 'failed']).optional(),
  /** Which CAs were trusted for the broker. Absent in older reports. */
  trust: z
    .object({
      /** CA certificates loaded from the profile (files and a PKCS#12 bundle's CAs). */
      loaded: z.number(),
      /**
       * The operating system's trust store, when used: how many certificates, and from where;
       * `found` false when no store was found and Node's built-in list stood in for it.
       */
      system: z.object({ count: z.number(), source: z.string(), found: z.boolean() }).nullable(),
      /** Node's built-in Mozilla list, trusted when no CA and no system store were given: its size. */
      builtIn: z.number().nullable(),
    })
    .optional(),
});
export type TlsInfo = z.infer<typeof TlsInfo>;

export const MqttInfo = z.object({
  version: z.enum(['3.1.1', '5']),
  clientId: z.string(),
  username: z.string().nullable(),
  passwordSent: z.boolean(),
  cleanStart: z.boolean(),
  keepalive: z.number(),
  /** MQTT 5 CONNECT properties we sent (never credentials). */
  connectProperties: z.record(z.string(), z.unknown()).optional(),
  sessionPresent: z.boolean().nullable(),
  connackCode: z.number().nullable(),
  /**
   * The protocol the CONNACK itself spoke, by its shape: a 3.1.1 CONNACK to an MQTT 5 CONNECT
   * (two bytes, no properties) comes from a broker that does not speak 5. Absent: as asked.
   */
  connackVersion: z.enum(['3.1.1', '5']).optional(),
  connackName: z.string().nullable(),
  connackProperties: z.record(z.string(), z.unknown()).nullable(),
});
export type MqttInfo = z.infer<typeof MqttInfo>;

export const AccessInfo = z.object({
  topic: z.string(),
  subscribe: z.object({ codes: z.array(z.number()), names: z.array(z.string()), granted: z.boolean() }).nullable(),
  publish: z.object({ code: z.number().nullable(), name: z.string().nullable(), ok: z.boolean() }).nullable(),
  echo: z.boolean(),
  echoMs: z.number().nullable(),
});
export type AccessInfo = z.infer<typeof AccessInfo>;

/** The report format; 2 added `notes` beside `warnings` (stored reports of format 1 are migrated). */
export const REPORT_SCHEMA = 2;

export const ConnectReport = z.object({
  schema: z.literal(REPORT_SCHEMA),
  id: z.string(),
  startedAt: z.string(),
  durationMs: z.number(),
  target: z.object({
    url: z.string(),
    protocol: Protocol,
    host: z.string(),
    port: z.number(),
    /** The WebSocket path (ws, wss). */
    path: z.string().optional(),
    address: z.string().nullable(),
  }),
  verdict: Verdict,
  phase: Phase,
  cause: Cause,
  explanation: z.string(),
  hint: z.string(),
  evidence: Evidence,
  timeline: z.array(TimelineEntry),
  tls: TlsInfo.nullable(),
  mqtt: MqttInfo.nullable(),
  access: AccessInfo.nullable(),
  /** Findings that make a success doubtful or less safe: only these turn `accepted` into `accepted-with-warnings`. */
  warnings: z.array(Finding),
  /** Facts worth showing that change no verdict (e.g. "access not checked"). */
  notes: z.array(Finding),
});
export type ConnectReport = z.infer<typeof ConnectReport>;

/** Live progress of an attempt, for UIs. */
export const PhaseEvent = z.object({
  attemptId: z.string(),
  phase: Phase,
  state: z.enum(['started', 'passed', 'failed']),
  atMs: z.number(),
  detail: z.string().optional(),
});
export type PhaseEvent = z.infer<typeof PhaseEvent>;
