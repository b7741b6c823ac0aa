/**
 * MQTT 5 PUBLISH properties (MQTT 5.0 §3.3.2.3) between the contract's plain JSON and mqtt.js's
 * packet form, in both directions, from one table: only correlation data changes form (base64
 * text in JSON, bytes on the wire) and a subscription identifier may come as one or several.
 */
import type { IPublishPacket } from 'mqtt';
import type { MessageProperties } from '../../../shared/ipc/contract';

type WireProperties = NonNullable<IPublishPacket['properties']>;

const SAME = ['payloadFormatIndicator', 'messageExpiryInterval', 'contentType', 'responseTopic', 'userProperties', 'topicAlias'] as const;

/** The properties as mqtt.js sends them (`subscriptionIdentifier` is the broker's to set, never sent). */
export function toWireProperties(p: MessageProperties): WireProperties {
  const out: Record<string, unknown> = {};
  for (const k of SAME) if (p[k] !== undefined) out[k] = p[k];
  if (p.correlationData !== undefined) out.correlationData = Buffer.from(p.correlationData, 'base64');
  return out as WireProperties;
}

/** The properties of a received packet as the contract carries them. */
export function fromWireProperties(p: WireProperties): MessageProperties {
  const out: Record<string, unknown> = {};
  for (const k of SAME) if (p[k] !== undefined) out[k] = p[k];
  if (p.correlationData !== undefined) out.correlationData = Buffer.from(p.correlationData).toString('base64');
  if (p.subscriptionIdentifier !== undefined) out.subscriptionIdentifier = ([] as number[]).concat(p.subscriptionIdentifier);
  return out as MessageProperties;
}
