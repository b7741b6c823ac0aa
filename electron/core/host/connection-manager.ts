/**
 * The live connections of one host (desktop app or web host): runs the probe for a profile,
 * keeps the accepted session open, subscribes and publishes through it, and reports every
 * change as an event. One connection per profile; any number of profiles at once.
 */
import type { ConnectReport } from '../../../shared/connect/report';
import type { ReconnectPolicy } from '../../../shared/connect/settings';
import type { ApiError, CloseReason, ConnectionInfo, ConnectionState, MqttMessage, OneOffSecrets } from '../../../shared/ipc/contract';
import type { SavedSubscription } from '../../../shared/profile/saved-subscription';
import { err, ok, type Result } from '../../../shared/result';
import { lockedError, type ResolvedProfile } from '../profiles/resolved-profile';
import { runAttempt, type AttemptDeps, type Probe } from './connection-attempt';
import {
  newEntry,
  notConnected,
  restoreSubscriptions,
  savedSubscriptionsOf,
  type ConnectionHub,
  type Entry,
  type EventSink,
} from './connection-entry';
import { createMessageBatcher } from './message-batcher';
import { mqttOperations, type MqttOperations } from './mqtt-operations';
import { createReconnector } from './reconnect';

export type { EventSink } from './connection-entry';
export type { Probe } from './connection-attempt';

export interface ConnectionManagerOptions {
  probe: Probe;
  /**
   * The profile with its bytes and secrets, looked up at connect time. It may include values
   * that cannot be decrypted (`locked`): an attempt goes ahead only when the secrets given for
   * it cover them.
   */
  resolve: (profileId: string) => Result<ResolvedProfile, ApiError>;
  /** Told of every attempt's report (to keep it with the profile). */
  onReport?: (profileId: string, report: ConnectReport) => void;
  emit: EventSink;
  now?: () => Date;
  /** Batching of `messages:batch` (default 50 ms / 200 messages). */
  batch?: { intervalMs: number; maxMessages: number };
  /** Messages kept per profile for `messages:history` (default 1000). */
  historyLimit?: number;
  /**
   * Where each profile's subscriptions are kept between sessions: read when the host first
   * meets the profile (so a restarted host makes them again at the next connect), written on
   * each change. None: they live as long as the host.
   */
  savedSubscriptions?: {
    load(profileId: string): SavedSubscription[];
    save(profileId: string, list: SavedSubscription[]): void;
  };
  /** Where a profile's TLS key log goes (see key-log-target.ts); none: key logs are not written. */
  keyLogFor?: AttemptDeps['keyLogFor'];
}

