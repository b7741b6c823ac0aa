// How the lab's events read in the UI: a short label per kind, whether each one is good or bad
// news for the attempt, and which certificate CN an attempt presented (for filtering by CN).
import type { LabEvent, LabEventKind } from '../../../shared/lab/lab-event';
import { i18n } from '../../i18n/i18n';

/** Every kind of event, in the order the filter offers them. */
export const KINDS: readonly LabEventKind[] = [
  'lab',
  'connection',
  'tls-hello',
  'tls-error',
  'client-cert',
  'mqtt-connect',
  'auth',
  'connack',
  'acl',
  'closed',
];

/** The short label of a kind of event, in the interface language. */
export const kindLabel = (kind: LabEventKind): string => i18n.t(`lab:log.kinds.${kind}`);

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
      return i18n.t(
        e.verdict === 'accepted' ? 'lab:events.certVerified' : e.verdict === 'missing' ? 'lab:events.noCert' : 'lab:events.certRejected',
      );
    case 'auth':
      return i18n.t('lab:events.auth', {
        source: e.source === 'redis' ? 'Redis' : i18n.t('lab:events.builtIn'),
        decision: i18n.t(`lab:events.decisions.${e.decision}`),
      });
    case 'connack':
      return i18n.t(e.code === 0 ? 'lab:events.connackAccepted' : 'lab:events.connackRefusal');
    case 'acl':
      return i18n.t(
        e.action === 'publish'
          ? e.allowed
            ? 'lab:events.publishAllowed'
            : 'lab:events.publishDenied'
          : e.allowed
            ? 'lab:events.subscribeAllowed'
            : 'lab:events.subscribeDenied',
      );
    case 'connection':
      return i18n.t('lab:events.connection');
    case 'tls-hello':
      return i18n.t('lab:events.hello');
    case 'tls-error':
      return i18n.t('lab:events.tlsError');
    case 'mqtt-connect':
      return i18n.t('lab:events.connect');
    case 'closed':
      return i18n.t('lab:events.closed');
    case 'lab':
      return i18n.t('lab:events.lab');
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
