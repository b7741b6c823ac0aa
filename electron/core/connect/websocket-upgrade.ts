// The WebSocket upgrade of ws:// and wss:// (RFC 6455 §4) over a socket the probe already
// owns: `ws` writes its HTTP request on that socket (createConnection hands it over), and every
// answer is judged here from the status, the headers and Node's error codes, never from `ws`'s
// error messages. MQTT then runs over the WebSocket as a stream (MQTT 5.0 §6, 3.1.1 §6).
import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import WebSocket, { createWebSocketStream } from 'ws';
import type { Evidence } from '../../../shared/connect/report';

export type UpgradeFacts = NonNullable<Evidence['websocket']>;

/** Why the upgrade did not open a WebSocket. */
export type UpgradeFailure =
  /** An HTTP answer other than 101 (the status is in the facts). */
  | { reason: 'status' }
  /** Bytes that are not HTTP (Node's parser code, e.g. HPE_INVALID_CONSTANT) */
  | { reason: 'not-http'; errorCode: string; firstBytesHex: string | null }
  /** The connection ended before any answer. */
  | { reason: 'no-answer'; errorCode: string | null }
  /** A 101 whose Sec-WebSocket-Accept is not derived from our key: not a WebSocket server. */
  | { reason: 'accept-invalid' }
  /** A 101 without Upgrade: websocket, or with an extension we did not offer. */
  | { reason: 'invalid-upgrade' }
  /** A 101 that did not choose the "mqtt" subprotocol. */
  | { reason: 'subprotocol' };

export interface UpgradeTarget {
  /** The ws:// or wss:// URL to request (its host and port make the Host header). */
  url: string;
}

export interface UpgradeHandlers {
  /** The request went out on the socket. */
  requestSent(): void;
  /** The upgrade succeeded: MQTT runs over this stream. */
  opened(stream: Duplex, ws: WebSocket): void;
  failed(failure: UpgradeFailure): void;
}

/** The subprotocol MQTT over WebSocket uses (MQTT 5.0 §6, 3.1.1 §6). */
export const MQTT_SUBPROTOCOL = 'mqtt';

/** RFC 6455 §1.3: the GUID appended to the client's key for Sec-WebSocket-Accept. */
const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** Headers of a refusal worth showing (who answered, what it wants, where it points). */
const TELLING_HEADERS = ['server', 'www-authenticate', 'proxy-authenticate', 'location', 'sec-websocket-version'];

const hex = (b: Uint8Array) => Buffer.from(b).subarray(0, 16).toString('hex').replace(/(..)/g, '$1 ').trim();

/** The expected Sec-WebSocket-Accept for a key (RFC 6455 §4.2.2 step 5.4). */
export const acceptFor = (key: string): string =>
  createHash('sha1')
    .update(key + WS_GUID)
    .digest('base64');

function telling(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of TELLING_HEADERS) {
    const v = headers[name];
    if (v !== undefined) out[name] = (Array.isArray(v) ? v.join(', ') : v).slice(0, 300);
  }
  return out;
}

/**
 * Sends the upgrade request on `socket` and reports what came back through `handlers` (one
 * of `opened` or `failed`, at most once). Returns the facts, filled in as the answer arrives,
 * and the WebSocket (for teardown).
 */
export function startUpgrade(socket: Socket, target: UpgradeTarget, handlers: UpgradeHandlers): { facts: UpgradeFacts; ws: WebSocket } {
  const facts: UpgradeFacts = {
    url: target.url,
    status: null,
    statusText: null,
    subprotocolOffered: MQTT_SUBPROTOCOL,
    subprotocolAnswered: null,
    acceptValid: null,
    headers: {},
  };
  let key = '';
  let settled = false;
  const fail = (f: UpgradeFailure) => {
    if (settled) return;
    settled = true;
    handlers.failed(f);
  };
  const ws = new WebSocket(target.url, [MQTT_SUBPROTOCOL], {
    createConnection: () => socket,
    // Compression is not MQTT's business; offering none keeps the answer to judge simple.
    perMessageDeflate: false,
    followRedirects: false,
    finishRequest: (request) => {
      key = String(request.getHeader('sec-websocket-key') ?? '');
      request.end();
      handlers.requestSent();
    },
  });
  ws.on('upgrade', (res) => {
    facts.status = res.statusCode ?? null;
    facts.statusText = res.statusMessage ?? null;
    facts.headers = telling(res.headers);
    const chosen = res.headers['sec-websocket-protocol'];
    facts.subprotocolAnswered = typeof chosen === 'string' ? chosen : null;
    facts.acceptValid = res.headers['sec-websocket-accept'] === acceptFor(key);
    // Judged here, before `ws` checks the same and destroys the socket with a code-less error.
    if (!facts.acceptValid) return fail({ reason: 'accept-invalid' });
    if (String(res.headers.upgrade ?? '').toLowerCase() !== 'websocket' || res.headers['sec-websocket-extensions'] !== undefined)
      return fail({ reason: 'invalid-upgrade' });
    if (facts.subprotocolAnswered !== MQTT_SUBPROTOCOL) return fail({ reason: 'subprotocol' });
  });
  ws.on('unexpected-response', (_req, res) => {
    facts.status = res.statusCode ?? null;
    facts.statusText = res.statusMessage ?? null;
    facts.headers = telling(res.headers);
    // The body is not read: the probe tears the socket down once the attempt has its verdict.
    res.resume();
    fail({ reason: 'status' });
  });
  ws.on('error', (e: Error & { code?: unknown; rawPacket?: unknown }) => {
    const code = typeof e.code === 'string' ? e.code : null;
    if (code?.startsWith('HPE_')) {
      const raw = e.rawPacket instanceof Uint8Array ? e.rawPacket : null;
      return fail({ reason: 'not-http', errorCode: code, firstBytesHex: raw && raw.length > 0 ? hex(raw) : null });
    }
    fail({ reason: 'no-answer', errorCode: code });
  });
  ws.once('open', () => {
    if (settled) return;
    settled = true;
    handlers.opened(createWebSocketStream(ws), ws);
  });
  return { facts, ws };
}
