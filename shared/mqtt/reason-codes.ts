/**
 * MQTT return and reason codes with their names, once for the whole project.
 * MQTT 3.1.1 §3.2.2.3 (CONNACK return codes), MQTT 5.0 §2.4 (reason codes).
 */

export type MqttVersion = '3.1.1' | '5';

/** MQTT 3.1.1 CONNACK return codes (§3.2.2.3, table 3.1). */
export const CONNACK_RETURN_CODES_V311: Readonly<Record<number, string>> = {
  0: 'Connection Accepted',
  1: 'Unacceptable protocol version',
  2: 'Identifier rejected',
  3: 'Server unavailable',
  4: 'Bad user name or password',
  5: 'Not authorized',
};

/** MQTT 5.0 reason codes (§2.4, table 2-6) with the packets each may appear in. */
export const REASON_CODES_V5: Readonly<Record<number, { name: string; packets: readonly string[] }>> = {
  0x00: { name: 'Success', packets: ['CONNACK', 'PUBACK', 'PUBREC', 'PUBREL', 'PUBCOMP', 'UNSUBACK', 'AUTH', 'DISCONNECT', 'SUBACK'] },
  0x01: { name: 'Granted QoS 1', packets: ['SUBACK'] },
  0x02: { name: 'Granted QoS 2', packets: ['SUBACK'] },
  0x04: { name: 'Disconnect with Will Message', packets: ['DISCONNECT'] },
  0x10: { name: 'No matching subscribers', packets: ['PUBACK', 'PUBREC'] },
  0x11: { name: 'No subscription existed', packets: ['UNSUBACK'] },
  0x18: { name: 'Continue authentication', packets: ['AUTH'] },
  0x19: { name: 'Re-authenticate', packets: ['AUTH'] },
  0x80: { name: 'Unspecified error', packets: ['CONNACK', 'PUBACK', 'PUBREC', 'SUBACK', 'UNSUBACK', 'DISCONNECT'] },
  0x81: { name: 'Malformed Packet', packets: ['CONNACK', 'DISCONNECT'] },
  0x82: { name: 'Protocol Error', packets: ['CONNACK', 'DISCONNECT'] },
  0x83: { name: 'Implementation specific error', packets: ['CONNACK', 'PUBACK', 'PUBREC', 'SUBACK', 'UNSUBACK', 'DISCONNECT'] },
  0x84: { name: 'Unsupported Protocol Version', packets: ['CONNACK'] },
  0x85: { name: 'Client Identifier not valid', packets: ['CONNACK'] },
  0x86: { name: 'Bad User Name or Password', packets: ['CONNACK'] },
  0x87: { name: 'Not authorized', packets: ['CONNACK', 'PUBACK', 'PUBREC', 'SUBACK', 'UNSUBACK', 'DISCONNECT'] },
  0x88: { name: 'Server unavailable', packets: ['CONNACK'] },
  0x89: { name: 'Server busy', packets: ['CONNACK', 'DISCONNECT'] },
  0x8a: { name: 'Banned', packets: ['CONNACK'] },
  0x8b: { name: 'Server shutting down', packets: ['DISCONNECT'] },
  0x8c: { name: 'Bad authentication method', packets: ['CONNACK', 'DISCONNECT'] },
  0x8d: { name: 'Keep Alive timeout', packets: ['DISCONNECT'] },
  0x8e: { name: 'Session taken over', packets: ['DISCONNECT'] },
  0x8f: { name: 'Topic Filter invalid', packets: ['SUBACK', 'UNSUBACK', 'DISCONNECT'] },
  0x90: { name: 'Topic Name invalid', packets: ['CONNACK', 'PUBACK', 'PUBREC', 'DISCONNECT'] },
  0x91: { name: 'Packet Identifier in use', packets: ['PUBACK', 'PUBREC', 'SUBACK', 'UNSUBACK'] },
  0x92: { name: 'Packet Identifier not found', packets: ['PUBREL', 'PUBCOMP'] },
  0x93: { name: 'Receive Maximum exceeded', packets: ['DISCONNECT'] },
  0x94: { name: 'Topic Alias invalid', packets: ['DISCONNECT'] },
  0x95: { name: 'Packet too large', packets: ['CONNACK', 'DISCONNECT'] },
  0x96: { name: 'Message rate too high', packets: ['DISCONNECT'] },
  0x97: { name: 'Quota exceeded', packets: ['CONNACK', 'PUBACK', 'PUBREC', 'SUBACK', 'DISCONNECT'] },
  0x98: { name: 'Administrative action', packets: ['DISCONNECT'] },
  0x99: { name: 'Payload format invalid', packets: ['CONNACK', 'PUBACK', 'PUBREC', 'DISCONNECT'] },
  0x9a: { name: 'Retain not supported', packets: ['CONNACK', 'DISCONNECT'] },
  0x9b: { name: 'QoS not supported', packets: ['CONNACK', 'DISCONNECT'] },
  0x9c: { name: 'Use another server', packets: ['CONNACK', 'DISCONNECT'] },
  0x9d: { name: 'Server moved', packets: ['CONNACK', 'DISCONNECT'] },
  0x9e: { name: 'Shared Subscriptions not supported', packets: ['SUBACK', 'DISCONNECT'] },
  0x9f: { name: 'Connection rate exceeded', packets: ['CONNACK', 'DISCONNECT'] },
  0xa0: { name: 'Maximum connect time', packets: ['DISCONNECT'] },
  0xa1: { name: 'Subscription Identifiers not supported', packets: ['SUBACK', 'DISCONNECT'] },
  0xa2: { name: 'Wildcard Subscriptions not supported', packets: ['SUBACK', 'DISCONNECT'] },
};

/** MQTT 3.1.1 SUBACK return codes (§3.9.3). */
export const SUBACK_RETURN_CODES_V311: Readonly<Record<number, string>> = {
  0x00: 'Success - Maximum QoS 0',
  0x01: 'Success - Maximum QoS 1',
  0x02: 'Success - Maximum QoS 2',
  0x80: 'Failure',
};

/** The name of a CONNACK code under the given protocol version. */
export function connackCodeName(version: MqttVersion, code: number): string {
  const name = version === '5' ? REASON_CODES_V5[code]?.name : CONNACK_RETURN_CODES_V311[code];
  return name ?? `Unknown code ${formatCode(code)}`;
}

/** The name of a SUBACK code (granted QoS or failure) under the given protocol version. */
export function subackCodeName(version: MqttVersion, code: number): string {
  if (version === '5') {
    if (code === 0) return 'Granted QoS 0';
    return REASON_CODES_V5[code]?.name ?? `Unknown code ${formatCode(code)}`;
  }
  return SUBACK_RETURN_CODES_V311[code] ?? `Unknown code ${formatCode(code)}`;
}

/** The name of any MQTT 5 reason code (PUBACK, DISCONNECT, …). */
export function reasonCodeName(code: number): string {
  return REASON_CODES_V5[code]?.name ?? `Unknown code ${formatCode(code)}`;
}

/** `0x87` style, as the specification writes reason codes. */
export function formatCode(code: number): string {
  return `0x${code.toString(16).padStart(2, '0')}`;
}

/** A SUBACK code is a grant when it is below 0x80 (both versions). */
export const isGranted = (code: number): boolean => code < 0x80;
