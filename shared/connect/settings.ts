import { z } from 'zod';
import { VerifyMode } from './report';
import { DEFAULT_PORTS, DEFAULT_WS_PATH, Protocol } from './transport';

export const TlsVersion = z.enum(['TLSv1.2', 'TLSv1.3']);
export type TlsVersion = z.infer<typeof TlsVersion>;

/** Per-phase time limits in milliseconds (DESIGN §4: the report names the phase that timed out). */
export const PhaseTimeouts = z.object({
  resolve: z.number().int().positive().max(600_000),
  tcp: z.number().int().positive().max(600_000),
  tls: z.number().int().positive().max(600_000),
  connack: z.number().int().positive().max(600_000),
  access: z.number().int().positive().max(600_000),
});
export type PhaseTimeouts = z.infer<typeof PhaseTimeouts>;

export const DEFAULT_TIMEOUTS: PhaseTimeouts = { resolve: 5000, tcp: 5000, tls: 10_000, connack: 10_000, access: 5000 };

/**
 * MQTT 5 user properties, name → value(s). The name `__proto__` is refused: a plain object
 * cannot hold it as a key (assigning it sets the prototype), so it would be lost or, with a
 * non-string value, reach mqtt-packet as something it cannot encode.
 */
export const UserProperties = z.preprocess(
  (value, ctx) => {
    // zod's record drops an own `__proto__` key silently: say so instead.
    if (typeof value === 'object' && value !== null && Object.prototype.hasOwnProperty.call(value, '__proto__')) {
      ctx.addIssue({ code: 'custom', message: 'the user property name "__proto__" is not accepted' });
    }
    return value;
  },
  z.record(z.string(), z.union([z.string(), z.array(z.string())])),
);

/** MQTT 5 CONNECT properties (MQTT 5.0 §3.1.2.11). */
export const ConnectProperties = z.object({
  sessionExpiryInterval: z.number().int().min(0).max(0xffffffff).optional(),
  receiveMaximum: z.number().int().min(1).max(0xffff).optional(),
  maximumPacketSize: z.number().int().min(1).max(0xffffffff).optional(),
  topicAliasMaximum: z.number().int().min(0).max(0xffff).optional(),
  requestResponseInformation: z.boolean().optional(),
  requestProblemInformation: z.boolean().optional(),
  userProperties: UserProperties.optional(),
});
export type ConnectProperties = z.infer<typeof ConnectProperties>;

export const Will = z.object({
  topic: z.string().min(1),
  payload: z.string(),
  qos: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  retain: z.boolean(),
});
export type Will = z.infer<typeof Will>;

