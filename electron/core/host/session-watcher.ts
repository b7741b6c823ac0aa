/** Watches an accepted session until it ends: records its messages and acknowledgements, and says why it ended. */
import type { IDisconnectPacket, IPublishPacket, MqttClient, Packet } from 'mqtt';
import type { CloseReason } from '../../../shared/ipc/contract';
import { reasonCodeName } from '../../../shared/mqtt/reason-codes';
import type { LiveSession } from '../connect/probe';
import type { ConnectionHub, Entry } from './connection-entry';
import { displayPayload } from './message-batcher';
import { fromWireProperties } from './message-properties';

/** Attaches to the session's client; the entry's state becomes `closed` when the session ends. */
export function watchSession(hub: ConnectionHub, e: Entry, session: LiveSession): void {
  const client: MqttClient = session.client;
  let disconnect: IDisconnectPacket | null = null;
  let lastError: { code?: string; message: string } | null = null;
  client.on('message', (topic: string, payload: Buffer, packet: IPublishPacket) => {
    const properties = packet.properties ? fromWireProperties(packet.properties) : undefined;
    hub.record(e, {
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
    const reason = e.closing ?? closeReasonOf(disconnect, lastError);
    e.closing = null;
    hub.setState(e, { status: 'closed', reason, at: hub.now().toISOString(), report: session.report });
  };
  client.on('close', ended);
  // The session may have ended between the handover and these listeners.
  if (!client.connected || client.disconnected) queueMicrotask(ended);
}

/** Why a session we did not close ended: the broker's DISCONNECT (MQTT 5), else the lost connection. */
function closeReasonOf(disconnect: IDisconnectPacket | null, lastError: { code?: string; message: string } | null): CloseReason {
  if (disconnect) {
    return {
      kind: 'server-disconnect',
      code: disconnect.reasonCode ?? 0,
      name: reasonCodeName(disconnect.reasonCode ?? 0),
      ...(disconnect.properties?.reasonString ? { reasonString: disconnect.properties.reasonString } : {}),
    };
  }
  return {
    kind: 'connection-lost',
    ...(lastError?.code ? { errorCode: lastError.code } : {}),
    message: lastError?.message ?? 'The broker closed the connection without a DISCONNECT.',
  };
}
