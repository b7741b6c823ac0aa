/** The state one profile's connection keeps, and the few things every part of the manager does with it. */
import type { MqttClient } from 'mqtt';
import type {
  ApiError,
  CloseReason,
  ConnectionInfo,
  ConnectionState,
  EventName,
  EventPayload,
  MqttMessage,
  OneOffSecrets,
  SubscribeRequest,
  Subscription,
} from '../../../shared/ipc/contract';
import type { SavedSubscription } from '../../../shared/profile/saved-subscription';
import { err, ok, type Result } from '../../../shared/result';
import type { LiveSession } from '../connect/probe';

/** Sends one event to every renderer of this host. */
export type EventSink = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface Entry {
  profileId: string;
  state: ConnectionState;
  /** The broker's answers to this profile's subscriptions; kept after a close, as the list to restore. */
  subscriptions: Subscription[];
  /** What the user asked for, by topic (with its v5 options), to subscribe again after a reconnect. */
  wanted: Map<string, SubscribeRequest>;
  /** Subscriptions the user disabled, by topic: kept in `subscriptions`, not made at connect, enabled from `wanted`. */
  disabled: Map<string, Subscription>;
  abort: AbortController | null;
  /** Settles when the running attempt has ended and its state is set. */
  attempt: Promise<void> | null;
  session: LiveSession | null;
  /** Set before we close the session ourselves, so the close is not reported as unexpected. */
  closing: CloseReason | null;
  messages: MqttMessage[];
  /** Reason code of the acknowledgement of each in-flight publish (v5), by packet id. */
  acks: Map<number, number>;
  /**
   * Operations waiting for the broker. mqtt.js keeps the callbacks of unacknowledged QoS 1/2
   * publishes for a reconnect that never comes (reconnectPeriod 0), so they are answered here
   * when the session ends.
   */
  waiting: Set<() => void>;
  /** The number of the running or last reconnect attempt of the current series; 0 outside one. */
  series: number;
  /** The scheduled reconnect attempt, if any. */
  retry: { timer: ReturnType<typeof setTimeout>; attempt: number } | null;
  /** The secrets given for the user's last connect, reused by its reconnects; kept in memory only. */
  oneOff: OneOffSecrets | undefined;
}

/** A fresh, idle entry. */
export const newEntry = (profileId: string): Entry => ({
  profileId,
  state: { status: 'idle' },
  subscriptions: [],
  wanted: new Map(),
  disabled: new Map(),
  abort: null,
  attempt: null,
  session: null,
  closing: null,
  messages: [],
  acks: new Map(),
  waiting: new Set(),
  series: 0,
  retry: null,
  oneOff: undefined,
});

/** What the parts of the manager share: the clock, the event sink, state changes and the message record. */
export interface ConnectionHub {
  now: () => Date;
  emit: EventSink;
  infoOf(e: Entry): ConnectionInfo;
  setState(e: Entry, state: ConnectionState): void;
  record(e: Entry, message: Omit<MqttMessage, 'seq' | 'profileId' | 'at'>): void;
  /** Keeps the entry's subscriptions (what the user asked for, and which are disabled) with its profile. */
  keepSubscriptions(e: Entry): void;
}

/** The entry's subscriptions as the store keeps them, in the order they were first made. */
export function savedSubscriptionsOf(e: Entry): SavedSubscription[] {
  return [...e.wanted.values()].map((request) => {
    const off = e.disabled.get(request.topic);
    return { ...request, ...(off ? { disabled: true, code: off.code, codeName: off.codeName } : {}) };
  });
}

/** Loads saved subscriptions into a fresh entry: each is wanted again; disabled ones are listed as they were. */
export function restoreSubscriptions(e: Entry, saved: readonly SavedSubscription[]): void {
  for (const s of saved) {
    const { disabled, code, codeName, ...request } = s;
    e.wanted.set(s.topic, request);
    if (!disabled) continue;
    const c = code ?? 0x80;
    const { topic, qos, color, format, alias, noLocal, retainAsPublished, retainHandling, subscriptionIdentifier } = request;
    const options = { color, format, alias, noLocal, retainAsPublished, retainHandling, subscriptionIdentifier };
    const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    e.disabled.set(topic, { topic, qos, ...defined, code: c, codeName: codeName ?? '', granted: c < 0x80, disabled: true });
  }
  e.subscriptions = [...e.disabled.values()];
}

export const notConnected = (profileId: string): Result<never, ApiError> =>
  err({ code: 'not-connected', message: `Profile ${profileId} has no open connection.` });

/** The entry's open client and its MQTT version, or `not-connected`. */
export function openClient(
  e: Entry | undefined,
  profileId: string,
): Result<{ e: Entry; client: MqttClient; version: '3.1.1' | '5' }, ApiError> {
  if (!e?.session || e.state.status !== 'open') return notConnected(profileId);
  return ok({ e, client: e.session.client, version: e.session.report.mqtt?.version ?? '5' });
}

/** Runs an operation that completes on a broker answer, or on the end of the session, whichever comes first. */
export function untilAnswered<T>(
  e: Entry,
  what: string,
  start: (settle: (r: Result<T, ApiError>) => void) => void,
): Promise<Result<T, ApiError>> {
  return new Promise((resolve) => {
    let done = false;
    const abandon = () => settle(err({ code: 'not-connected', message: `The connection closed before the broker answered the ${what}.` }));
    const settle = (r: Result<T, ApiError>) => {
      if (done) return;
      done = true;
      e.waiting.delete(abandon);
      resolve(r);
    };
    e.waiting.add(abandon);
    start(settle);
  });
}