/** A WebSocket request path: absolute, with an optional query (Azure's and AWS's URLs carry one), no spaces or fragment. */
export const WsPath = z
  .string()
  .max(2048)
  .regex(/^\/[^\s#]*$/, 'A WebSocket path starts with / and has no spaces or #');

/** The most a reconnect delay may be: an hour. */
export const MAX_RECONNECT_DELAY_MS = 3_600_000;

/**
 * Automatic reconnect after a lost session, with exponential back-off: attempt k waits
 * `min(maxDelayMs, initialDelayMs × factor^(k−1))`. Absent or disabled: a lost session stays
 * lost (a test client should show a loss, not paper over it). `maxAttempts` null: no limit.
 */
export const ReconnectPolicy = z
  .object({
    enabled: z.boolean(),
    initialDelayMs: z.number().int().min(100).max(MAX_RECONNECT_DELAY_MS),
    maxDelayMs: z.number().int().min(100).max(MAX_RECONNECT_DELAY_MS),
    factor: z.number().min(1).max(10),
    maxAttempts: z.number().int().min(1).max(1_000_000).nullable(),
  })
  .refine((p) => p.maxDelayMs >= p.initialDelayMs, {
    message: 'The maximum delay cannot be shorter than the initial delay.',
    path: ['maxDelayMs'],
  });
export type ReconnectPolicy = z.infer<typeof ReconnectPolicy>;

/** What the reconnect fields show before a profile turns reconnect on. */
export const DEFAULT_RECONNECT: ReconnectPolicy = { enabled: false, initialDelayMs: 1000, maxDelayMs: 30_000, factor: 2, maxAttempts: 10 };

/** The wait before reconnect attempt `attempt` (1-based) under `policy`. */
export const reconnectDelay = (policy: ReconnectPolicy, attempt: number): number =>
  Math.round(Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** (attempt - 1)));

/** The cloud services Keyhole has a preset for (shared/connect/cloud-presets.ts). */
export const PresetId = z.enum(['aws-iot-core', 'azure-iot-hub', 'emqx', 'hivemq-cloud']);
export type PresetId = z.infer<typeof PresetId>;

/**
 * Everything about an attempt that is not key material or a secret: the part of a profile
 * that may travel to the renderer and into exports in clear.
 */
export const ConnectSettings = z.object({
  protocol: Protocol,
  host: z.string().min(1).max(253),
  port: z.number().int().min(1).max(65535),
  /** The WebSocket request path (ws/wss only); absent means DEFAULT_WS_PATH. */
  path: WsPath.optional(),
  servername: z.string().max(253).optional(),
  alpn: z.array(z.string().min(1).max(255)).optional(),
  tlsMin: TlsVersion.optional(),
  tlsMax: TlsVersion.optional(),
  verify: VerifyMode,
  useSystemCa: z.boolean(),
  mqttVersion: z.enum(['3.1.1', '5']),
  clientId: z.string().max(65535),
  username: z.string().max(65535).optional(),
  cleanStart: z.boolean(),
  keepalive: z.number().int().min(0).max(65535),
  properties: ConnectProperties.optional(),
  will: Will.optional(),
  timeouts: PhaseTimeouts,
  /** Topic for the access check (subscribe, publish QoS 1, wait for the echo); none means no check. */
  accessCheckTopic: z.string().min(1).optional(),
  /**
   * Write this attempt's TLS secrets as an NSS key log (what Wireshark reads to decrypt a
   * capture). `file` is where the desktop app and the CLI append it; the web host writes only
   * into its own data folder, whatever a page names.
   */
  keyLog: z.object({ file: z.string().min(1).max(4096).optional() }).optional(),
  /** The cloud service this profile was made for: the report explains refusals in its terms. */
  preset: PresetId.optional(),
  /** Reconnect after a lost session (absent: off). */
  reconnect: ReconnectPolicy.optional(),
});
export type ConnectSettings = z.infer<typeof ConnectSettings>;

/** The topic offered for an access check when the user has not chosen one. */
export const DEFAULT_ACCESS_CHECK_TOPIC = 'keyhole/access-check';

/** A host as a URL writes it: an IPv6 address in brackets (RFC 3986 §3.2.2), anything else as it is. */
export const hostInUrl = (host: string): string => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);

/** A host as sockets and certificates take it: without the brackets a URL puts around an IPv6 address. */
export const bareHost = (host: string): string => host.replace(/^\[(.*)\]$/, '$1');

/** `host:port` with an IPv6 host in brackets. */
export const hostPort = (host: string, port: number): string => `${hostInUrl(host)}:${port}`;

/** The path a WebSocket connection requests. */
export const wsPath = (settings: Pick<ConnectSettings, 'path'>): string => settings.path ?? DEFAULT_WS_PATH;

/** A broker address as a URL: `mqtts://host:port`, with an IPv6 host in brackets; a WebSocket URL ends with its path. */
export function brokerUrl(protocol: string, host: string, port: number, path?: string): string {
  const ws = protocol === 'ws' || protocol === 'wss';
  return `${protocol}://${hostPort(host, port)}${ws ? (path ?? DEFAULT_WS_PATH) : ''}`;
}

/** Defaults for a new attempt; callers spread their own fields over these. */
export function defaultSettings(overrides: Partial<ConnectSettings> & Pick<ConnectSettings, 'host'>): ConnectSettings {
  return {
    protocol: 'mqtts',
    port: DEFAULT_PORTS[overrides.protocol ?? 'mqtts'],
    verify: 'full',
    useSystemCa: false,
    mqttVersion: '5',
    clientId: '',
    cleanStart: true,
    keepalive: 60,
    timeouts: { ...DEFAULT_TIMEOUTS },
    ...overrides,
  };
}
