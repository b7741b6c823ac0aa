/**
 * The live connections of one host (desktop app or web host): runs the probe for a profile,
 * keeps the accepted session open, subscribes and publishes through it, and reports every
 * change as an event. One connection per profile; any number of profiles at once.
 */
import type { IDisconnectPacket, IPublishPacket, MqttClient, Packet } from 'mqtt';
import type { ConnectReport } from '../../../shared/connect/report';
import type {
  ApiError,
  CloseReason,
  ConnectionInfo,
  ConnectionState,
  EventName,
  EventPayload,
  MessageProperties,
  MqttMessage,
  OneOffSecrets,
  PublishRequest,
  Subscription,
  SubscribeRequest,
} from '../../../shared/ipc/contract';
import { reasonCodeName, subackCodeName } from '../../../shared/mqtt/reason-codes';
import { err, ok, type Result } from '../../../shared/result';
import type { IdentityMaterial, IdentitySecrets } from '../certs/material';
import type { ConnectInput, ConnectOptions, ConnectOutcome, LiveSession } from '../connect/probe';
import { createMessageBatcher, displayPayload } from './message-batcher';
import { lockedError, type ResolvedProfile } from '../profiles/profile-service';

/** Sends one event to every renderer of this host. */
export type EventSink = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export type Probe = (input: ConnectInput, options: ConnectOptions) => Promise<ConnectOutcome>;

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
}

export interface ConnectionManager {
  list(): ConnectionInfo[];
  info(profileId: string): ConnectionInfo;
  /** Runs an attempt; resolves when it ends (open, failed, or closed by a cancel). */
  connect(profileId: string, oneOff?: OneOffSecrets): Promise<Result<ConnectionInfo, ApiError>>;
  disconnect(profileId: string): Promise<Result<ConnectionInfo, ApiError>>;
  cancel(profileId: string): Promise<Result<ConnectionInfo, ApiError>>;
  subscribe(profileId: string, request: SubscribeRequest): Promise<Result<Subscription, ApiError>>;
  unsubscribe(profileId: string, topic: string): Promise<Result<{ topic: string; code: number | null; codeName: string | null }, ApiError>>;
  publish(profileId: string, request: PublishRequest): Promise<Result<{ code: number | null; codeName: string | null }, ApiError>>;
  messages(profileId: string, limit?: number): MqttMessage[];
  clearMessages(profileId: string): void;
  /** Closes the profile's connection and forgets its messages (profile deleted). */
  forget(profileId: string): Promise<void>;
  /** Aborts every attempt and closes every session; used at shutdown. */
  closeAll(): Promise<void>;
}

interface Entry {
  profileId: string;
  state: ConnectionState;
  /** The broker's answers to this profile's subscriptions; kept after a close, as the list to restore. */
  subscriptions: Subscription[];
  /** What the user asked for, by topic (with its v5 options), to subscribe again after a reconnect. */
  wanted: Map<string, SubscribeRequest>;
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
}

