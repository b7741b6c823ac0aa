/**
 * `window.keyhole` over the web host's WebSocket, built from the same contract as the preload,
 * so the renderer cannot tell the two hosts apart except through `app:info`. Isomorphic: it
 * takes the WebSocket constructor from the page (or a test) and uses no Node or DOM types.
 */
import { buildKeyholeApi, type ApiResult, type Channel, type KeyholeApi } from './contract';
import { createEventListeners } from './event-listeners';
import { TOKEN_PARAM, WS_PATH, type WsClientFrame, type WsHostFrame } from './ws-protocol';

/** The part of a WebSocket (browser or `ws`) this client uses. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export type WebSocketFactory = (url: string) => WebSocketLike;

/** Connection to the host: `open` once the socket is up, `closed` for good (the host stopped or refused). */
export type WsStatus = 'connecting' | 'open' | 'closed';

export interface WsKeyhole {
  api: KeyholeApi;
  /** Current status; `onStatus` reports every change. */
  status(): WsStatus;
  onStatus(listener: (status: WsStatus) => void): () => void;
  close(): void;
}

const OPEN = 1;

/**
 * The WebSocket URL for a page served by the web host: same host and port, `ws:`/`wss:`, and the
 * page's access token if its URL still has one (otherwise the host's cookie carries it).
 */
export function webSocketUrl(pageHref: string): string {
  const m = /^(https?):\/\/([^/?#]+)[^?#]*(\?[^#]*)?/.exec(pageHref);
  if (!m) throw new Error(`not an http(s) URL: ${pageHref}`);
  const scheme = m[1] === 'https' ? 'wss' : 'ws';
  const token = m[3] ? readParam(m[3].slice(1), TOKEN_PARAM) : null;
  return `${scheme}://${m[2]}${WS_PATH}${token ? `?${TOKEN_PARAM}=${encodeURIComponent(token)}` : ''}`;
}

function readParam(query: string, name: string): string | null {
  for (const part of query.split('&')) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    if (decodeURIComponent(key) === name) return eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1).replace(/\+/g, ' '));
  }
  return null;
}

function defaultFactory(): WebSocketFactory {
  const Ctor = (globalThis as { WebSocket?: new (url: string) => WebSocketLike }).WebSocket;
  if (!Ctor) throw new Error('no WebSocket in this runtime: pass `connect`');
  return (url) => new Ctor(url);
}

const lost = (message: string): ApiResult<never> => ({ ok: false, error: { code: 'internal', message } });

/**
 * Opens the WebSocket and returns a `KeyholeApi` over it. Requests made before the socket is open
 * wait for it; if the socket closes, pending and later requests resolve to an `internal` error
 * (never a rejection), and listeners stay registered but silent.
 */
export function createWsKeyhole(options: { url: string; connect?: WebSocketFactory }): WsKeyhole {
  const socket = (options.connect ?? defaultFactory())(options.url);
  let status: WsStatus = 'connecting';
  let nextId = 1;
  const pending = new Map<number, (result: ApiResult<unknown>) => void>();
  const queued: string[] = [];
  const listeners = createEventListeners();
  const statusListeners = new Set<(status: WsStatus) => void>();

  const setStatus = (next: WsStatus) => {
    if (status === next || status === 'closed') return;
    status = next;
    for (const l of [...statusListeners]) l(next);
  };

  socket.addEventListener('open', () => {
    setStatus('open');
    for (const frame of queued.splice(0)) socket.send(frame);
  });
  const onGone = () => {
    setStatus('closed');
    queued.length = 0;
    for (const [id, resolve] of [...pending]) {
      pending.delete(id);
      resolve(lost('the connection to the Keyhole host was lost'));
    }
  };
  socket.addEventListener('close', onGone);
  socket.addEventListener('error', onGone);
  socket.addEventListener('message', (event) => {
    if (typeof event.data !== 'string') return;
    let frame: WsHostFrame;
    try {
      frame = JSON.parse(event.data) as WsHostFrame;
    } catch {
      return;
    }
    if (frame.type === 'response') {
      const resolve = pending.get(frame.id);
      pending.delete(frame.id);
      resolve?.(frame.result);
    } else if (frame.type === 'event') {
      listeners.emit(frame.event, frame.payload);
    }
  });

  const invoke = (channel: Channel, payload: unknown): Promise<unknown> => {
    if (status === 'closed') return Promise.resolve(lost('not connected to the Keyhole host'));
    const id = nextId++;
    const frame: WsClientFrame = { type: 'request', id, channel, payload };
    const text = JSON.stringify(frame);
    return new Promise((resolve) => {
      pending.set(id, resolve);
      if (socket.readyState === OPEN) socket.send(text);
      else queued.push(text);
    });
  };

  const api = buildKeyholeApi({
    invoke,
    on: listeners.on,
    // A browser never reveals a file's path; the bytes go through `files:import` instead.
    pathForFile: () => null,
  });

  return {
    api,
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => {
        statusListeners.delete(listener);
      };
    },
    close() {
      socket.close(1000, 'closed by the page');
      onGone();
    },
  };
}
