import { z } from 'zod';

/**
 * How MQTT travels: over TCP (`mqtt`), TLS (`mqtts`), a WebSocket (`ws`, MQTT 5.0 §6 / 3.1.1
 * §6) or a WebSocket over TLS (`wss`).
 */
export const Protocol = z.enum(['mqtt', 'mqtts', 'ws', 'wss']);
export type Protocol = z.infer<typeof Protocol>;

/** Whether the transport runs TLS (and so uses the CA, the client identity and the TLS options). */
export const usesTls = (protocol: Protocol): boolean => protocol === 'mqtts' || protocol === 'wss';

/** Whether MQTT goes inside a WebSocket (an HTTP upgrade first, then binary frames). */
export const isWebSocket = (protocol: Protocol): boolean => protocol === 'ws' || protocol === 'wss';

/**
 * The port each scheme means when a URL names none: 1883 and 8883 are IANA's MQTT ports; a
 * WebSocket URL means HTTP's 80 and 443 (RFC 6455 §3), whatever port a broker's own
 * WebSocket listener uses.
 */
export const DEFAULT_PORTS: Readonly<Record<Protocol, number>> = { mqtt: 1883, mqtts: 8883, ws: 80, wss: 443 };

/** The WebSocket path when none is set: what EMQX, HiveMQ, mqtt.js and MQTT X use. */
export const DEFAULT_WS_PATH = '/mqtt';
