/** Subscribe, unsubscribe and publish on a profile's open session, each answered by the broker's code. */
import type { ApiError, PublishRequest, SubscribeRequest, Subscription } from '../../../shared/ipc/contract';
import { reasonCodeName, subackCodeName } from '../../../shared/mqtt/reason-codes';
import { err, ok, type Result } from '../../../shared/result';
import { openClient, untilAnswered, type ConnectionHub, type Entry } from './connection-entry';
import { displayPayload } from './message-batcher';
import { toWireProperties } from './message-properties';

type Answer = { code: number | null; codeName: string | null };

export interface MqttOperations {
  subscribe(profileId: string, request: SubscribeRequest): Promise<Result<Subscription, ApiError>>;
  unsubscribe(profileId: string, topic: string): Promise<Result<{ topic: string } & Answer, ApiError>>;
  publish(profileId: string, request: PublishRequest): Promise<Result<Answer, ApiError>>;
}

/** The operations over the entries `lookup` finds. */
export function mqttOperations(hub: ConnectionHub, lookup: (profileId: string) => Entry | undefined): MqttOperations {
  return {
    async subscribe(profileId, request) {
      const open = openClient(lookup(profileId), profileId);
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
          hub.emit('connection:state', hub.infoOf(e));
          resolve(ok(sub));
        });
      });
    },

    async unsubscribe(profileId, topic) {
      const open = openClient(lookup(profileId), profileId);
      if (!open.ok) return open;
      const { e, client, version } = open.value;
      return untilAnswered<{ topic: string } & Answer>(e, 'unsubscription', (resolve) => {
        client.unsubscribe(topic, (error, packet) => {
          if (error) {
            resolve(err({ code: 'mqtt-error', message: `Unsubscribe failed: ${error.message}` }));
            return;
          }
          const granted = (packet as { granted?: unknown } | undefined)?.granted;
          const code = version === '5' && Array.isArray(granted) && typeof granted[0] === 'number' ? granted[0] : null;
          e.subscriptions = e.subscriptions.filter((s) => s.topic !== topic);
          e.wanted.delete(topic);
          hub.emit('connection:state', hub.infoOf(e));
          resolve(ok({ topic, code, codeName: code === null ? null : reasonCodeName(code) }));
        });
      });
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
            });
            resolve(ok({ code, codeName: code === null ? null : reasonCodeName(code) }));
          },
        );
      });
    },
  };
}