export interface ConnectionManager extends MqttOperations {
  list(): ConnectionInfo[];
  info(profileId: string): ConnectionInfo;
  /** Runs an attempt; resolves when it ends (open, failed, or closed by a cancel). */
  connect(profileId: string, oneOff?: OneOffSecrets): Promise<Result<ConnectionInfo, ApiError>>;
  disconnect(profileId: string): Promise<Result<ConnectionInfo, ApiError>>;
  cancel(profileId: string): Promise<Result<ConnectionInfo, ApiError>>;
  messages(profileId: string, limit?: number): MqttMessage[];
  clearMessages(profileId: string): void;
  /** Closes the profile's connection and forgets its messages (profile deleted). */
  forget(profileId: string): Promise<void>;
  /** Aborts every attempt and closes every session; used at shutdown. */
  closeAll(): Promise<void>;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The profile's reconnect policy, read when a session is lost so a change applies to the next attempt. */
function policyOf(options: ConnectionManagerOptions, profileId: string): ReconnectPolicy | undefined {
  const resolved = options.resolve(profileId);
  return resolved.ok ? resolved.value.profile.settings.reconnect : undefined;
}

/** What each attempt needs from the manager; an open session makes the entry's subscriptions again. */
function attemptDepsOf(options: ConnectionManagerOptions, hub: ConnectionHub, operations: MqttOperations): AttemptDeps {
  return {
    probe: options.probe,
    ...(options.onReport ? { onReport: options.onReport } : {}),
    ...(options.keyLogFor ? { keyLogFor: options.keyLogFor } : {}),
    // Like any MQTT client UI: the topics of the last session come back, each with its new SUBACK
    // (an ACL may have changed meanwhile). Not awaited: a broker that never answers must not
    // hold up the attempt's result; each answer arrives as a state event.
    onOpen: (e: Entry) => {
      // Disabled subscriptions stay listed, as they were, and are not made.
      e.subscriptions = [...e.disabled.values()];
      if (e.subscriptions.length > 0) options.emit('connection:state', hub.infoOf(e));
      for (const request of e.wanted.values()) if (!e.disabled.has(request.topic)) void operations.subscribe(e.profileId, request);
    },
  };
}

/** Creates the manager; the host calls `closeAll()` before it exits. */
export function createConnectionManager(options: ConnectionManagerOptions): ConnectionManager {
  const now = options.now ?? (() => new Date());
  const historyLimit = options.historyLimit ?? 1000;
  const entries = new Map<string, Entry>();
  let seq = 0;

  const batcher = createMessageBatcher({
    intervalMs: options.batch?.intervalMs ?? 50,
    maxMessages: options.batch?.maxMessages ?? 200,
    flush: (messages) => options.emit('messages:batch', { messages, dropped: {} }),
  });

  const entry = (profileId: string): Entry => {
    let e = entries.get(profileId);
    if (!e) {
      e = newEntry(profileId);
      restoreSubscriptions(e, options.savedSubscriptions?.load(profileId) ?? []);
      entries.set(profileId, e);
    }
    return e;
  };

  const reconnector = createReconnector({
    now,
    policyOf: (profileId) => policyOf(options, profileId),
    start: (e) => startAttempt(e, e.oneOff),
    announce: (e) => options.emit('connection:state', hub.infoOf(e)),
  });

  const hub: ConnectionHub = {
    now,
    emit: options.emit,
    infoOf: (e) => ({ profileId: e.profileId, state: e.state, subscriptions: [...e.subscriptions] }),
    setState(e: Entry, state: ConnectionState) {
      // Messages that arrived under the old state reach the UI before the change.
      batcher.flush();
      e.state = reconnector.decorate(e, state);
      options.emit('connection:state', hub.infoOf(e));
    },
    record(e, message) {
      const m: MqttMessage = { seq: ++seq, profileId: e.profileId, at: now().getTime(), ...message };
      e.messages.push(m);
      // Trimmed in chunks: cutting one message off the front of a full list per message costs a
      // copy of the whole list each time, which a flood pays 10,000 times a second.
      if (e.messages.length >= historyLimit * 2) e.messages.splice(0, e.messages.length - historyLimit);
      batcher.push(m);
    },
    keepSubscriptions(e) {
      options.savedSubscriptions?.save(e.profileId, savedSubscriptionsOf(e));
    },
  };
  // A profile not met since the host started may still have saved subscriptions to edit or drop.
  const known = (profileId: string) =>
    entries.get(profileId) ?? (options.savedSubscriptions?.load(profileId).length ? entry(profileId) : undefined);
  const operations = mqttOperations(hub, known);
  const attemptDeps = attemptDepsOf(options, hub, operations);

  const closeSession = async (e: Entry, reason: CloseReason) => {
    const session = e.session;
    if (!session) return;
    e.closing = reason;
    await session.close().catch(() => undefined);
    // `close` normally fires before session.close() resolves; this covers a client that never emits it.
    if (e.session === session) {
      e.session = null;
      e.closing = null;
      hub.setState(e, { status: 'closed', reason, at: now().toISOString(), report: session.report });
    }
  };

  const stopAttempt = async (e: Entry, reason: CloseReason) => {
    e.closing = reason;
    e.abort?.abort();
    await e.attempt;
  };

  /** Ends whatever the entry is doing: a running attempt, then an open session. */
  const stop = async (e: Entry, reason: CloseReason) => {
    if (e.state.status === 'connecting') await stopAttempt(e, reason);
    await closeSession(e, reason);
  };

  const connect = async (profileId: string, oneOff?: OneOffSecrets): Promise<Result<ConnectionInfo, ApiError>> => {
    const e = entry(profileId);
    if (e.state.status === 'connecting' || e.state.status === 'open') {
      return err({ code: 'busy', message: 'This profile is already connected or connecting; disconnect first.' });
    }
    // The user's own connect replaces a scheduled reconnect and starts afresh.
    reconnector.cancel(e);
    e.oneOff = oneOff;
    return startAttempt(e, oneOff);
  };

  const startAttempt = async (e: Entry, oneOff: OneOffSecrets | undefined): Promise<Result<ConnectionInfo, ApiError>> => {
    const profileId = e.profileId;
    const resolved = options.resolve(profileId);
    if (!resolved.ok) return resolved;
    const locked = resolved.value.locked ? lockedError(resolved.value, oneOff) : null;
    if (locked) return err(locked);
    const run = runAttempt(hub, attemptDeps, e, resolved.value, oneOff);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    e.attempt = settled;
    void settled.then(() => {
      if (e.attempt === settled) e.attempt = null;
    });
    try {
      await run;
    } catch (error) {
      // The probe promises one report per attempt; reaching this is a bug, reported as a value.
      hub.setState(e, { status: 'idle' });
      return err({ code: 'internal', message: `The connection attempt failed unexpectedly: ${errorText(error)}` });
    }
    return ok(hub.infoOf(e));
  };

  return {
    ...operations,
    list: () => [...entries.values()].filter((e) => e.state.status !== 'idle').map(hub.infoOf),
    info: (profileId) => hub.infoOf(entry(profileId)),
    connect,
    async disconnect(profileId) {
      const e = entries.get(profileId);
      if (e) e.oneOff = undefined;
      if (e && reconnector.drop(e)) return ok(hub.infoOf(e));
      if (e?.state.status === 'connecting') {
        await stopAttempt(e, { kind: 'user' });
        return ok(hub.infoOf(e));
      }
      if (!e?.session) return notConnected(profileId);
      await closeSession(e, { kind: 'user' });
      return ok(hub.infoOf(e));
    },
    async cancel(profileId) {
      const e = entries.get(profileId);
      if (e && reconnector.drop(e)) return ok(hub.infoOf(e));
      if (e?.state.status !== 'connecting') return err({ code: 'not-connected', message: 'No attempt is in progress for this profile.' });
      await stopAttempt(e, { kind: 'user' });
      return ok(hub.infoOf(e));
    },
    messages(profileId, limit) {
      const list = entries.get(profileId)?.messages ?? [];
      return list.slice(-Math.min(limit ?? historyLimit, historyLimit));
    },
    clearMessages(profileId) {
      const e = entries.get(profileId);
      if (e) e.messages = [];
    },
    async forget(profileId) {
      const e = entries.get(profileId);
      if (!e) return;
      reconnector.cancel(e);
      await stop(e, { kind: 'shutdown' });
      entries.delete(profileId);
    },
    async closeAll() {
      for (const e of entries.values()) reconnector.cancel(e);
      await Promise.all([...entries.values()].map((e) => stop(e, { kind: 'shutdown' })));
      batcher.flush();
      batcher.dispose();
    },
  };
}
