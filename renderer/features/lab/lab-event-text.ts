// How the lab's events read in the UI: a short label per kind, whether each one is good or bad
// news for the attempt, and which certificate CN an attempt presented (for filtering by CN).
import type { LabEvent, LabEventKind } from '../../../shared/lab/lab-event';

export const KIND_LABELS: Record<LabEventKind, string> = {
  lab: 'lab',
  connection: 'TCP',
  'tls-hello': 'TLS hello',
  'tls-error': 'TLS error',
  'client-cert': 'certificate',
  'mqtt-connect': 'CONNECT',
  auth: 'auth',
  connack: 'CONNACK',
  acl: 'ACL',
  closed: 'closed',
};

export const KINDS = Object.keys(KIND_LABELS) as LabEventKind[];

export type Tone = 'ok' | 'bad' | 'warn' | 'info';

export const TONE_COLORS: Record<Tone, string> = { ok: 'green', bad: 'red', warn: 'yellow', info: 'gray' };

/** Good news (accepted, allowed), bad news (rejected, refused, denied), a warning, or a plain fact. */
export function toneOf(e: LabEvent): Tone {
  switch (e.kind) {
    case 'lab':
      return e.level === 'error' ? 'bad' : e.level === 'warning' ? 'warn' : 'info';
    case 'client-cert':
      return e.verdict === 'accepted' ? 'ok' : 'bad';
    case 'auth':
      return e.decision === 'allowed' ? 'ok' : e.decision === 'unavailable' ? 'warn' : 'bad';
    case 'connack':
      return e.code === 0 ? 'ok' : 'bad';
    case 'acl':
      return e.allowed ? 'ok' : 'bad';
    case 'tls-error':
      return 'bad';
    case 'connection':
    case 'tls-hello':
    case 'mqtt-connect':
    case 'closed':
      return 'info';
    default: {
      const never: never = e;
      return never;
    }
  }
}

/** A heading for an event in the broker's timeline. */
export function titleOf(e: LabEvent): string {
  switch (e.kind) {
    case 'client-cert':
      return e.verdict === 'accepted'
        ? 'Client certificate verified'
        : e.verdict === 'missing'
          ? 'No client certificate'
          : 'Client certificate rejected';
    case 'auth':
      return `Auth (${e.source === 'redis' ? 'Redis' : 'built-in table'}): ${e.decision}`;
    case 'connack':
      return `CONNACK ${e.code === 0 ? 'accepted' : 'refusal'}`;
    case 'acl':
      return `${e.action === 'publish' ? 'Publish' : 'Subscribe'} ${e.allowed ? 'allowed' : 'denied'}`;
    case 'connection':
      return 'TCP connection accepted';
    case 'tls-hello':
      return 'TLS ClientHello';
    case 'tls-error':
      return 'TLS handshake failed';
    case 'mqtt-connect':
      return 'MQTT CONNECT';
    case 'closed':
      return 'Connection closed';
    case 'lab':
      return 'Lab';
    default: {
      const never: never = e;
      return never;
    }
  }
}

/** The CN each attempt's client certificate named, by attempt id. */
export function attemptNames(events: Iterable<LabEvent>): Map<string, string> {
  const names = new Map<string, string>();
  for (const e of events) if (e.kind === 'client-cert' && e.attempt && e.commonName !== null) names.set(e.attempt.id, e.commonName);
  return names;
}

/** `15:18:43.392`, local time. */
export function clockTime(at: string): string {
  const d = new Date(at);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** The events a filter lets through: by kind, and by CN (or any text of the line). */
export function filterLabEvents(
  events: readonly LabEvent[],
  filter: { text: string; kinds: readonly LabEventKind[] },
  names: Map<string, string>,
  describe: (e: LabEvent) => string,
): LabEvent[] {
  const text = filter.text.trim().toLowerCase();
  const kinds = new Set(filter.kinds);
  return events.filter((e) => {
    if (kinds.size > 0 && !kinds.has(e.kind)) return false;
    if (!text) return true;
    const cn = e.attempt ? names.get(e.attempt.id) : undefined;
    return (cn?.toLowerCase().includes(text) ?? false) || describe(e).toLowerCase().includes(text);
  });
}
