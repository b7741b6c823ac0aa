// What the lab broker saw and decided, event by event: its side of every connection attempt.
// An attempt is named by the client's source address and port (what the probe's report records
// as the tcp phase's `localPort`), so a report and the lab's events of it can be put side by side.
// Events never carry a password, a key or a salt.
import { z } from 'zod';

/** One attempt as the lab knows it: its own id, and the client's source address and port. */
export const LabAttempt = z.object({ id: z.string(), address: z.string(), port: z.number().int() });
export type LabAttempt = z.infer<typeof LabAttempt>;

const base = {
  /** Increasing number of the event within its log (one per running lab, or one over every run in the app). */
  seq: z.number().int(),
  at: z.string(),
  attempt: LabAttempt.nullable(),
};

const TlsAlertSent = z.object({ number: z.number().int(), name: z.string() });

export const LabEvent = z.discriminatedUnion('kind', [
  /** The lab itself: started, stopped, a port fallback, the auth source's state. */
  z.object({ ...base, kind: z.literal('lab'), level: z.enum(['info', 'warning', 'error']), message: z.string() }),
  /** A TCP connection accepted. */
  z.object({ ...base, kind: z.literal('connection'), localAddress: z.string(), localPort: z.number().int() }),
  /** The ClientHello, read off the wire (Node does not expose it). */
  z.object({
    ...base,
    kind: z.literal('tls-hello'),
    serverName: z.string().nullable(),
    versions: z.array(z.string()),
    alpn: z.array(z.string()),
    cipherSuites: z.number().int(),
  }),
  /** The handshake failed before any verdict on a client certificate (no common version, not TLS …). */
  z.object({ ...base, kind: z.literal('tls-error'), code: z.string().nullable(), message: z.string() }),
  /** OpenSSL's verdict on the client certificate, and the alert sent when it is a rejection. */
  z.object({
    ...base,
    kind: z.literal('client-cert'),
    verdict: z.enum(['accepted', 'rejected', 'missing']),
    protocol: z.string().nullable(),
    cipher: z.string().nullable(),
    commonName: z.string().nullable(),
    subject: z.string().nullable(),
    issuer: z.string().nullable(),
    serialNumber: z.string().nullable(),
    /** OpenSSL's X509_V_ERR_* name without the prefix (CERT_HAS_EXPIRED …), null when accepted. */
    reason: z.string().nullable(),
    reasonText: z.string().nullable(),
    alert: TlsAlertSent.nullable(),
  }),
  z.object({
    ...base,
    kind: z.literal('mqtt-connect'),
    protocolLevel: z.number().int(),
    clientId: z.string(),
    username: z.string().nullable(),
    passwordGiven: z.boolean(),
  }),
  /** The auth source asked, what it answered, and the decision (never the password itself). */
  z.object({
    ...base,
    kind: z.literal('auth'),
    source: z.enum(['built-in', 'redis']),
    query: z.string(),
    answer: z.enum(['found', 'not-found', 'unavailable', 'not-asked']),
    detail: z.string(),
    passwordMatches: z.boolean().nullable(),
    decision: z.enum(['allowed', 'refused', 'unavailable']),
    reason: z.string(),
  }),
  z.object({ ...base, kind: z.literal('connack'), protocol: z.enum(['3.1.1', '5']), code: z.number().int(), name: z.string() }),
  z.object({
    ...base,
    kind: z.literal('acl'),
    action: z.enum(['publish', 'subscribe']),
    topic: z.string(),
    allowed: z.boolean(),
    /** The right that allowed it (with its placeholders), or null. */
    rule: z.string().nullable(),
    reason: z.string(),
  }),
  z.object({ ...base, kind: z.literal('closed'), reason: z.string() }),
]);
export type LabEvent = z.infer<typeof LabEvent>;
export type LabEventKind = LabEvent['kind'];

/** An event before the log numbers and stamps it. */
export type LabEventInput = LabEvent extends infer E ? (E extends LabEvent ? Omit<E, 'seq' | 'at'> : never) : never;

/** One log line for an event (without time and attempt). */
export function describeLabEvent(e: LabEvent): string {
  switch (e.kind) {
    case 'lab':
      return e.message;
    case 'connection':
      return `TCP connection to ${e.localAddress}:${e.localPort}`;
    case 'tls-hello':
      return `TLS hello: SNI ${e.serverName ?? '(none)'}, offers ${e.versions.join(', ') || '?'}${e.alpn.length ? `, ALPN ${e.alpn.join(', ')}` : ''}`;
    case 'tls-error':
      return `TLS handshake failed: ${e.code ? `${e.code}: ` : ''}${e.message}`;
    case 'client-cert': {
      const who = e.commonName === null ? 'no CN' : `CN "${e.commonName}"`;
      const alert = e.alert ? `; sent alert ${e.alert.number} ${e.alert.name}` : '';
      if (e.verdict === 'missing') return `${e.protocol ?? 'TLS'}: no client certificate${alert}`;
      if (e.verdict === 'accepted')
        return `${e.protocol ?? 'TLS'} ${e.cipher ?? ''}: client certificate ${who} verified`.replace('  ', ' ');
      return `${e.protocol ?? 'TLS'}: client certificate ${who} rejected: ${e.reason ?? '?'}${e.reasonText ? ` (${e.reasonText})` : ''}${alert}`;
    }
    case 'mqtt-connect':
      return `CONNECT MQTT level ${e.protocolLevel}, client id "${e.clientId}", username ${e.username === null ? '(none)' : `"${e.username}"`}, ${e.passwordGiven ? 'with' : 'without'} password`;
    case 'auth':
      return `auth ${e.source}: ${e.query} → ${e.answer}${e.detail ? ` (${e.detail})` : ''}; ${e.decision}: ${e.reason}`;
    case 'connack':
      return `CONNACK ${e.protocol === '5' ? `0x${e.code.toString(16).padStart(2, '0')}` : e.code} ${e.name}`;
    case 'acl':
      return `${e.action} "${e.topic}": ${e.allowed ? 'allowed' : 'denied'}${e.rule ? ` by ${e.rule}` : ''}${e.reason ? ` (${e.reason})` : ''}`;
    case 'closed':
      return `closed: ${e.reason}`;
    default: {
      const never: never = e;
      return String(never);
    }
  }
}
