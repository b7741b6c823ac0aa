/** Subscribe, unsubscribe and publish on a profile's open session, each answered by the broker's code. */
import type { MqttClient } from 'mqtt';
import type { ApiError, ParsedRequestOf, PublishRequest, SubscribeRequest, Subscription } from '../../../shared/ipc/contract';
import { reasonCodeName, subackCodeName } from '../../../shared/mqtt/reason-codes';
import { err, ok, type Result } from '../../../shared/result';
import { openClient, untilAnswered, type ConnectionHub, type Entry } from './connection-entry';
import { displayPayload } from './message-batcher';
import { toWireProperties } from './message-properties';

type Answer = { code: number | null; codeName: string | null };

/** The fields of `o` that have a value. */
const defined = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** The MQTT 5 options a request asks for, by name (false, 0 and absent ask for nothing: they are 3.1.1's behaviour). */
function v5OptionsUsed(r: SubscribeRequest): string[] {
  return [
    r.noLocal ? 'No local' : null,
    r.retainAsPublished ? 'Retain as published' : null,
    r.retainHandling ? `Retain handling ${r.retainHandling}` : null,
    r.subscriptionIdentifier !== undefined ? 'Subscription identifiers' : null,
  ].filter((x): x is string => x !== null);
}

/** Sends UNSUBSCRIBE and reads the broker's answer (a reason code under MQTT 5, none under 3.1.1); the list is left alone. */
function sendUnsubscribe(
  { e, client, version }: { e: Entry; client: MqttClient; version: '3.1.1' | '5' },
  topic: string,
): Promise<Result<Answer, ApiError>> {
  return untilAnswered<Answer>(e, 'unsubscription', (resolve) => {
    client.unsubscribe(topic, (error, packet) => {
      if (error) {
        resolve(err({ code: 'mqtt-error', message: `Unsubscribe failed: ${error.message}` }));
        return;
      }
      const granted = (packet as { granted?: unknown } | undefined)?.granted;
      const code = version === '5' && Array.isArray(granted) && typeof granted[0] === 'number' ? granted[0] : null;
      resolve(ok({ code, codeName: code === null ? null : reasonCodeName(code) }));
    });
  });
}

/** Drops a subscription from the entry's list and from what the next connect makes. */
function forgetSubscription(hub: ConnectionHub, e: Entry, topic: string): void {
  e.subscriptions = e.subscriptions.filter((s) => s.topic !== topic);
  e.wanted.delete(topic);
  e.disabled.delete(topic);
  hub.keepSubscriptions(e);
  hub.emit('connection:state', hub.infoOf(e));
}

export interface MqttOperations {
  subscribe(profileId: string, request: SubscribeRequest): Promise<Result<Subscription, ApiError>>;
  unsubscribe(profileId: string, topic: string): Promise<Result<{ topic: string } & Answer, ApiError>>;
  publish(profileId: string, request: PublishRequest): Promise<Result<Answer, ApiError>>;
  /** Disables, enables or renames a subscription (see `mqtt:editSubscription`). */
  editSubscription(profileId: string, change: SubscriptionEdit): Promise<Result<Subscription, ApiError>>;
}

/** A change to one subscription. */
export type SubscriptionEdit = Omit<ParsedRequestOf<'mqtt:editSubscription'>, 'profileId'>;

/** The operations over the entries `lookup` finds. */
export function mqttOperations(hub: ConnectionHub, lookup: (profileId: string) => Entry | undefined): MqttOperations {
  const ops: MqttOperations = {
    async subscribe(profileId, request) {
      const open = openClient(lookup(profileId), profileId);
      if (!open.ok) return open;
      const { e, client, version } = open.value;
      const v5Only = v5OptionsUsed(request);
      if (version !== '5' && v5Only.length > 0) {
        return err({
          code: 'invalid-request',
          message: `${v5Only.join(', ')} exist only in MQTT 5; this connection speaks MQTT ${version}.`,
        });
      }
      // mqtt.js names the options after their bits (MQTT 5.0 §3.8.3.1); the identifier is a SUBSCRIBE property (§3.8.2.1.2).
      const opts = {
        qos: request.qos,
        ...(request.noLocal !== undefined ? { nl: request.noLocal } : {}),
        ...(request.retainAsPublished !== undefined ? { rap: request.retainAsPublished } : {}),
        ...(request.retainHandling !== undefined ? { rh: request.retainHandling } : {}),
        ...(request.subscriptionIdentifier !== undefined ? { properties: { subscriptionIdentifier: request.subscriptionIdentifier } } : {}),
      };
      return untilAnswered<Subscription>(e, 'subscription', (resolve) => {
        client.subscribe(request.topic, opts, (error, _granted, packet) => {
          const raw = packet?.granted?.[0] ?? (error as { code?: unknown } | null)?.code;
          const code = typeof raw === 'number' ? raw : null;
          if (code === null) {
            resolve(err({ code: 'mqtt-error', message: `Subscribe failed: ${error ? error.message : 'no SUBACK'}` }));
            return;
          }
          const { topic, qos, alias, noLocal, retainAsPublished, retainHandling, subscriptionIdentifier } = request;
          const sub: Subscription = {
            topic,
            qos,
            ...(request.color ? { color: request.color } : {}),
            code,
            codeName: subackCodeName(version, code),
            granted: code < 0x80,
            ...(request.format ? { format: request.format } : {}),
            ...defined({ alias, noLocal, retainAsPublished, retainHandling, subscriptionIdentifier }),
          };
          e.wanted.set(topic, request);
          e.disabled.delete(topic);
          // Listed in the order they were first made (a restored list answers in any order).
          const order = [...e.wanted.keys()];
          e.subscriptions = [...e.subscriptions.filter((s) => s.topic !== topic), sub].sort(
            (a, b) => order.indexOf(a.topic) - order.indexOf(b.topic),
          );
          hub.keepSubscriptions(e);
          hub.emit('connection:state', hub.infoOf(e));
          resolve(ok(sub));
        });
      });
    },

    async unsubscribe(profileId, topic) {
      const known = lookup(profileId);
      if (known?.disabled.has(topic)) {
        // Not subscribed at the broker: only the list entry goes.
        forgetSubscription(hub, known, topic);
        return ok({ topic, code: null, codeName: null });
      }
      const open = openClient(known, profileId);
      if (!open.ok) return open;
      const sent = await sendUnsubscribe(open.value, topic);
      if (sent.ok) forgetSubscription(hub, open.value.e, topic);
      return sent.ok ? ok({ topic, ...sent.value }) : sent;
    },

    async editSubscription(profileId, change) {
      const e = lookup(profileId);
      const request = e?.wanted.get(change.topic);
      const listed = e?.subscriptions.find((s) => s.topic === change.topic);
      if (!e || !request || !listed) return err({ code: 'not-found', message: `This connection has no subscription to ${change.topic}.` });
      const { alias: _old, ...bare } = request;
      const wanted: SubscribeRequest =
        change.alias === undefined ? request : change.alias === null ? bare : { ...bare, alias: change.alias };
      e.wanted.set(change.topic, wanted);
      const { alias: _a, disabled: _d, ...rest } = listed;
      const shown: Subscription = { ...rest, ...(wanted.alias ? { alias: wanted.alias } : {}) };
      const wasDisabled = e.disabled.has(change.topic);
      const disable = change.enabled === false || (change.enabled === undefined && wasDisabled);
      if (change.enabled === true && wasDisabled && e.session && e.state.status === 'open') {
        // Enabling on an open connection is a new SUBSCRIBE with the options it was made with.
        e.disabled.delete(change.topic);
        return ops.subscribe(profileId, wanted);
      }
      if (disable && !wasDisabled && e.session && e.state.status === 'open') {
        const open = openClient(e, profileId);
        if (!open.ok) return open;
        const sent = await sendUnsubscribe(open.value, change.topic);
        if (!sent.ok) return sent;
      }
      const sub: Subscription = disable ? { ...shown, disabled: true } : shown;
      if (disable) e.disabled.set(change.topic, sub);
      else e.disabled.delete(change.topic);
      e.subscriptions = e.subscriptions.map((s) => (s.topic === change.topic ? sub : s));
      hub.keepSubscriptions(e);
      hub.emit('connection:state', hub.infoOf(e));
      return ok(sub);
    },

    async publish(profileId, request) {
      const open = openClient(lookup(profileId), profileId);
      if (!open.ok) return open;
      const { e, client, version } = open.value;
      const payload = Buffer.from(request.payload, request.encoding === 'base64' ? 'base64' : 'utf8');
      const properties = version === '5' && request.properties ? toWireProperties(request.properties) : undefined;
      return untilAnswered<Answer>(e, 'publish', (resolve) => {
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
            hub.record(e, {
              direction: 'out',
              topic: request.topic,
              ...displayPayload(payload),
              qos: request.qos,
              retain: request.retain,
              dup: false,
              ...(request.properties ? { properties: request.properties } : {}),
              ...(code !== null ? { ack: { code, name: reasonCodeName(code) } } : {}),
            });
            resolve(ok({ code, codeName: code === null ? null : reasonCodeName(code) }));
          },
        );
      });
    },
  };
  return ops;
}