const notConnected = (profileId: string): Result<never, ApiError> =>
  err({ code: 'not-connected', message: `Profile ${profileId} has no open connection.` });

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

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
      e = {
        profileId,
        state: { status: 'idle' },
        subscriptions: [],
        wanted: new Map(),
        abort: null,
        attempt: null,
        session: null,
        closing: null,
        messages: [],
        acks: new Map(),
        waiting: new Set(),
      };
      entries.set(profileId, e);
    }
    return e;
  };

  const infoOf = (e: Entry): ConnectionInfo => ({ profileId: e.profileId, state: e.state, subscriptions: [...e.subscriptions] });

  const setState = (e: Entry, state: ConnectionState) => {
    // Messages that arrived under the old state reach the UI before the change.
    batcher.flush();
    e.state = state;
    options.emit('connection:state', infoOf(e));
  };

  const record = (e: Entry, message: Omit<MqttMessage, 'seq' | 'profileId' | 'at'>) => {
    const m: MqttMessage = { seq: ++seq, profileId: e.profileId, at: now().getTime(), ...message };
    e.messages.push(m);
    if (e.messages.length > historyLimit) e.messages.splice(0, e.messages.length - historyLimit);
    batcher.push(m);
  };

  // The profile store keeps the reports (bounded per profile); the manager only hands them on.
  const addReport = (e: Entry, report: ConnectReport) => {
    options.onReport?.(e.profileId, report);
  };

  const inputOf = (resolved: ResolvedProfile, oneOff: OneOffSecrets | undefined): ConnectInput => {
    const f = resolved.files;
    const file = (x: { fileName: string; bytes: Buffer }) => ({ name: x.fileName, bytes: x.bytes });
    const material: IdentityMaterial = { ca: f.ca.map(file) };
    if (f.cert) material.cert = file(f.cert);
    if (f.key) material.key = file(f.key);
    if (f.pfx) material.pfx = file(f.pfx);
    const secrets: IdentitySecrets = { ...resolved.secrets };
    for (const k of ['passphrase', 'password', 'pfxPassword'] as const) if (oneOff?.[k] !== undefined) secrets[k] = oneOff[k];
    return { settings: resolved.settings, material, secrets };
  };

  /** Watches an accepted session until it ends, and says why it ended. */
  const watch = (e: Entry, session: LiveSession) => {
    const client: MqttClient = session.client;
    let disconnect: IDisconnectPacket | null = null;
    let lastError: { code?: string; message: string } | null = null;
    client.on('message', (topic: string, payload: Buffer, packet: IPublishPacket) => {
      const p = packet.properties;
      const properties: MessageProperties | undefined = p
        ? {
            ...(p.payloadFormatIndicator !== undefined ? { payloadFormatIndicator: p.payloadFormatIndicator } : {}),
            ...(p.messageExpiryInterval !== undefined ? { messageExpiryInterval: p.messageExpiryInterval } : {}),
            ...(p.contentType !== undefined ? { contentType: p.contentType } : {}),
            ...(p.responseTopic !== undefined ? { responseTopic: p.responseTopic } : {}),
            ...(p.correlationData !== undefined ? { correlationData: Buffer.from(p.correlationData).toString('base64') } : {}),
            ...(p.userProperties !== undefined ? { userProperties: p.userProperties } : {}),
            ...(p.subscriptionIdentifier !== undefined
              ? { subscriptionIdentifier: ([] as number[]).concat(p.subscriptionIdentifier) }
              : {}),
            ...(p.topicAlias !== undefined ? { topicAlias: p.topicAlias } : {}),
          }
        : undefined;
      record(e, {
        direction: 'in',
        topic,
        ...displayPayload(payload),
        qos: packet.qos,
        retain: packet.retain,
        dup: packet.dup,
        ...(properties ? { properties } : {}),
      });
    });
    client.on('packetreceive', (packet: Packet) => {
      // PUBACK/PUBREC/PUBCOMP carry the broker's verdict on a publish (MQTT 5.0 §3.4.2.1);
      // mqtt.js passes only failures on, so the code is read here.
      if (
        (packet.cmd === 'puback' || packet.cmd === 'pubrec' || packet.cmd === 'pubcomp') &&
        packet.messageId !== undefined &&
        packet.reasonCode !== undefined
      ) {
        const before = e.acks.get(packet.messageId);
        if (before === undefined || before < 0x80) e.acks.set(packet.messageId, Math.max(before ?? 0, packet.reasonCode));
      }
    });
    client.on('disconnect', (packet: IDisconnectPacket) => {
      disconnect = packet;
    });
    client.on('error', (error: Error & { code?: unknown }) => {
      lastError = { ...(typeof error.code === 'string' ? { code: error.code } : {}), message: error.message };
    });
    const ended = () => {
      if (e.session !== session) return;
      e.session = null;
      e.acks.clear();
      for (const abandon of [...e.waiting]) abandon();
      e.waiting.clear();
      const reason: CloseReason =
        e.closing ??
        (disconnect
          ? {
              kind: 'server-disconnect',
              code: disconnect.reasonCode ?? 0,
              name: reasonCodeName(disconnect.reasonCode ?? 0),
              ...(disconnect.properties?.reasonString ? { reasonString: disconnect.properties.reasonString } : {}),
            }
          : {
              kind: 'connection-lost',
              ...(lastError?.code ? { errorCode: lastError.code } : {}),
              message: lastError?.message ?? 'The broker closed the connection without a DISCONNECT.',
            });
      e.closing = null;
      setState(e, { status: 'closed', reason, at: now().toISOString(), report: session.report });
    };
    client.on('close', ended);
    // The session may have ended between the handover and these listeners.
    if (!client.connected || client.disconnected) queueMicrotask(ended);
  };

  const attempt = async (e: Entry, resolved: ResolvedProfile, oneOff: OneOffSecrets | undefined) => {
    const abort = new AbortController();
    e.abort = abort;
    const startedAt = now().toISOString();
    let running = true;
    let outcome: ConnectOutcome;
    try {
      const pending = options.probe(inputOf(resolved, oneOff), {
        signal: abort.signal,
        keepOpen: true,
        now,
        onPhase: (event) => {
          if (!running) return;
          options.emit('connection:phase', { profileId: e.profileId, event });
          if (event.state === 'started') setState(e, { status: 'connecting', attemptId: event.attemptId, phase: event.phase, startedAt });
        },
      });
      // The probe reports its first phase synchronously; this covers one that does not.
      if (e.state.status !== 'connecting') setState(e, { status: 'connecting', attemptId: '', phase: 'preflight', startedAt });
      outcome = await pending;
    } finally {
      running = false;
      e.abort = null;
    }
    addReport(e, outcome.report);
    const closing = e.closing;
    e.closing = null;
    if (outcome.session && closing) {
      // Cancelled or forgotten in the instant the broker accepted: do not keep the session.
      await outcome.session.close().catch(() => undefined);
      setState(e, { status: 'closed', reason: closing, at: now().toISOString(), report: outcome.report });
    } else if (outcome.session) {
      e.session = outcome.session;
      e.subscriptions = [];
      setState(e, { status: 'open', report: outcome.report, since: now().toISOString() });
      watch(e, outcome.session);
      // Like any MQTT client UI: the topics of the last session come back, each with its new SUBACK
      // (an ACL may have changed meanwhile). Not awaited: a broker that never answers must not
      // hold up the attempt's result; each answer arrives as a state event.
      for (const request of e.wanted.values()) void manager.subscribe(e.profileId, request);
    } else if (closing) {
      setState(e, { status: 'closed', reason: closing, at: now().toISOString(), report: outcome.report });
    } else {
      setState(e, { status: 'failed', report: outcome.report });
    }
  };

  const closeSession = async (e: Entry, reason: CloseReason) => {
    const session = e.session;
    if (!session) return;
    e.closing = reason;
    await session.close().catch(() => undefined);
    // `close` normally fires before session.close() resolves; this covers a client that never emits it.
    if (e.session === session) {
      e.session = null;
      e.closing = null;
      setState(e, { status: 'closed', reason, at: now().toISOString(), report: session.report });
    }
  };

  const stopAttempt = async (e: Entry, reason: CloseReason) => {
    e.closing = reason;
    e.abort?.abort();
    await e.attempt;
  };

  /** Runs an operation that completes on a broker answer, or on the end of the session, whichever comes first. */
  const untilAnswered = <T>(
    e: Entry,
    what: string,
    start: (settle: (r: Result<T, ApiError>) => void) => void,
  ): Promise<Result<T, ApiError>> =>
    new Promise((resolve) => {
      let done = false;
      const abandon = () =>
        settle(err({ code: 'not-connected', message: `The connection closed before the broker answered the ${what}.` }));
      const settle = (r: Result<T, ApiError>) => {
        if (done) return;
        done = true;
        e.waiting.delete(abandon);
        resolve(r);
      };
      e.waiting.add(abandon);
      start(settle);
    });

  const openClient = (profileId: string): Result<{ e: Entry; client: MqttClient; version: '3.1.1' | '5' }, ApiError> => {
    const e = entries.get(profileId);
    if (!e?.session || e.state.status !== 'open') return notConnected(profileId);
    return ok({ e, client: e.session.client, version: e.session.report.mqtt?.version ?? '5' });
  };

  const manager: ConnectionManager = {
    list: () => [...entries.values()].filter((e) => e.state.status !== 'idle').map(infoOf),
    info: (profileId) => infoOf(entry(profileId)),

    async connect(profileId, oneOff) {
      const e = entry(profileId);
      if (e.state.status === 'connecting' || e.state.status === 'open') {
        return err({ code: 'busy', message: 'This profile is already connected or connecting; disconnect first.' });
      }
      const resolved = options.resolve(profileId);
      if (!resolved.ok) return resolved;
      const locked = resolved.value.locked ? lockedError(resolved.value, oneOff) : null;
      if (locked) return err(locked);
      const run = attempt(e, resolved.value, oneOff);
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
        setState(e, { status: 'idle' });
        return err({ code: 'internal', message: `The connection attempt failed unexpectedly: ${errorText(error)}` });
      }
      return ok(infoOf(e));
    },

    async disconnect(profileId) {
      const e = entries.get(profileId);
      if (e?.state.status === 'connecting') {
        await stopAttempt(e, { kind: 'user' });
        return ok(infoOf(e));
      }
      if (!e?.session) return notConnected(profileId);
      await closeSession(e, { kind: 'user' });
      return ok(infoOf(e));
    },

    async cancel(profileId) {
      const e = entries.get(profileId);
      if (e?.state.status !== 'connecting') return err({ code: 'not-connected', message: 'No attempt is in progress for this profile.' });
      await stopAttempt(e, { kind: 'user' });
      return ok(infoOf(e));
    },

    async subscribe(profileId, request) {
      const open = openClient(profileId);
      if (!open.ok) return open;
      const { e, client, version } = open.value;
      const opts = {
        qos: request.qos,
        ...(request.noLocal !== undefined ? { nl: request.noLocal } : {}),
        ...(request.retainAsPublished !== undefined ? { rap: request.retainAsPublished } : {}),
        ...(request.retainHandling !== undefined ? { rh: request.retainHandling } : {}),
      };
      return untilAnswered<Subscription>(e, 'subscription', (resolve) => {
        client.subscribe(request.topic, opts, (error, _granted, packet) => {
          const raw = packet?.granted?.[0] ?? (error as { code?: unknown } | null)?.code;
          const code = typeof raw === 'number' ? raw : null;
          if (code === null) {
            resolve(err({ code: 'mqtt-error', message: `Subscribe failed: ${error ? error.message : 'no SUBACK'}` }));
            return;
          }
          const sub: Subscription = {
            topic: request.topic,
            qos: request.qos,
            code,
            codeName: subackCodeName(version, code),
            granted: code < 0x80,
          };
          e.wanted.set(request.topic, request);
          e.subscriptions = [...e.subscriptions.filter((s) => s.topic !== request.topic), sub];
          options.emit('connection:state', infoOf(e));
          resolve(ok(sub));
        });
      });
    },

    async unsubscribe(profileId, topic) {
      const open = openClient(profileId);
      if (!open.ok) return open;
      const { e, client, version } = open.value;
      return untilAnswered<{ topic: string; code: number | null; codeName: string | null }>(e, 'unsubscription', (resolve) => {
        client.unsubscribe(topic, (error, packet) => {
          if (error) {
            resolve(err({ code: 'mqtt-error', message: `Unsubscribe failed: ${error.message}` }));
            return;
          }
          const granted = (packet as { granted?: unknown } | undefined)?.granted;
          const code = version === '5' && Array.isArray(granted) && typeof granted[0] === 'number' ? granted[0] : null;
          e.subscriptions = e.subscriptions.filter((s) => s.topic !== topic);
          e.wanted.delete(topic);
          options.emit('connection:state', infoOf(e));
          resolve(ok({ topic, code, codeName: code === null ? null : reasonCodeName(code) }));
        });
      });
    },

    async publish(profileId, request) {
      const open = openClient(profileId);
      if (!open.ok) return open;
      const { e, client, version } = open.value;
      const payload = Buffer.from(request.payload, request.encoding === 'base64' ? 'base64' : 'utf8');
      const p = request.properties;
      const properties: IPublishPacket['properties'] | undefined =
        version === '5' && p
          ? {
              ...(p.payloadFormatIndicator !== undefined ? { payloadFormatIndicator: p.payloadFormatIndicator } : {}),
              ...(p.messageExpiryInterval !== undefined ? { messageExpiryInterval: p.messageExpiryInterval } : {}),
              ...(p.contentType !== undefined ? { contentType: p.contentType } : {}),
              ...(p.responseTopic !== undefined ? { responseTopic: p.responseTopic } : {}),
              ...(p.correlationData !== undefined ? { correlationData: Buffer.from(p.correlationData, 'base64') } : {}),
              ...(p.userProperties !== undefined ? { userProperties: p.userProperties } : {}),
              ...(p.topicAlias !== undefined ? { topicAlias: p.topicAlias } : {}),
            }
          : undefined;
      return untilAnswered<{ code: number | null; codeName: string | null }>(e, 'publish', (resolve) => {
        client.publish(
          request.topic,
          payload,
          { qos: request.qos, retain: request.retain, ...(properties ? { properties } : {}) },
          (error, packet) => {
            const messageId = (packet as { messageId?: number } | undefined)?.messageId;
            const acked = messageId !== undefined ? e.acks.get(messageId) : undefined;
            if (messageId !== undefined) e.acks.delete(messageId);
            const refused = (error as { code?: unknown } | undefined)?.code;
            const code = typeof refused === 'number' ? refused : (acked ?? null);
            if (error && code === null) {
              resolve(err({ code: 'mqtt-error', message: `Publish failed: ${error.message}` }));
              return;
            }
            record(e, {
              direction: 'out',
              topic: request.topic,
              ...displayPayload(payload),
              qos: request.qos,
              retain: request.retain,
              dup: false,
              ...(request.properties ? { properties: request.properties } : {}),
            });
            resolve(ok({ code, codeName: code === null ? null : reasonCodeName(code) }));
          },
        );
      });
    },

    messages(profileId, limit) {
      const list = entries.get(profileId)?.messages ?? [];
      return limit === undefined ? [...list] : list.slice(-limit);
    },
    clearMessages(profileId) {
      const e = entries.get(profileId);
      if (e) e.messages = [];
    },
    async forget(profileId) {
      const e = entries.get(profileId);
      if (!e) return;
      if (e.state.status === 'connecting') await stopAttempt(e, { kind: 'shutdown' });
      await closeSession(e, { kind: 'shutdown' });
      entries.delete(profileId);
    },

    async closeAll() {
      await Promise.all(
        [...entries.values()].map(async (e) => {
          if (e.state.status === 'connecting') await stopAttempt(e, { kind: 'shutdown' });
          await closeSession(e, { kind: 'shutdown' });
        }),
      );
      batcher.flush();
      batcher.dispose();
    },
  };
  return manager;
}
